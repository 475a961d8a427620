/**
 * webhooks.ts for a contract with webhook links, compiled under strict tsc with the generated client:
 * a link into an optional field is typed as possibly unavailable, a required one is not; hostile
 * link names stay inert; a contract without links gets no trace of them.
 */
import { describe, expect, it } from "vitest";
import { compileFiles, generateFromText } from "./support/compile-contract.js";

const SPEC = `openapi: 3.1.0
info: {title: links, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
        - {name: x-shop-id, in: header, schema: {type: string}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, required: [id], properties: {id: {type: string}}}}}
        "404": {description: unknown}
webhooks:
  order.paid:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [order_id]
              properties:
                order_id: {type: string}
                previous_id: {type: [string, "null"]}
                url: {type: string}
      responses:
        "200":
          description: ok
          links:
            order:
              operationId: getOrder
              parameters: {orderId: $request.body#/order_id, x-shop-id: $request.header.x-shop-id}
            previous:
              operationId: getOrder
              parameters: {orderId: $request.body#/previous_id}
            byUrl:
              operationId: getOrder
              x-url: $request.body#/url
            'x"; throw new Error("pwned"); "':
              operationId: getOrder
              parameters: {orderId: 'ord_{$request.body#/order_id}"; throw 1; "'}
            __proto__:
              operationId: getOrder
              parameters: {orderId: $request.body#/order_id}
  order.noted:
    post:
      requestBody:
        content: {application/json: {schema: {type: object}}}
      responses: {"200": {description: ok}}
`;

const USAGE = `import { type Client, createClient } from "./client.js";
import { createWebhookReceiver, type LinkClient, type WebhookEvent } from "./webhooks.js";
import type { LinkUnavailable } from "@contract/runtime/webhooks";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Followed<L> = L extends () => Promise<infer R> ? R : never;
type Links = WebhookEvent<"order.paid">["links"];
type Got = Awaited<ReturnType<Client["getOrder"]>>;

// A required field (and an optional parameter, left out when absent): exactly the client's result.
// A required parameter from an optional or nullable field, or a URL: that or LinkUnavailable.
export const required: Equal<Followed<Links["order"]>, Got> = true;
export const nullable: Equal<Followed<Links["previous"]>, Got | LinkUnavailable> = true;
export const byUrl: Equal<Followed<Links["byUrl"]>, Got | LinkUnavailable> = true;
export const proto: Equal<Followed<Links["__proto__"]>, Got> = true;
export const noLinks: Equal<WebhookEvent<"order.noted">["links"], Record<never, never>> = true;
export const anyClient: LinkClient = createClient({ throwOnError: true });

createWebhookReceiver({
  secret: "s",
  client: createClient(),
  handlers: {
    "order.paid": async (event) => {
      const previous = await event.links.previous();
      if ("unavailable" in previous) {
        const missing: string = previous.missing;
        void missing;
      } else if (previous.ok) {
        const id: string = previous.data.id;
        void id;
      }
    },
  },
});

createWebhookReceiver({
  secret: "s",
  handlers: {
    // Webhooks without links need no client.
    "order.noted": () => {},
    "order.paid": async (event) => {
      // @ts-expect-error no client: a link is not callable
      await event.links.order();
    },
  },
});
`;

describe("webhooks.ts with links compiles and types each link", () => {
  it("optional values, URLs and headers are typed as possibly unavailable; names stay inert", {
    timeout: 120_000,
  }, async () => {
    const { files, reported } = await generateFromText(SPEC);
    expect(reported.filter((d) => d.severity === "error")).toEqual([]);
    const webhooks = files["webhooks.ts"] ?? "";
    // Spec text reaches the file only inside JSON string literals.
    expect(webhooks).not.toMatch(/^[^"\n]*throw new Error/m);
    expect(webhooks).toContain('["__proto__"]: {');
    expect(await compileFiles(files, { "usage.ts": USAGE })).toEqual([]);
  });

  it("the hostile link's template is data: the generated module evaluates to a plain definition", async () => {
    const { files } = await generateFromText(SPEC);
    const webhooks = files["webhooks.ts"] ?? "";
    const start = webhooks.indexOf("  links: ");
    const end = webhooks.indexOf("\n};", start);
    const literal = webhooks.slice(start + "  links: ".length, end).replace(/,\s*$/, "");
    // The emitted literal is an expression with no calls or statements: evaluate it as data.
    const links = new Function(`return (${literal});`)() as Record<string, Record<string, unknown>>;
    const paid = links["order.paid"] ?? {};
    expect(Object.keys(paid)).toEqual([
      "order",
      "previous",
      "byUrl",
      'x"; throw new Error("pwned"); "',
      "__proto__",
    ]);
    expect(Object.getPrototypeOf(paid)).toBe(Object.prototype);
    expect(paid['x"; throw new Error("pwned"); "']).toEqual({
      method: "get",
      path: "/orders/{orderId}",
      parameters: {
        path: {
          orderId: { template: ["ord_", { from: "body", pointer: "/order_id" }, '"; throw 1; "'] },
        },
      },
    });
    expect(paid.byUrl).toEqual({
      method: "get",
      path: "/orders/{orderId}",
      url: { from: "body", pointer: "/url" },
    });
  });

  it("without the client generator, webhooks.ts leaves the links out and says why", {
    timeout: 120_000,
  }, async () => {
    const { files, reported } = await generateFromText(SPEC, {
      types: true,
      validators: true,
      webhooks: true,
    });
    expect(files["client.ts"]).toBeUndefined();
    expect(files["webhooks.ts"]).not.toMatch(/client\.js|LinkCall/);
    expect(reported.filter((d) => d.code.includes("link"))).toEqual([
      expect.objectContaining({ severity: "info", code: "webhook-links-without-client" }),
    ]);
    expect(await compileFiles(files)).toEqual([]);
  });

  it("a contract without links gets no link code (and no client import)", async () => {
    const withoutLinks = SPEC.replace(/\n {10}links:[\s\S]*?(?=\n {2}order\.noted:)/, "");
    expect(withoutLinks).not.toContain("links:");
    const { files } = await generateFromText(withoutLinks);
    const webhooks = files["webhooks.ts"] ?? "";
    expect(webhooks).not.toMatch(/links|client\.js|LinkCall/);
    expect(webhooks).toContain("export type WebhookHandlers = WebhookHandlerMap<WebhookPayloads>;");
  });
});

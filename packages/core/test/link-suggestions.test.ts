/**
 * Link suggestions (`check --suggest-links`): small specs written for these tests, each showing one
 * way a payload object is recognized, plus the cases that must not produce a suggestion.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { suggestLinks } from "../src/link-suggestions/index.js";
import { loadSpecFromString } from "../src/load/index.js";
import { validateSpec } from "../src/validate/index.js";

const ORDER = `
    Order:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        status: {type: string}
        total: {type: number}
        customer: {$ref: '#/components/schemas/Customer'}
    Customer:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
        email: {type: string}
        country: {type: string}`;

/** A shop: `order.paid` carries an Order by `$ref`; GET /orders/{orderId} returns one. */
function shop(options: { orderPath?: string; payloadOrder?: string; version?: string } = {}) {
  const version = options.version ?? "3.1.0";
  const webhooksKey = version.startsWith("3.0") ? "x-webhooks" : "webhooks";
  const orderPath = options.orderPath ?? "/orders/{orderId}";
  const param = /\{([^}]+)\}/.exec(orderPath)?.[1] ?? "orderId";
  return `openapi: ${version}
info: {title: Shop, version: 1.0.0}
paths:
  ${orderPath}:
    get:
      operationId: getOrder
      parameters:
        - {name: ${param}, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The order
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
  /customers/{customer_id}:
    get:
      operationId: getCustomer
      parameters:
        - {name: customer_id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: The customer
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Customer'}
${webhooksKey}:
  order.paid:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                type: {type: string}
                data: ${options.payloadOrder ?? "{$ref: '#/components/schemas/Order'}"}
      responses:
        '204': {description: Received}
components:
  schemas:${ORDER}
`;
}

async function suggestionsOf(text: string) {
  const loaded = await loadSpecFromString(text);
  return suggestLinks(loaded.document, { locate: loaded.locate });
}

describe("suggestLinks", () => {
  it("links a payload object given by $ref to the GET that returns it, its id to the path parameter", async () => {
    const text = shop();
    const suggestions = await suggestionsOf(text);
    const order = suggestions.find((s) => s.target.operationId === "getOrder");
    expect(order).toMatchObject({
      webhook: "order.paid",
      match: "same-ref",
      payloadPointer: "/data",
      status: "204",
      linksPointer: "/webhooks/order.paid/post/responses/204/links",
      link: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/id" } },
    });
    // Located at the webhook operation (`post:` under `order.paid:`).
    expect(order?.location?.line).toBe(text.split("\n").indexOf("    post:") + 1);
    // The nested customer is linkable too: `customer_id` names the `customer` object's `id`.
    const customer = suggestions.find((s) => s.target.operationId === "getCustomer");
    expect(customer?.link.parameters).toEqual({ customer_id: "$request.body#/data/customer/id" });
    expect(customer?.parameters[0]?.reason).toContain("suffix");
  });

  it("recognizes an inline copy that is structurally equal (annotations aside)", async () => {
    const inline = `{type: object, description: The paid order, required: [id, status], properties: {id: {type: string, example: o_1}, status: {type: string}, total: {type: number}, customer: {$ref: '#/components/schemas/Customer'}}}`;
    const [first] = (await suggestionsOf(shop({ payloadOrder: inline }))).filter(
      (s) => s.target.operationId === "getOrder",
    );
    expect(first?.match).toBe("structurally-equal");
    expect(first?.link.parameters).toEqual({ orderId: "$request.body#/data/id" });
  });

  it("recognizes an inline copy with most of the same properties as same-shape, and says how similar", async () => {
    const inline = `{type: object, properties: {id: {type: string}, status: {type: string, enum: [paid]}, total: {type: integer}, customer: {type: object}, paid_at: {type: string}}}`;
    const [first] = (await suggestionsOf(shop({ payloadOrder: inline }))).filter(
      (s) => s.target.operationId === "getOrder",
    );
    expect(first?.match).toBe("same-shape");
    expect(first?.similarity).toBe(0.8);
  });

  it("suggests nothing when a path parameter cannot be filled from the payload", async () => {
    const suggestions = await suggestionsOf(shop({ orderPath: "/stores/{store_id}/orders/{orderId}" }));
    expect(suggestions.filter((s) => s.target.operationId === "getOrder")).toEqual([]);
  });

  it("suggests nothing when the last path parameter does not name the matched object", async () => {
    // `/orders/{invoice_number}`: neither a field `invoice_number` nor an object named `invoice`.
    const suggestions = await suggestionsOf(shop({ orderPath: "/orders/{invoice_number}" }));
    expect(suggestions.filter((s) => s.target.operationId === "getOrder")).toEqual([]);
  });

  it("reads 3.0 `x-webhooks` too", async () => {
    const suggestions = await suggestionsOf(shop({ version: "3.0.3" }));
    expect(suggestions.map((s) => `${s.webhook} ${s.target.operationId}`).sort()).toEqual([
      "order.paid getCustomer",
      "order.paid getOrder",
    ]);
  });

  it("prints YAML that, pasted under the response's links, makes a valid spec with that Link Object", async () => {
    const text = shop();
    const suggestions = await suggestionsOf(text);
    expect(suggestions.length).toBeGreaterThan(0);
    const document = parse(text) as {
      webhooks: Record<string, { post: { responses: Record<string, Record<string, unknown>> } }>;
    };
    for (const s of suggestions) {
      const entry = parse(s.yaml) as Record<string, unknown>;
      expect(Object.keys(entry)).toEqual([s.name]);
      const response = document.webhooks[s.webhook]?.post.responses[s.status];
      if (!response) throw new Error(`no response ${s.status}`);
      response.links = { ...(response.links as object | undefined), ...entry };
    }
    const pasted = await loadSpecFromString(JSON.stringify(document), { path: "openapi.json" });
    const errors = validateSpec(pasted).filter((d) => d.severity !== "info");
    expect(errors).toEqual([]);
    expect(pasted.document.webhooks?.["order.paid"]).toMatchObject({
      post: { responses: { "204": { links: { data: { operationId: "getOrder" } } } } },
    });
  });

  it("matches one branch of a GET response that is one of several objects", async () => {
    const text = shop().replace(
      "              schema: {$ref: '#/components/schemas/Order'}",
      "              schema: {oneOf: [{$ref: '#/components/schemas/Order'}, {$ref: '#/components/schemas/Customer'}]}",
    );
    const order = (await suggestionsOf(text)).find((s) => s.target.operationId === "getOrder");
    expect(order).toMatchObject({ match: "same-ref", payloadPointer: "/data" });
  });

  it("stops at recursive schemas", async () => {
    const text = shop({
      payloadOrder: "{$ref: '#/components/schemas/Node'}",
    }).replace(
      "  schemas:",
      "  schemas:\n    Node:\n      type: object\n      properties:\n        id: {type: string}\n        child: {$ref: '#/components/schemas/Node'}\n        order: {$ref: '#/components/schemas/Order'}",
    );
    const suggestions = await suggestionsOf(text);
    expect(suggestions.find((s) => s.target.operationId === "getOrder")?.payloadPointer).toBe("/data/order");
  });
});

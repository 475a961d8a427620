/**
 * Webhook links: Link Objects on a webhook's 2xx responses, checked against the target operation
 * and the webhook's payload schema. Each broken link gives one located finding of its own code.
 */
import { buildIR, type Diagnostic, loadSpecFromString, validateSpec, webhookLinks } from "@contract/core";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";

type Doc = Record<string, unknown>;

const LINK_CODES = [
  "link-target-unknown",
  "link-parameter-missing",
  "link-parameter-unknown",
  "link-pointer-unknown",
  "link-type-mismatch",
  "link-expression-invalid",
];

/** A shop: `order.paid` carries ids; the API has the details. */
function shop(links: Doc, extra: { payload?: Doc; openapi?: string } = {}): Doc {
  const webhookKey = extra.openapi?.startsWith("3.0") ? "x-webhooks" : "webhooks";
  return {
    openapi: extra.openapi ?? "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/orders/{orderId}": {
        parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string" } }],
        get: {
          operationId: "getOrder",
          parameters: [{ name: "expand", in: "query", schema: { type: "boolean" } }],
          responses: { "200": { description: "ok" } },
        },
      },
      "/items/{n}": {
        get: {
          operationId: "getItem",
          parameters: [{ name: "n", in: "path", required: true, schema: { type: "integer" } }],
          responses: { "200": { description: "ok" } },
        },
      },
    },
    [webhookKey]: {
      "order.paid": {
        post: {
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: extra.payload ?? { $ref: "#/components/schemas/Paid" } },
            },
          },
          responses: { "2XX": { description: "ok", links } },
        },
      },
    },
    components: {
      schemas: {
        Paid: {
          type: "object",
          required: ["data"],
          properties: {
            data: {
              type: "object",
              required: ["order_id", "count"],
              properties: {
                order_id: { type: "string" },
                count: { type: "integer" },
                note: { type: "string" },
              },
            },
          },
        },
      },
    },
  };
}

async function load(doc: Doc) {
  return loadSpecFromString(stringify(doc), { path: "/virtual/openapi.yaml" });
}

async function linkFindings(doc: Doc): Promise<Diagnostic[]> {
  return validateSpec(await load(doc)).filter((d) => LINK_CODES.includes(d.code));
}

const at = "/webhooks/order.paid/post/responses/2XX/links";

describe("webhook links: check", () => {
  it("accepts a link by operationId whose pointer reaches a required string", async () => {
    const doc = shop({
      order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/order_id" } },
    });
    expect(await linkFindings(doc)).toEqual([]);
    const { links } = webhookLinks(buildIR((await load(doc)).document));
    expect(links.map((l) => [l.name, l.target.id, l.mayBeUnavailable])).toEqual([
      ["order", "getOrder", false],
    ]);
  });

  it("accepts operationRef, qualified parameter names, constants and templates", async () => {
    const doc = shop({
      order: {
        operationRef: "#/paths/~1orders~1%7BorderId%7D/get",
        parameters: { "path.orderId": "ord_{$request.body#/data/order_id}", expand: true },
      },
    });
    expect(await linkFindings(doc)).toEqual([]);
    const [link] = webhookLinks(buildIR((await load(doc)).document)).links;
    expect(link?.parameters.map((p) => [p.in, p.name, p.expression.kind])).toEqual([
      ["path", "orderId", "template"],
      ["query", "expand", "constant"],
    ]);
  });

  it("types a pointer into an optional field as possibly absent", async () => {
    const doc = shop({
      order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/note" } },
    });
    expect(await linkFindings(doc)).toEqual([]);
    expect(webhookLinks(buildIR((await load(doc)).document)).links[0]?.mayBeUnavailable).toBe(true);
  });

  it("reports an unknown operation, located in the source", async () => {
    const [finding, ...rest] = await linkFindings(shop({ order: { operationId: "getOrdr" } }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ code: "link-target-unknown", pointer: `${at}/order/operationId` });
    expect(finding?.message).toContain("getOrdr");
    expect(finding?.location).toMatchObject({ file: "/virtual/openapi.yaml" });
    expect(finding?.location?.line).toBeGreaterThan(1);
  });

  it("reports an operationRef that is not an operation", async () => {
    const found = await linkFindings(shop({ order: { operationRef: "#/paths/~1nowhere/get" } }));
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ["link-target-unknown", `${at}/order/operationRef`],
    ]);
  });

  it("reports a required parameter the link does not supply", async () => {
    const found = await linkFindings(
      shop({ order: { operationId: "getOrder", parameters: { expand: true } } }),
    );
    expect(found.map((d) => [d.code, d.pointer])).toEqual([["link-parameter-missing", `${at}/order`]]);
    expect(found[0]?.message).toContain('"orderId"');
  });

  it("reports a parameter the target does not have", async () => {
    const found = await linkFindings(
      shop({ order: { operationId: "getOrder", parameters: { orderId: "x", orderID: "y" } } }),
    );
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ["link-parameter-unknown", `${at}/order/parameters/orderID`],
    ]);
  });

  it("reports a pointer to a field the payload does not have", async () => {
    const found = await linkFindings(
      shop({ order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/orderId" } } }),
    );
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ["link-pointer-unknown", `${at}/order/parameters/orderId`],
    ]);
    expect(found[0]?.message).toContain("/data/orderId");
  });

  it("reports a value whose type the parameter does not accept", async () => {
    const found = await linkFindings(
      shop({
        item: { operationId: "getItem", parameters: { n: "$request.body#/data/order_id" } },
        order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/count" } },
      }),
    );
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ["link-type-mismatch", `${at}/item/parameters/n`],
      ["link-type-mismatch", `${at}/order/parameters/orderId`],
    ]);
  });

  it("refuses expressions a delivery has no value for", async () => {
    const found = await linkFindings(
      shop({
        a: { operationId: "getOrder", parameters: { orderId: "$response.body#/id" } },
        b: { operationId: "getOrder", parameters: { orderId: "$url" } },
        c: { operationId: "getOrder", parameters: { orderId: "$request.body#data" } },
        d: { operationId: "getOrder", parameters: { orderId: "x{$request.body#/data/order_id" } },
      }),
    );
    expect(found.map((d) => d.code)).toEqual(Array(4).fill("link-expression-invalid"));
  });

  it("follows allOf and requires the field in every oneOf branch", async () => {
    const paid = { $ref: "#/components/schemas/Paid" };
    const merged = shop(
      { order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/order_id" } } },
      { payload: { allOf: [{ type: "object", properties: { type: { const: "order.paid" } } }, paid] } },
    );
    expect(await linkFindings(merged)).toEqual([]);
    const branches = shop(
      { order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/order_id" } } },
      { payload: { oneOf: [paid, { type: "object", properties: { data: { type: "object" } } }] } },
    );
    expect((await linkFindings(branches)).map((d) => d.code)).toEqual(["link-pointer-unknown"]);
  });

  it("reads a 3.0 document's x-webhooks the same way", async () => {
    const good = shop(
      { order: { operationId: "getOrder", parameters: { orderId: "$request.body#/data/order_id" } } },
      { openapi: "3.0.3" },
    );
    expect(await linkFindings(good)).toEqual([]);
    expect(webhookLinks(buildIR((await load(good)).document)).links).toHaveLength(1);
    const bad = shop({ order: { operationId: "nope" } }, { openapi: "3.0.3" });
    expect((await linkFindings(bad)).map((d) => d.code)).toEqual(["link-target-unknown"]);
  });
});

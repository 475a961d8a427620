import { describe, expect, it } from "vitest";
import { createBudget } from "../src/paths/budget.js";
import { evaluate } from "../src/paths/links.js";
import { bodyValue, type PlannedRequest, type RequestContext } from "../src/paths/request.js";
import { createValidator } from "../src/paths/schema-check.js";
import { isInsideBase } from "../src/paths/send.js";

const document = {
  openapi: "3.1.0",
  paths: {},
  components: {
    schemas: {
      Order: {
        type: "object",
        required: ["id", "items", "password"],
        properties: {
          id: { type: "string", readOnly: true },
          password: { $ref: "#/components/schemas/Secret" },
          items: { type: "array", items: { $ref: "#/components/schemas/Line" } },
          created: { type: "string", format: "date-time" },
        },
      },
      Secret: { type: "string", writeOnly: true },
      Line: {
        type: "object",
        required: ["sku"],
        properties: { sku: { type: "string" }, qty: { type: "integer" } },
      },
    },
  },
};
const ORDER = "/components/schemas/Order";

describe("createValidator", () => {
  it("maps a nested error through $ref and array items to the spec keyword", () => {
    const validate = createValidator(document, "response");
    expect(validate(ORDER, { id: "o1", items: [{ sku: "a" }, { qty: 1 }] })).toEqual([
      {
        instancePointer: "/items/1",
        specPointer: "/components/schemas/Line/required",
        message: 'missing required property "sku"',
        keyword: "required",
      },
    ]);
    expect(validate(ORDER, { id: "o1", items: [{ sku: "a", qty: "x" }] })[0]).toMatchObject({
      instancePointer: "/items/0/qty",
      specPointer: "/components/schemas/Line/properties/qty/type",
    });
  });
  it("checks formats", () => {
    const validate = createValidator(document, "response");
    expect(validate(ORDER, { id: "o1", items: [], created: "yesterday" })[0]).toMatchObject({
      instancePointer: "/created",
      keyword: "format",
    });
  });
  it("a response need not carry a required writeOnly property (through $ref), a request a readOnly one", () => {
    expect(createValidator(document, "response")(ORDER, { id: "o1", items: [] })).toEqual([]);
    expect(createValidator(document, "request")(ORDER, { items: [], password: "pw" })).toEqual([]);
    expect(createValidator(document, "request")(ORDER, { items: [] })[0]?.message).toBe(
      'missing required property "password"',
    );
    expect(createValidator(document, "response")(ORDER, { items: [] })[0]?.message).toBe(
      'missing required property "id"',
    );
  });
});

describe("link runtime expressions", () => {
  const request: PlannedRequest = {
    method: "POST",
    url: "http://h/orders?x=1",
    headers: { "x-trace": "t1" },
    params: { path: { shop: "s1" }, query: { x: 1 }, header: {}, cookie: {} },
    bodyValue: { note: "n" },
  };
  const headers = new Headers({ location: "/orders/o9" });
  const body = { id: "o9", lines: [{ sku: "tea" }], "a/b": 1 };
  it.each([
    ["$response.body#/id", "o9"],
    ["$response.body#/lines/0/sku", "tea"],
    ["$response.body#/a~1b", 1],
    ["$response.body#/missing", undefined],
    ["$response.header.Location", "/orders/o9"],
    ["$request.path.shop", "s1"],
    ["$request.query.x", 1],
    ["$request.header.X-Trace", "t1"],
    ["$request.body#/note", "n"],
    ["$statusCode", 201],
    ["$method", "POST"],
    ["constant", "constant"],
  ])("%s", (expression, expected) => {
    expect(evaluate(expression, request, 201, headers, body)).toEqual(expected);
  });
});

describe("isInsideBase", () => {
  it.each([
    ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1/orders", true],
    ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v1", true],
    ["http://127.0.0.1:1/v1", "http://127.0.0.1:1/v10/orders", false],
    ["http://127.0.0.1:1/v1", "http://127.0.0.1:2/v1/orders", false],
    ["http://127.0.0.1:1/v1", "https://127.0.0.1:1/v1/orders", false],
    ["http://127.0.0.1:1", "http://127.0.0.1:1/anything", true],
    ["http://127.0.0.1:1/v1", "http://evil.example/v1/orders", false],
  ])("%s → %s: %s", (base, url, inside) => {
    expect(isInsideBase(base, url)).toBe(inside);
  });
});

describe("createBudget", () => {
  it("never has more than `concurrency` in flight and refuses past maxRequests", async () => {
    const budget = createBudget({ concurrency: 2, maxRequests: 5 });
    let inFlight = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const task = async () => {
      if (!(await budget.take())) return false;
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight--;
      budget.release();
      return true;
    };
    let settled = 0;
    const runs = Array.from({ length: 7 }, () => task().finally(() => settled++));
    // Open the gates one by one until every task has finished.
    while (settled < runs.length) {
      await new Promise((resolve) => setImmediate(resolve));
      gates.shift()?.();
    }
    const results = await Promise.all(runs);
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(budget.refused).toBe(2);
    expect(peak).toBe(2);
  });
});

describe("bodyValue", () => {
  it("passes over an example JSON would change (YAML's .nan) for a value sent as it is", () => {
    const spec = {
      openapi: "3.1.0",
      paths: {},
      components: {
        schemas: {
          Reading: { type: "object", required: ["celsius"], properties: { celsius: { type: "number" } } },
        },
      },
    };
    const media = {
      mediaType: "application/json",
      schema: { $ref: "#/components/schemas/Reading" },
      schemaPointer: "/components/schemas/Reading",
      pointer: "/media",
    };
    // The media type's own example, as YAML reads `celsius: .nan`.
    (spec as Record<string, unknown>).media = { example: { celsius: Number.NaN } };
    const ctx = {
      document: spec,
      validateRequest: createValidator(spec, "request"),
    } as unknown as RequestContext;
    const value = bodyValue({ id: "takeReading" } as never, media, ctx, "1", 0) as { celsius: unknown };
    expect(Number.isFinite(value.celsius)).toBe(true);
  });
});

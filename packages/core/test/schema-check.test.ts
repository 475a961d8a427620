import { describe, expect, it } from "vitest";
import { createSchemaChecker, documentFor } from "../src/schema-check/index.js";

const document = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  components: {
    schemas: {
      Order: {
        type: "object",
        required: ["id", "password", "lines"],
        properties: {
          id: { type: "string", readOnly: true },
          password: { $ref: "#/components/schemas/Secret" },
          lines: { type: "array", items: { $ref: "#/components/schemas/Line" } },
        },
      },
      Secret: { type: "string", writeOnly: true },
      // The same object in every direction: only what it names changes.
      Wrapper: {
        type: "object",
        required: ["line"],
        properties: { line: { $ref: "#/components/schemas/Line" } },
      },
      // Line changes per direction; Order (which names it) does not.
      Line: {
        type: "object",
        required: ["lineId", "sku"],
        properties: { lineId: { type: "integer", readOnly: true }, sku: { type: "string" } },
      },
      Payment: {
        oneOf: [
          {
            type: "object",
            required: ["token", "card"],
            properties: { token: { readOnly: true }, card: {} },
          },
          { type: "object", required: ["iban"], properties: { iban: { type: "string" } } },
        ],
      },
    },
  },
};
const ORDER = "/components/schemas/Order";
const missing = (issues: { keyword: string; params: Record<string, unknown> }[]) =>
  issues.filter((i) => i.keyword === "required").map((i) => i.params.missingProperty);

describe("createSchemaChecker: directions", () => {
  const checker = createSchemaChecker(document, { allErrors: true });

  it("a request need not carry a required readOnly property, a response a writeOnly one (through $ref)", () => {
    expect(checker(ORDER, "request")({ password: "pw", lines: [] })).toEqual([]);
    expect(checker(ORDER, "response")({ id: "o1", lines: [] })).toEqual([]);
    expect(missing(checker(ORDER, "request")({ id: "o1", lines: [] }))).toEqual(["password"]);
    expect(missing(checker(ORDER, "response")({ password: "pw", lines: [] }))).toEqual(["id"]);
  });

  it("without a direction every required property is required", () => {
    expect(missing(checker(ORDER)({ lines: [] }))).toEqual(["id", "password"]);
  });

  it("one checker keeps the directions apart in schemas reached by $ref from unchanged ones", () => {
    const order = { id: "o1", password: "pw", lines: [{ sku: "tea" }] };
    expect(checker(ORDER, "request")(order)).toEqual([]);
    expect(missing(checker(ORDER, "response")(order))).toEqual(["lineId"]);
    expect(missing(checker(ORDER)(order))).toEqual(["lineId"]);
    expect(checker(ORDER, "request")(order)).toEqual([]);
  });

  it("keeps the directions apart in a schema every view shares, whatever is checked first", () => {
    const value = { line: { sku: "tea" } };
    for (const first of ["request", "response", undefined] as const) {
      const fresh = createSchemaChecker(document);
      fresh("/components/schemas/Wrapper", first)(value);
      expect(fresh("/components/schemas/Wrapper", "request")(value)).toEqual([]);
      expect(missing(fresh("/components/schemas/Wrapper", "response")(value))).toEqual(["lineId"]);
      expect(missing(fresh("/components/schemas/Wrapper")(value))).toEqual(["lineId"]);
    }
  });

  it("applies inside oneOf branches too", () => {
    expect(checker("/components/schemas/Payment", "request")({ card: {} })).toEqual([]);
    expect(checker("/components/schemas/Payment", "response")({ card: {} }).length).toBeGreaterThan(0);
  });

  it("points at the keyword in the spec, in either direction", () => {
    const issues = checker(ORDER, "response")({ id: "o1", lines: [{ lineId: 1 }] });
    expect(issues).toEqual([
      {
        pointer: "/lines/0",
        keyword: "required",
        message: "must have required property 'sku'",
        params: { missingProperty: "sku" },
        schemaPointer: "/components/schemas/Line/required",
      },
    ]);
  });

  it("compiles a schema once per direction", () => {
    expect(checker(ORDER, "request")).toBe(checker(ORDER, "request"));
    expect(checker(ORDER, "request")).not.toBe(checker(ORDER, "response"));
  });
});

describe("documentFor", () => {
  it("shortens `required` without touching the document, and shares what does not change", () => {
    const before = JSON.stringify(document);
    const request = documentFor(document, "request") as typeof document;
    expect(JSON.stringify(document)).toBe(before);
    expect(request.components.schemas.Line.required).toEqual(["sku"]);
    expect(request.components.schemas.Order.required).toEqual(["password", "lines"]);
    expect(request.components.schemas.Secret).toBe(document.components.schemas.Secret);
    expect(request.info).toBe(document.info);
  });

  it("leaves a cycle of objects (a YAML alias cycle) as it is", () => {
    const schema: Record<string, unknown> = {
      type: "object",
      required: ["id"],
      properties: { id: { readOnly: true } },
    };
    schema.self = schema;
    const copy = documentFor(schema, "request") as Record<string, unknown>;
    expect(copy.required).toEqual([]);
    expect(copy.self).toBe(schema);
  });

  it("keeps a property named __proto__ an own property of the copy", () => {
    const schema = JSON.parse(
      '{"type":"object","required":["id"],"properties":{"id":{"readOnly":true},"__proto__":{"type":"object","required":["id"],"properties":{"id":{"readOnly":true}}}}}',
    ) as Record<string, unknown>;
    const copy = documentFor(schema, "request") as { properties: Record<string, unknown> };
    expect(Object.hasOwn(copy.properties, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(copy.properties)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy.properties, "__proto__")?.value).toMatchObject({
      required: [],
    });
  });
});

describe("patterns valid only without the u flag", () => {
  // `check` lets such patterns through with a warning (pattern-non-unicode) because the generated
  // validators compile them without the flag; the in-process checks of trigger, verify and mock must
  // read them the same way instead of throwing on them.
  const spec = {
    openapi: "3.1.0",
    components: {
      schemas: {
        Slug: { type: "string", pattern: "^[\\-\\_a-z]+$" },
        Tags: { type: "object", patternProperties: { "^[\\w-.]+$": { type: "integer" } } },
      },
    },
  };

  it("compiles them as the generated validators do", () => {
    const check = createSchemaChecker(spec);
    expect(check("/components/schemas/Slug", "request")("a-b_c")).toEqual([]);
    expect(check("/components/schemas/Slug", "request")("A!").map((i) => i.keyword)).toEqual(["pattern"]);
    expect(check("/components/schemas/Tags", "request")({ "a.b-c": 1 })).toEqual([]);
    expect(check("/components/schemas/Tags", "request")({ "a.b": "x" }).map((i) => i.keyword)).toEqual([
      "type",
    ]);
  });
});

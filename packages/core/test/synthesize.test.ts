import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../src/openapi.js";
import {
  createRandom,
  createSchemaChecker,
  mediaTypeExamples,
  payloadFor,
  stringForPatterns,
  synthesize,
} from "../src/synthesize/index.js";

/** Wraps schemas as components of a tiny document so `$ref`s and the checker work as in a spec. */
function doc(schemas: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { openapi: "3.1.0", info: { title: "t", version: "1" }, components: { schemas }, ...extra };
}

function expectValid(document: unknown, name: string, value: unknown) {
  const problems = createSchemaChecker(document)(`/components/schemas/${name}`)(value);
  expect(problems, JSON.stringify(value)).toEqual([]);
}

describe("synthesize", () => {
  const cases: Array<{ given: string; schema: unknown; want?: (v: unknown) => void }> = [
    { given: "const", schema: { const: "order.paid" }, want: (v) => expect(v).toBe("order.paid") },
    { given: "enum", schema: { enum: ["a", "b"] }, want: (v) => expect(["a", "b"]).toContain(v) },
    {
      given: "type array with null",
      schema: { type: ["null", "string"] },
      want: (v) => expect(typeof v).toBe("string"),
    },
    { given: "integer bounds", schema: { type: "integer", minimum: 10, maximum: 12 } },
    { given: "exclusive bounds", schema: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 } },
    { given: "multipleOf", schema: { type: "number", multipleOf: 0.01, minimum: 1, maximum: 2 } },
    { given: "integer multipleOf", schema: { type: "integer", multipleOf: 7, minimum: 100 } },
    { given: "string length", schema: { type: "string", minLength: 30, maxLength: 31 } },
    { given: "short max length", schema: { type: "string", maxLength: 2 } },
    // A date-time fixed at 25 characters, as UniCourt's description writes them.
    {
      given: "date-time of a fixed length",
      schema: { type: "string", format: "date-time", minLength: 25, maxLength: 25 },
    },
    {
      given: "date-time with fractional seconds",
      schema: { type: "string", format: "date-time", minLength: 24 },
    },
    {
      given: "time of a fixed length",
      schema: { type: "string", format: "time", minLength: 12, maxLength: 12 },
    },
    {
      // An AWS account id: the property's name is shorter than the fixed length (found on AppMesh).
      given: "fixed length longer than the property name",
      schema: {
        type: "object",
        required: ["meshOwner"],
        properties: { meshOwner: { type: "string", minLength: 12, maxLength: 12 } },
      },
    },
    { given: "currency pattern", schema: { type: "string", pattern: "^[A-Z]{3}$" } },
    { given: "id pattern", schema: { type: "string", pattern: "^ord_[A-Za-z0-9]+$" } },
    { given: "semver pattern", schema: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?$" } },
    { given: "alternation pattern", schema: { type: "string", pattern: "^(draft|open|closed)$" } },
    { given: "hex color", schema: { type: "string", pattern: "^#(?:[0-9a-fA-F]{3}){1,2}$" } },
    { given: "pattern with length", schema: { type: "string", pattern: "^[a-z]+$", minLength: 12 } },
    ...[
      "date-time",
      "date",
      "time",
      "email",
      "uri",
      "uri-reference",
      "uuid",
      "ipv4",
      "ipv6",
      "hostname",
      "byte",
    ].map((format) => ({ given: `format ${format}`, schema: { type: "string", format } })),
    {
      given: "array bounds + unique",
      schema: { type: "array", items: { enum: [1, 2, 3] }, minItems: 3, uniqueItems: true },
    },
    {
      given: "prefixItems closed",
      schema: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
    },
    { given: "contains", schema: { type: "array", contains: { const: 5 }, items: { type: "integer" } } },
    {
      given: "required + additionalProperties false",
      schema: {
        type: "object",
        required: ["a"],
        properties: { a: { type: "string" } },
        additionalProperties: false,
      },
    },
    {
      given: "minProperties from additionalProperties",
      schema: { type: "object", minProperties: 3, additionalProperties: { type: "integer" } },
    },
    {
      given: "patternProperties",
      schema: {
        type: "object",
        minProperties: 1,
        patternProperties: { "^x-[a-z]+$": { type: "boolean" } },
        additionalProperties: false,
      },
    },
    {
      given: "dependentRequired",
      schema: {
        type: "object",
        properties: { card: { type: "string" } },
        dependentRequired: { card: ["billing"] },
      },
    },
    {
      given: "allOf merge",
      schema: {
        allOf: [
          { type: "object", required: ["a"], properties: { a: { type: "integer", minimum: 5 } } },
          { properties: { a: { maximum: 6 } } },
        ],
      },
    },
    {
      given: "if/then",
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword under test
      schema: { if: { properties: { kind: { const: "x" } }, required: ["kind"] }, then: { required: ["x"] } },
    },
    { given: "anyOf", schema: { anyOf: [{ type: "string", format: "email" }, { type: "integer" }] } },
    { given: "oneOf scalars", schema: { oneOf: [{ type: "string" }, { type: "boolean" }] } },
    {
      given: "not type",
      schema: { type: ["string", "integer"], not: { type: "string" } },
      want: (v) => expect(typeof v).toBe("number"),
    },
    {
      given: "not const",
      schema: { enum: ["a", "b"], not: { const: "a" } },
      want: (v) => expect(v).toBe("b"),
    },
    { given: "not enum over a default", schema: { type: "string", default: "x", not: { enum: ["x"] } } },
    {
      given: "mutually exclusive properties (not required)",
      schema: {
        type: "object",
        properties: { card: { type: "string" }, iban: { type: "string" } },
        not: { required: ["card", "iban"] },
      },
      want: (v) => expect(Object.keys(v as object)).toEqual(["card"]),
    },
    {
      given: "property named __proto__",
      schema: { type: "object", required: ["__proto__"], properties: { __proto__: { type: "string" } } },
      want: (v) => expect(Object.getPrototypeOf(v)).toBe(Object.prototype),
    },
  ];
  for (const { given, schema, want } of cases) {
    it(`${given} → a valid value`, () => {
      const document = doc({ S: schema });
      const value = synthesize(schema as JsonSchema, document, { seed: 3 });
      expectValid(document, "S", value);
      want?.(value);
    });
  }

  it("keeps a oneOf object from also matching a sibling branch", () => {
    const document = doc({
      S: {
        oneOf: [
          {
            type: "object",
            required: ["kind"],
            properties: { kind: { const: "a" }, extra: { type: "string" } },
          },
          { type: "object", required: ["extra"], properties: { extra: { type: "string" } } },
        ],
      },
    });
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      expectValid(document, "S", synthesize({ $ref: "#/components/schemas/S" }, document, { seed }));
    }
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const schema = {
      type: "object",
      required: ["id", "n"],
      properties: { id: { type: "string", format: "uuid" }, n: { type: "integer" } },
    };
    const document = doc({ S: schema });
    expect(synthesize(schema, document, { seed: 42 })).toEqual(synthesize(schema, document, { seed: 42 }));
    const values = new Set(
      [1, 2, 3, 4, 5].map((seed) => JSON.stringify(synthesize(schema, document, { seed }))),
    );
    expect(values.size).toBeGreaterThan(1);
  });

  it("terminates on recursive schemas and stays valid", () => {
    const document = doc({
      Node: {
        type: "object",
        required: ["name", "children"],
        properties: {
          name: { type: "string" },
          children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
          parent: { $ref: "#/components/schemas/Node" },
        },
      },
      List: {
        type: "object",
        required: ["next"],
        properties: { next: { anyOf: [{ $ref: "#/components/schemas/List" }, { type: "null" }] } },
      },
    });
    const node = synthesize({ $ref: "#/components/schemas/Node" }, document);
    expectValid(document, "Node", node);
    const list = synthesize({ $ref: "#/components/schemas/List" }, document);
    expectValid(document, "List", list);
    expect(JSON.stringify(list).length).toBeLessThan(2000);
  });

  it("sets a discriminator to the mapping key of the chosen branch", () => {
    const document = doc({
      Pet: {
        oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
        discriminator: {
          propertyName: "kind",
          mapping: { cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog" },
        },
      },
      Cat: {
        type: "object",
        required: ["kind"],
        properties: { kind: { type: "string" }, meows: { type: "boolean" } },
      },
      Dog: {
        type: "object",
        required: ["kind"],
        properties: { kind: { type: "string" }, barks: { type: "boolean" } },
      },
    });
    for (const seed of [1, 2, 3, 4]) {
      const pet = synthesize({ $ref: "#/components/schemas/Pet" }, document, { seed }) as Record<
        string,
        unknown
      >;
      expect(pet.kind === "cat" ? "meows" in pet : "barks" in pet).toBe(true);
    }
  });

  it("leaves an inheritance discriminator whose property is an enum behind a $ref to the enum (found on Azure's Service Fabric)", () => {
    // The implicit value (the schema's name, `ServiceInfo`) is not one of the enum's values.
    const document = doc({
      ServiceKind: { type: "string", enum: ["Invalid", "Stateless", "Stateful"] },
      ServiceInfo: {
        type: "object",
        discriminator: { propertyName: "ServiceKind" },
        required: ["ServiceKind"],
        properties: { ServiceKind: { $ref: "#/components/schemas/ServiceKind" }, Name: { type: "string" } },
      },
    });
    for (const seed of [1, 2, 3]) {
      const info = synthesize({ $ref: "#/components/schemas/ServiceInfo" }, document, { seed });
      expectValid(document, "ServiceInfo", info);
    }
    // When the enum holds the schema's name, the name is the value, whatever the seed.
    const named = doc({
      Kind: { type: "string", enum: ["Stateless", "Stateful"] },
      Stateful: {
        type: "object",
        discriminator: { propertyName: "kind" },
        required: ["kind"],
        properties: { kind: { $ref: "#/components/schemas/Kind" } },
      },
    });
    for (const seed of [1, 2, 3, 4, 5])
      expect(synthesize({ $ref: "#/components/schemas/Stateful" }, named, { seed })).toEqual({
        kind: "Stateful",
      });
  });

  it("reuses a schema example only when it fits the schema", () => {
    const document = doc({
      S: {
        type: "object",
        required: ["login", "homepage"],
        properties: {
          login: { type: "string", examples: ["octocat"] },
          homepage: { type: "string", format: "uri", examples: [""] },
        },
      },
    });
    const value = synthesize({ $ref: "#/components/schemas/S" }, document) as Record<string, string>;
    expect(value.login).toBe("octocat");
    expect(value.homepage).toMatch(/^https:\/\//);
  });
});

describe("stringForPatterns", () => {
  it("answers undefined rather than a wrong string for what it cannot honour", () => {
    expect(stringForPatterns(["^(a)\\1$"], createRandom(1))).toBeUndefined();
    expect(stringForPatterns(["^[a-z]{3}$"], createRandom(1), { minLength: 5 })).toBeUndefined();
  });
});

describe("payloadFor", () => {
  const document = doc(
    {
      E: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "string", pattern: "^evt_" } },
        examples: [{ id: "evt_schema" }],
      },
    },
    {
      webhooks: {
        hook: {
          post: {
            requestBody: {
              content: {
                "application/json": {
                  schema: { $ref: "#/components/schemas/E" },
                  examples: { bad: { value: { id: "nope" } }, good: { $ref: "#/components/examples/Good" } },
                },
              },
            },
          },
        },
      },
    },
  );
  (document.components as Record<string, unknown>).examples = { Good: { value: { id: "evt_good" } } };
  const pointer = "/webhooks/hook/post/requestBody/content/application~1json";
  const media = { mediaType: "application/json", schema: { $ref: "#/components/schemas/E" }, pointer };
  const check = (value: unknown) =>
    createSchemaChecker(document)("/components/schemas/E")(value).map((p) => `${p.pointer} ${p.message}`);

  it("lists media-type examples (following $ref) before schema examples", () => {
    expect(mediaTypeExamples(document, pointer).map((e) => e.value)).toEqual([
      { id: "nope" },
      { id: "evt_good" },
      { id: "evt_schema" },
    ]);
  });

  it("skips examples that fail the check and says why", () => {
    const payload = payloadFor(document, media, { check });
    expect(payload.value).toEqual({ id: "evt_good" });
    expect(payload.source).toMatchObject({
      kind: "example",
      name: "good",
      pointer: "/components/examples/Good/value",
    });
    expect(payload.rejectedExamples[0]?.problem).toContain("/id");
  });

  it("takes a named example as is, and rejects an unknown name", () => {
    expect(payloadFor(document, media, { exampleName: "bad", check }).problems.length).toBeGreaterThan(0);
    expect(() => payloadFor(document, media, { exampleName: "missing" })).toThrow(/available: bad, good/);
  });

  it("synthesizes when asked to, valid and reproducible", () => {
    const a = payloadFor(document, media, { synthesizeOnly: true, seed: 9, check });
    expect(a.source.kind).toBe("synthesized");
    expect(a.problems).toEqual([]);
    expect(payloadFor(document, media, { synthesizeOnly: true, seed: 9, check }).value).toEqual(a.value);
  });
});

describe("createSchemaChecker: where an issue is in the schema", () => {
  const document = doc({
    Base: { type: "object", required: ["id"] },
    Event: {
      allOf: [
        { $ref: "#/components/schemas/Base" },
        { type: "object", properties: { data: { type: "object", properties: { n: { type: "integer" } } } } },
      ],
    },
    Named: { type: "object", required: ["constructor"] },
  });

  it("names the failing keyword's pointer in the document, through $ref and allOf", () => {
    const issues = createSchemaChecker(document, { allErrors: true })("/components/schemas/Event")({
      data: { n: "x" },
    });
    expect(issues.map((i) => [i.pointer, i.keyword, i.schemaPointer])).toEqual([
      ["", "required", "/components/schemas/Base/required"],
      ["/data/n", "type", "/components/schemas/Event/allOf/1/properties/data/properties/n/type"],
    ]);
  });

  it("stops at the first issue unless asked for all", () => {
    expect(createSchemaChecker(document)("/components/schemas/Event")({ data: { n: "x" } })).toHaveLength(1);
  });

  it("does not take inherited properties for required ones (as the generated validators)", () => {
    expect(createSchemaChecker(document)("/components/schemas/Named")({})[0]?.keyword).toBe("required");
  });
});

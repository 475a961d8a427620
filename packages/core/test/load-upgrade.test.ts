import { describe, expect, it } from "vitest";
import { loadSpecFromString } from "../src/load/index.js";
import { contractError } from "./support/load-helpers.js";

type Obj = Record<string, any>;

const doc30 = (components: Obj, extra: Obj = {}) =>
  JSON.stringify({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components, ...extra });

async function upgradedSchema(schema: Obj): Promise<unknown> {
  const spec = await loadSpecFromString(doc30({ schemas: { S: schema } }), { path: "/v/spec.json" });
  return ((spec.document.components?.schemas ?? {}) as Obj).S;
}

describe("3.0 schemas upgraded to 3.1", () => {
  const cases: Array<{ name: string; given: Obj; want: Obj }> = [
    { name: "nullable type", given: { type: "string", nullable: true }, want: { type: ["string", "null"] } },
    {
      name: "nullable: false is dropped",
      given: { type: "string", nullable: false },
      want: { type: "string" },
    },
    {
      name: "nullable enum gets null",
      given: { type: "string", enum: ["a", "b"], nullable: true },
      want: { type: ["string", "null"], enum: ["a", "b", null] },
    },
    {
      name: "nullable $ref becomes anyOf with null, annotations outside",
      given: { $ref: "#/components/schemas/T", nullable: true, description: "d" },
      want: { description: "d", anyOf: [{ $ref: "#/components/schemas/T" }, { type: "null" }] },
    },
    {
      name: "nullable allOf",
      given: { allOf: [{ $ref: "#/components/schemas/T" }], nullable: true },
      want: { anyOf: [{ allOf: [{ $ref: "#/components/schemas/T" }] }, { type: "null" }] },
    },
    {
      name: "nullable anyOf gets a null branch",
      given: { anyOf: [{ type: "string" }, { type: "integer" }], nullable: true },
      want: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
    },
    {
      name: "nullable without type or restriction already admits null",
      given: { nullable: true, description: "anything" },
      want: { description: "anything" },
    },
    {
      name: "exclusiveMinimum true",
      given: { type: "number", minimum: 0, exclusiveMinimum: true },
      want: { type: "number", exclusiveMinimum: 0 },
    },
    {
      name: "exclusiveMaximum false",
      given: { type: "number", maximum: 9, exclusiveMaximum: false },
      want: { type: "number", maximum: 9 },
    },
    {
      name: "example → examples",
      given: { type: "string", example: "x" },
      want: { type: "string", examples: ["x"] },
    },
    {
      name: "properties named like keywords are names",
      given: {
        type: "object",
        properties: {
          nullable: { type: "boolean", nullable: true },
          example: { type: "string", example: "e" },
          exclusiveMinimum: { type: "boolean" },
        },
      },
      want: {
        type: "object",
        properties: {
          nullable: { type: ["boolean", "null"] },
          example: { type: "string", examples: ["e"] },
          exclusiveMinimum: { type: "boolean" },
        },
      },
    },
    {
      name: "nested subschemas",
      given: {
        type: "array",
        items: {
          oneOf: [{ type: "integer", nullable: true }],
          not: { type: "string", nullable: true },
        },
        additionalProperties: { type: "number", minimum: 1, exclusiveMinimum: true },
      },
      want: {
        type: "array",
        items: { oneOf: [{ type: ["integer", "null"] }], not: { type: ["string", "null"] } },
        additionalProperties: { type: "number", exclusiveMinimum: 1 },
      },
    },
    {
      name: "example data is data",
      given: { type: "object", nullable: true, default: { nullable: true }, example: { nullable: true } },
      want: { type: ["object", "null"], default: { nullable: true }, examples: [{ nullable: true }] },
    },
  ];

  it.each(cases)("$name", async ({ given, want }) => {
    expect(await upgradedSchema(given)).toEqual(want);
  });

  it("walks schemas in parameters, headers, bodies, responses and callbacks, but keeps their `example`", async () => {
    const op = {
      parameters: [
        { name: "q", in: "query", example: "p", schema: { type: "string", nullable: true, example: "s" } },
      ],
      requestBody: {
        content: { "application/json": { example: { a: 1 }, schema: { type: "object", nullable: true } } },
      },
      responses: {
        200: {
          description: "ok",
          headers: { "X-Rate": { example: 5, schema: { type: "integer", nullable: true } } },
          content: { "text/plain": { schema: { type: "string", nullable: true } } },
        },
      },
      callbacks: {
        onEvent: {
          "{$request.body#/url}": {
            post: {
              requestBody: {
                content: { "application/json": { schema: { type: "string", nullable: true } } },
              },
              responses: { 200: { description: "ok" } },
            },
          },
        },
      },
    };
    const spec = await loadSpecFromString(doc30({}, { paths: { "/a": { get: op } } }), {
      path: "/v/spec.json",
    });
    const get = ((spec.document.paths?.["/a"] ?? {}) as Obj).get;
    expect(get.parameters[0]).toEqual({
      name: "q",
      in: "query",
      example: "p",
      schema: { type: ["string", "null"], examples: ["s"] },
    });
    expect(get.requestBody.content["application/json"]).toEqual({
      example: { a: 1 },
      schema: { type: ["object", "null"] },
    });
    expect(get.responses["200"].headers["X-Rate"]).toEqual({
      example: 5,
      schema: { type: ["integer", "null"] },
    });
    expect(get.responses["200"].content["text/plain"].schema.type).toEqual(["string", "null"]);
    const cb = get.callbacks.onEvent["{$request.body#/url}"].post;
    expect(cb.requestBody.content["application/json"].schema.type).toEqual(["string", "null"]);
  });

  it("moves x-webhooks to webhooks, webhooks winning on conflicts, and says so", async () => {
    const item = (id: string) => ({ post: { operationId: id, responses: { 200: { description: "ok" } } } });
    const text = JSON.stringify(
      {
        openapi: "3.0.1",
        info: { title: "t", version: "1" },
        paths: {},
        webhooks: { both: item("fromWebhooks") },
        "x-webhooks": { both: item("fromLegacy"), only: item("onlyLegacy") },
      },
      null,
      2,
    );
    const spec = await loadSpecFromString(text, { path: "/v/spec.json" });
    expect(spec.document.openapi).toBe("3.1.0");
    expect(spec.sourceVersion).toBe("3.0.1");
    expect(spec.document["x-webhooks"]).toBeUndefined();
    expect(((spec.document.webhooks?.both ?? {}) as Obj).post.operationId).toBe("fromWebhooks");
    expect(((spec.document.webhooks?.only ?? {}) as Obj).post.operationId).toBe("onlyLegacy");
    expect(spec.diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ["info", "upgraded-from-3.0"],
      ["warning", "x-webhooks-conflict"],
    ]);
    // Moved webhooks are located where they were written.
    const only = text.split("\n").findIndex((l) => l.includes('"only"')) + 1;
    expect(spec.locate("/webhooks/only")).toMatchObject({ file: "/v/spec.json", line: only });
    const conflict = text.split("\n").findIndex((l, i) => i > 10 && l.includes('"both"')) + 1;
    expect(spec.diagnostics[1]?.location).toMatchObject({ line: conflict });
  });

  it("emits exactly one upgrade notice, located at `openapi`", async () => {
    const spec = await loadSpecFromString("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", {
      path: "/v/spec.yaml",
    });
    expect(spec.diagnostics).toMatchObject([
      { severity: "info", code: "upgraded-from-3.0", pointer: "/openapi", location: { line: 1, col: 1 } },
    ]);
  });

  it.each([
    ["one JSON file", "/v/spec.json", (schemas: Obj) => doc30(schemas)],
    ["YAML with an alias", "/v/spec.yaml", (schemas: Obj) => yamlWithAlias(schemas)],
  ])(
    "keeps the document as written beside the upgraded one (%s), positions included",
    async (_, path, text) => {
      const schemas = { schemas: { S: { type: "string", nullable: true, example: "x" } } };
      const source = text(schemas);
      const spec = await loadSpecFromString(source, { path });
      expect((spec.document.components as Obj).schemas.S).toEqual({
        type: ["string", "null"],
        examples: ["x"],
      });
      expect(((spec.sourceDocument as Obj).components as Obj).schemas.S).toEqual(schemas.schemas.S);
      const line = source.split("\n").findIndex((l) => l.includes("nullable")) + 1;
      expect(spec.locateSource?.("/components/schemas/S/nullable")).toMatchObject({ line });
    },
  );

  it("keeps an own `__proto__` member of a 3.0 JSON document as a member of its copy", async () => {
    const text = doc30({
      schemas: { S: { type: "object", properties: { ["__proto__"]: { type: "string" } } } },
    });
    const spec = await loadSpecFromString(text, { path: "/v/spec.json" });
    const properties = ((spec.sourceDocument as Obj).components as Obj).schemas.S.properties as Obj;
    expect(Object.keys(properties)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });
});

/** A 3.0 YAML document whose `components` are given, plus an anchor used twice (objects shared). */
function yamlWithAlias(components: Obj): string {
  return [
    "openapi: 3.0.3",
    "info: {title: t, version: '1'}",
    "paths: {}",
    `components: ${JSON.stringify({ ...components, examples: { A: { value: 1 } } }, null, 1)}`,
    "x-shared: &shared {a: 1}",
    "x-again: *shared",
    "",
  ].join("\n");
}

describe("versions", () => {
  it("reads 3.1's nullable as 3.0 meant it, with one warning at the first", async () => {
    const spec = await loadSpecFromString(
      [
        "openapi: 3.1.1",
        "info: {title: t, version: '1'}",
        "components:",
        "  schemas:",
        "    A:",
        "      type: string",
        "      nullable: true",
        "    B:",
        "      $ref: '#/components/schemas/A'",
        "      nullable: true",
        "      description: d",
        "    C:",
        "      type: string",
        "      nullable: false",
        "",
      ].join("\n"),
      { path: "/v/spec.yaml" },
    );
    expect(spec.document.openapi).toBe("3.1.1");
    const schemas = (spec.document.components?.schemas ?? {}) as Obj;
    expect(schemas.A).toEqual({ type: ["string", "null"] });
    expect(schemas.B).toEqual({
      description: "d",
      anyOf: [{ $ref: "#/components/schemas/A" }, { type: "null" }],
    });
    expect(schemas.C).toEqual({ type: "string" });
    expect(spec.diagnostics).toMatchObject([
      {
        severity: "warning",
        code: "nullable-in-3.1",
        message: expect.stringMatching(/^3 schemas use `nullable`/),
        pointer: "/components/schemas/A/nullable",
        location: { line: 7, col: 7 },
      },
    ]);
  });

  it("reads 3.2 as 3.1 with an info", async () => {
    const spec = await loadSpecFromString("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", {
      path: "/v/spec.yaml",
    });
    expect(spec.sourceVersion).toBe("3.2.0");
    expect(spec.document.openapi).toBe("3.1.0");
    expect(spec.diagnostics).toMatchObject([{ severity: "info", code: "read-as-3.1" }]);
  });

  const refused = [
    {
      name: "Swagger 2.0",
      text: 'swagger: "2.0"\ninfo: {title: t, version: "1"}\n',
      code: "unsupported-version",
      message:
        /Swagger 2\.0 is not supported; convert it to OpenAPI 3\.x first \(e\.g\. with swagger2openapi\)/,
    },
    {
      name: "missing openapi",
      text: "info: {title: t, version: '1'}\n",
      code: "missing-openapi-version",
      message: /no "openapi" field/,
    },
    {
      name: "unknown version",
      text: "openapi: 4.0.0\ninfo: {title: t, version: '1'}\n",
      code: "unsupported-version",
      message: /"4\.0\.0" is not supported/,
    },
    {
      name: "version as a number",
      text: "openapi: 3.1\ninfo: {title: t, version: '1'}\n",
      code: "unsupported-version",
      message: /3\.1/,
    },
    {
      name: "not an object",
      text: "- a\n- b\n",
      code: "not-an-openapi-document",
      message: /expected an object/,
    },
  ];
  it.each(refused)("refuses $name with a ContractError", async ({ text, code, message }) => {
    const error = await contractError(loadSpecFromString(text, { path: "/v/spec.yaml" }));
    expect(error.message).toMatch(message);
    expect(error.diagnostics).toMatchObject([
      { severity: "error", code, location: { file: "/v/spec.yaml" } },
    ]);
  });
});

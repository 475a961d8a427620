/**
 * Structural validation: the vendored official schemas, the ajv `$dynamicRef` workaround, and the
 * collapse of ajv's raw errors into one readable error per problem.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type LoadedSpec, loadSpecFromString, type OpenApiDocument, validateSpec } from "@contract/core";
import { fixture, oasSchemaTests } from "@contract/test-fixtures";
import type { ValidateFunction } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  OAS_SCHEMA_FILES,
  type OasSchemaVersion,
  oasAjv,
  oasSchemaValidator,
  readOasSchema,
  withoutDynamicMetaRefs,
} from "../src/validate/schema/oas-schemas.js";
import { checkStructure } from "../src/validate/schema/structure.js";

const standaloneCode = standaloneModule.default;

async function schemaErrors(doc: Record<string, unknown>) {
  const loaded = await loadSpecFromString(stringify(doc), { path: "/virtual/openapi.yaml" });
  return validateSpec(loaded)
    .filter((d) => d.code === "oas-schema")
    .map(({ pointer, message, severity }) => ({ pointer, message, severity }));
}

/** A loaded spec as the loader would hand over a 3.0 document it kept before the upgrade. */
function with30Source(document: Record<string, unknown>): LoadedSpec {
  return {
    document: { openapi: "3.1.0" } as OpenApiDocument,
    sourceDocument: document as OpenApiDocument,
    sourceVersion: String(document.openapi),
    entry: "/virtual/openapi.yaml",
    files: [],
    diagnostics: [],
    locate: () => undefined,
    sourceText: () => undefined,
  } as LoadedSpec;
}

describe("vendored schemas", () => {
  // SHA-256 of the files published at spec.openapis.org (OAI/spec.openapis.org@a281a9180c9a,
  // oas/3.1/schema/2025-11-23 and oas/3.0/schema/2024-10-18).
  it.each([
    ["3.1", "1b8ccc6e34234b17536f2dd0eb3597142a32bd108438cd42471a5fca4c1a07ef"],
    ["3.0", "2385f5bbb8c37878daae73baeabe7f34b2f022a4a8c049329ee61f71796f039c"],
  ] as const)("%s is byte-identical to the published file", (version, published) => {
    const vendored = fileURLToPath(new URL(`../schemas/${OAS_SCHEMA_FILES[version]}`, import.meta.url));
    expect(createHash("sha256").update(readFileSync(vendored)).digest("hex")).toBe(published);
  });

  it("rewrites every $dynamicRef #meta, in memory only", () => {
    const raw = JSON.stringify(readOasSchema("3.1"));
    const fixed = JSON.stringify(withoutDynamicMetaRefs(readOasSchema("3.1")));
    expect(raw.match(/"\$dynamicRef":"#meta"/g)?.length).toBe(4);
    expect(fixed).not.toContain("$dynamicRef");
    expect(fixed.match(/"\$ref":"#\/\$defs\/schema"/g)?.length).toBe(4);
  });

  it("compiles each schema once per process", () => {
    expect(oasSchemaValidator("3.1")).toBe(oasSchemaValidator("3.1"));
    expect(oasSchemaValidator("3.0")).toBe(oasSchemaValidator("3.0"));
  });

  it("accepts Schema Objects in a 3.1 document (the $dynamicRef workaround)", async () => {
    const errors = await schemaErrors({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      components: { schemas: { A: { type: ["string", "null"] }, B: true } },
    });
    expect(errors).toEqual([]);
  });
});

describe("3.1 messages", () => {
  const info = { title: "t", version: "1" };

  it.each([
    {
      name: "missing required property",
      given: { openapi: "3.1.0", info: { title: "t" }, paths: {} },
      want: [{ pointer: "/info", message: "`info` is missing the required property `version`" }],
    },
    {
      name: "no container at all",
      given: { openapi: "3.1.0", info },
      want: [
        { pointer: "", message: "the document must have at least one of `paths`, `components`, `webhooks`" },
      ],
    },
    {
      name: "a typo in a response: one error, not the if/else and unevaluated noise",
      given: {
        openapi: "3.1.0",
        info,
        paths: { "/a": { get: { responses: { "200": { descripton: "ok" } } } } },
      },
      want: [
        {
          pointer: "/paths/~1a/get/responses/200",
          message: "`200` is missing the required property `description`",
        },
      ],
    },
    {
      name: "unknown property",
      given: {
        openapi: "3.1.0",
        info,
        components: { headers: { H: { schema: {}, allowReserved: true } } },
      },
      want: [
        {
          pointer: "/components/headers/H/allowReserved",
          message: "property `allowReserved` is not allowed in `H`",
        },
      ],
    },
    {
      name: "wrong enum value",
      given: {
        openapi: "3.1.0",
        info,
        components: { parameters: { P: { name: "p", in: "querry", schema: {} } } },
      },
      want: [
        {
          pointer: "/components/parameters/P/in",
          message: '`in` must be one of "query", "header", "path", "cookie", found "querry"',
        },
      ],
    },
    {
      name: "parameter with neither schema nor content",
      given: { openapi: "3.1.0", info, components: { parameters: { P: { name: "p", in: "query" } } } },
      want: [
        { pointer: "/components/parameters/P", message: "`P` must have exactly one of `schema`, `content`" },
      ],
    },
    {
      name: "path parameter not required",
      given: {
        openapi: "3.1.0",
        info,
        components: { parameters: { P: { name: "p", in: "path", schema: {} } } },
      },
      want: [
        { pointer: "/components/parameters/P", message: "`P` is missing the required property `required`" },
      ],
    },
    {
      name: "wrong type",
      given: { openapi: "3.1.0", info, paths: {}, servers: { url: "/" } },
      want: [{ pointer: "/servers", message: "`servers` must be an array, found an object" }],
    },
    {
      name: "example and examples together",
      given: {
        openapi: "3.1.0",
        info,
        components: { parameters: { P: { name: "p", in: "query", schema: {}, example: 1, examples: {} } } },
      },
      want: [
        {
          pointer: "/components/parameters/P",
          message: "`example` and `examples` cannot be used together in `P`",
        },
      ],
    },
  ])("$name", async ({ given, want }) => {
    expect(await schemaErrors(given)).toEqual(want.map((w) => ({ ...w, severity: "error" })));
  });

  it("locates schema errors in the source", async () => {
    const text =
      "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          descripton: ok\n";
    const loaded = await loadSpecFromString(text, { path: "/virtual/api.yaml" });
    const [d] = validateSpec(loaded).filter((x) => x.code === "oas-schema");
    expect(d?.location).toMatchObject({ file: "/virtual/api.yaml", line: 9 });
  });
});

describe("3.0 documents against the 3.0 schema", () => {
  const info = { title: "t", version: "1" };
  const messages = (doc: Record<string, unknown>) => checkStructure(with30Source(doc)).findings;

  it("is used when the pre-upgrade document is available", () => {
    const result = checkStructure(with30Source({ openapi: "3.0.3", info, paths: {} }));
    expect(result).toEqual({ version: "3.0", findings: [] });
  });

  it.each([
    {
      name: "path parameter without required: the matching `in` branch speaks, not the other three",
      given: {
        paths: {
          "/a/{id}": {
            get: {
              parameters: [{ name: "id", in: "path", schema: { type: "string" } }],
              responses: { "200": { description: "ok" } },
            },
          },
        },
      },
      want: [
        {
          pointer: "/paths/~1a~1{id}/get/parameters/0",
          message: "item 0 of `parameters` is missing the required property `required`",
        },
      ],
    },
    {
      name: "unknown `in`: one merged error",
      given: {
        paths: {
          "/a": {
            get: {
              parameters: [{ name: "q", in: "querry", schema: { type: "string" } }],
              responses: { "200": { description: "ok" } },
            },
          },
        },
      },
      want: [
        {
          pointer: "/paths/~1a/get/parameters/0/in",
          message: '`in` must be one of "path", "query", "header", "cookie"',
        },
      ],
    },
    {
      name: "3.1-style type array inside a 3.0 Schema Object",
      given: { paths: {}, components: { schemas: { A: { type: ["string", "null"] } } } },
      want: [{ pointer: "/components/schemas/A/type", message: "`type` must be a string, found an array" }],
    },
    {
      name: "Reference Object with a non-string $ref: no Schema-branch noise",
      given: {
        paths: {},
        components: { schemas: { A: { type: "object", properties: { a: { $ref: 5 } } } } },
      },
      want: [
        {
          pointer: "/components/schemas/A/properties/a/$ref",
          message: "`$ref` must be a string, found an integer (5)",
        },
      ],
    },
    {
      name: "paths is required in 3.0",
      given: {},
      want: [{ pointer: "", message: "the document is missing the required property `paths`" }],
    },
  ])("$name", ({ given, want }) => {
    expect(messages({ openapi: "3.0.3", info, ...given })).toEqual(want);
  });
});

describe("precompiled validators (what the build ships)", () => {
  const require = createRequire(import.meta.url);
  const standalone = (version: OasSchemaVersion) => {
    const { ajv, compile } = oasAjv(version, { standalone: true });
    const module = { exports: {} as unknown };
    new Function("require", "module", "exports", standaloneCode(ajv, compile()))(
      require,
      module,
      module.exports,
    );
    return module.exports as ValidateFunction;
  };
  const errorsOf = (fn: ValidateFunction, doc: unknown) =>
    fn(doc)
      ? []
      : (fn.errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword, e.params, e.schema, e.data]);

  const corpusDocs = (kind: "pass" | "fail") =>
    oasSchemaTests(kind).map((name) => parse(readFileSync(fixture(name), "utf8")));

  it.each(["3.1", "3.0"] as const)(
    "%s: report exactly what the in-process compilation reports",
    (version) => {
      const compiled = oasAjv(version).compile();
      const precompiled = standalone(version);
      const info = { title: "t", version: "1" };
      const docs =
        version === "3.1"
          ? [
              ...corpusDocs("pass"),
              ...corpusDocs("fail"),
              {
                openapi: "3.1.0",
                info,
                paths: { "/a": { get: { responses: { "200": { content: { "not a type": {} } } } } } },
              },
            ]
          : [
              { openapi: "3.0.3", info, paths: {} },
              {
                openapi: "3.0.3",
                info,
                paths: { "/a": { get: { parameters: [{ name: "q", in: "querry" }] } } },
              },
              {
                openapi: "3.0.3",
                info: { title: "t" },
                components: { schemas: { A: { type: ["string", "null"] } } },
              },
            ];
      let failing = 0;
      for (const doc of docs) {
        const want = errorsOf(compiled, doc);
        if (want.length > 0) failing++;
        expect(errorsOf(precompiled, doc)).toEqual(want);
      }
      expect(failing).toBeGreaterThan(1);
    },
  );
});

describe("3.0 documents as loaded: checked as written, against the 3.0 schema (#19)", () => {
  const files: Record<string, string> = {
    "/virtual/openapi.yaml": `openapi: 3.0.3
info:
  title: t
  version: "1"
paths: {}
x-webhooks:
  created:
    $ref: hooks.yaml
`,
    "/virtual/hooks.yaml": `post:
  parameters:
    - name: id
      schema:
        type: string
  responses:
    "200":
      description: ok
`,
  };
  const readFile = async (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
    return text;
  };
  const oasSchemaFindings = async (text: string, path = "/virtual/openapi.yaml") => {
    const loaded = await loadSpecFromString(text, { path, readFile });
    return validateSpec(loaded)
      .filter((d) => d.code === "oas-schema")
      .map(({ pointer, message, location }) => ({
        pointer,
        message,
        at: location && `${location.file}:${location.line}:${location.col}`,
      }));
  };

  it("accepts a Link parameter that is not a string (any value in 3.0)", async () => {
    const text = `openapi: 3.0.3
info:
  title: t
  version: "1"
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          links:
            next:
              operationId: getA
              parameters:
                instance: 0
`;
    expect(await oasSchemaFindings(text)).toEqual([]);
  });

  it("accepts allowReserved on a path parameter (the 3.0 schema allows it)", async () => {
    const text = `openapi: 3.0.3
info:
  title: t
  version: "1"
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          allowReserved: true
          schema:
            type: string
      responses:
        "200":
          description: ok
`;
    expect(await oasSchemaFindings(text)).toEqual([]);
  });

  it("still reports a real 3.0 schema error, located", async () => {
    const text = `openapi: 3.0.3
info:
  version: "1"
paths: {}
`;
    expect(await oasSchemaFindings(text)).toEqual([
      {
        pointer: "/info",
        message: "`info` is missing the required property `title`",
        at: "/virtual/openapi.yaml:2:1",
      },
    ]);
  });

  it("leaves Schema Objects to the schema-object rule: one finding, not two", async () => {
    const text = `openapi: 3.0.3
info:
  title: t
  version: "1"
paths: {}
components:
  schemas:
    A:
      type: integr
x-webhooks:
  created:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: integr
      responses:
        "200":
          description: ok
`;
    const loaded = await loadSpecFromString(text, { path: "/virtual/openapi.yaml" });
    const found = validateSpec(loaded)
      .filter((d) => d.code === "oas-schema" || d.code === "schema-object")
      .map(({ code, pointer }) => `${code} ${pointer}`);
    expect(found).toEqual([
      "schema-object /components/schemas/A/type",
      "schema-object /webhooks/created/post/requestBody/content/application~1json/schema/type",
    ]);
  });

  it("reports an error under x-webhooks at its 3.0 pointer, in the file it was written in", async () => {
    const findings = await oasSchemaFindings(files["/virtual/openapi.yaml"] as string);
    expect(findings).toContainEqual({
      pointer: "/x-webhooks/created/post/parameters/0",
      message: "item 0 of `parameters` is missing the required property `in`",
      at: "/virtual/hooks.yaml:3:7",
    });
    for (const f of findings) expect(f.pointer).toMatch(/^\/x-webhooks\/created\/post\/parameters\/0/);
  });
});

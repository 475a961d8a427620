/**
 * The client generator on its own: naming, escaping of every spec string it emits, and the runtime
 * facts it records per operation. The generated code is compiled and run in test/client/.
 */
import { buildIR, type OpenApiDocument } from "@contract/core";
import { describe, expect, it } from "vitest";
import { jsdoc } from "../src/generators/client/comments.js";
import { nameOperations, renderClient } from "../src/generators/client/index.js";
import { camelCase, nameFromRoute } from "../src/generators/client/names.js";
import { operationsTable, templateLiteral } from "../src/generators/client/operations-table.js";
import { literal } from "../src/generators/client/spec-literal.js";

const doc = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}): OpenApiDocument =>
  ({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths, ...extra }) as OpenApiDocument;
const ok = { "200": { description: "ok" } };
const render = (document: OpenApiDocument, options = {}) =>
  renderClient({ ir: buildIR(document), generatorVersion: "9.9.9" }, options);
/** Runs the `operations: JSON.parse(`...`)` expression of a generated client, as the client would. */
const operationsOf = (source: string): Record<string, Record<string, unknown>> => {
  const table = /^ {2}operations: (JSON\.parse\(`[\s\S]*?`\)),$/m.exec(source)?.[1];
  if (table === undefined) throw new Error("no operations table in the generated client");
  return new Function(`return ${table};`)();
};

describe("method names", () => {
  it.each([
    ["getPetById", "getPetById"],
    ["GetPets", "getPets"],
    ["list-users_v2", "listUsersV2"],
    ["meta/root", "metaRoot"],
    ["GET_PETS", "getPets"],
    ["repos/get-content", "reposGetContent"],
    ["café.créer", "caféCréer"],
  ])("camelCase(%j) = %j", (given, want) => {
    expect(camelCase(given)).toBe(want);
  });

  it("derives a name from method and path when there is no operationId", () => {
    expect(nameFromRoute("get", "/pets/{petId}/photos")).toBe("getPetsByPetIdPhotos");
    expect(nameFromRoute("post", "/")).toBe("postRoot");
    // A query part written into the key reads like the path: fixed pairs as words, variables "by".
    expect(nameFromRoute("get", "/reports?action=list")).toBe("getReportsActionList");
    expect(nameFromRoute("get", "/fax/history?date_from={date_from}")).toBe("getFaxHistoryByDateFrom");
    expect(nameFromRoute("get", "/reports?action=get&id={id}")).toBe("getReportsActionGetById");
  });

  it("never emits reserved, object-breaking, invalid or duplicate names", () => {
    const ops = Object.fromEntries(
      ["delete", "then", "__proto__", "request", "constructor", "1st", "---", "a-b", "aB"].map((id, i) => [
        `/p${i}`,
        { get: { operationId: id, responses: ok } },
      ]),
    );
    const names = nameOperations(buildIR(doc(ops)).operations, false).map((n) => n.name);
    expect(names).toEqual([
      "delete_",
      "then_",
      "proto",
      "request_",
      "constructor_",
      "_1st",
      "getP6",
      "aB",
      "aB2",
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("groups by first tag with identifier-safe group names", () => {
    const ir = buildIR(
      doc({
        "/a": { get: { operationId: "a", tags: ["Pet Store", "x"], responses: ok } },
        "/b": { get: { operationId: "b", responses: ok } },
      }),
    );
    expect(nameOperations(ir.operations, true)).toMatchObject([
      { name: "a", group: "petStore" },
      { name: "b" },
    ]);
    expect(nameOperations(ir.operations, true)[1]).not.toHaveProperty("group");
  });
});

describe("escaping", () => {
  it("neutralizes comment terminators in JSDoc", () => {
    expect(jsdoc(["a */ b"])).toBe("/**\n * a *\\/ b\n */\n");
  });

  it("keeps hostile summaries, paths and names inert in the generated file", () => {
    const hostile = `*/ export const pwned = 1; /* "\`\${x}\``;
    const source = render(
      doc(
        {
          '/x/{id}"]; alert(1); //': {
            get: {
              operationId: "evil",
              summary: hostile,
              parameters: [
                { name: "__proto__", in: "query", style: "deepObject", schema: { type: "object" } },
              ],
              responses: ok,
            },
          },
        },
        {
          components: { securitySchemes: { "my key": { type: "apiKey", in: "header", name: 'X-"K"' } } },
          servers: [
            { url: "https://{env}.x", variables: { env: { default: '"dev"', enum: ['"dev"', "prod"] } } },
          ],
        },
      ),
    );
    expect(source).not.toContain("*/ export const pwned");
    expect(source).toContain('paths["/x/{id}\\"]; alert(1); //"]["get"]');
    const params = operationsOf(source).evil?.params as { query?: object } | undefined;
    const query = params?.query ?? {};
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.keys(query)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(query, "__proto__")?.value).toEqual({
      style: "deepObject",
      explode: false,
    });
    expect(source).toContain('"my key"?: Credential<string>;');
    expect(source).toContain('env: "\\"dev\\"" | "prod";');
  });

  it("writes any text as a template literal whose value is that text", () => {
    // \u0024 is `$`: `${` placeholders must come out as text
    const text = "a\\b `c` \u0024{d} $e \\\u0024{f}\n\u2028\u0000\\u0041 */";
    expect(new Function(`return ${templateLiteral(text)};`)()).toBe(text);
  });

  it("keeps hostile strings inert in the operations table and reads them back unchanged", () => {
    const spec = { id: "`); throw 1; (`", path: "\u0024{globalThis.x}\\`", accept: "\u2028*/" };
    const table = operationsTable([
      ["__proto__", spec],
      ["b", {}],
    ]);
    const value = new Function(`return ${table};`)();
    expect(Object.keys(value)).toEqual(["__proto__", "b"]);
    expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.value).toEqual(spec);
  });

  it("prints __proto__ as a computed key, so it stays a property", () => {
    const printed = literal(JSON.parse('{"__proto__x": 1, "__proto__": { "a": 1 }}'));
    const value = new Function(`return (${printed});`)();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__x", "__proto__"]);
  });
});

describe("operation facts", () => {
  const source = render(
    doc(
      {
        "/items/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          post: {
            operationId: "saveItem",
            deprecated: true,
            description: "Saves.",
            security: [{}, { key: [] }],
            parameters: [
              { name: "plain", in: "query", schema: { type: "string" } },
              { name: "list", in: "query", explode: false, schema: { type: "array" } },
            ],
            requestBody: {
              content: {
                "application/xml": { schema: { type: "object" } },
                "application/json": { schema: { type: "object" } },
              },
            },
            responses: {
              "201": { description: "c", content: { "application/json": {}, "application/xml": {} } },
              "4XX": { description: "e", content: { "application/problem+json": {} } },
              "204": { description: "none" },
            },
          },
        },
      },
      { components: { securitySchemes: { key: { type: "apiKey", in: "query", name: "k" } } } },
    ),
  );

  const saveItem = operationsOf(source).saveItem;

  it("records only non-default parameter encodings", () => {
    expect(saveItem?.params).toEqual({ query: { list: { explode: false } } });
  });

  it("orders application/json first among body media types", () => {
    expect(saveItem?.body).toEqual({ mediaTypes: ["application/json", "application/xml"] });
  });

  it("builds Accept from every response media type, and lists responses by status", () => {
    expect(saveItem?.accept).toBe("application/json, application/xml, application/problem+json");
    expect(saveItem?.responses).toEqual({
      "201": ["application/json", "application/xml"],
      "204": [],
      "4XX": ["application/problem+json"],
    });
  });

  it("keeps optional and alternative security requirements", () => {
    expect(saveItem?.security).toEqual([[], ["key"]]);
  });

  it("writes one operation a line, in spec order", () => {
    const two = render(doc({ "/a": { get: { responses: ok } }, "/b": { get: { responses: ok } } }));
    expect(two).toContain('operations: JSON.parse(`{\n"getA": {"id":"get /a"');
    expect(Object.keys(operationsOf(two))).toEqual(["getA", "getB"]);
  });

  it("documents the method with @deprecated and its route, and starts with the generated header", () => {
    expect(source).toMatch(
      /\* Saves\.\n {3}\*\n {3}\* `POST \/items\/\{id\}`\n {3}\* @deprecated\n {3}\*\/\n {2}saveItem: Call<paths\["\/items\/\{id\}"\]\["post"\], Throw>;/,
    );
    expect(source.startsWith("/**\n * Generated by contract 9.9.9 (client generator).")).toBe(true);
  });

  it("imports validators only when asked", () => {
    expect(source).not.toContain("validators.js");
    const withValidators = render(doc({ "/a": { get: { responses: ok } } }), { validators: true });
    expect(withValidators).toContain('import { validatorFor } from "./validators.js";');
    expect(withValidators).toContain("  validators: validatorFor,");
  });
});

describe("pagination the spec describes", () => {
  const list = (extension: Record<string, unknown>) =>
    doc({
      "/items": {
        get: {
          operationId: "listItems",
          parameters: [{ name: "cursor", in: "query", schema: { type: "string" } }],
          responses: ok,
          ...extension,
        },
      },
      "/one": { get: { operationId: "getOne", responses: ok } },
    });
  const hostile = `a"]>; export const pwned = 1; //`;

  it("carries the rule in the operations table and makes the method Paged at its results", () => {
    const source = render(
      list({
        "x-fern-pagination": {
          cursor: "$request.cursor",
          next_cursor: "$response.next",
          results: `$response.page.items`,
        },
      }),
    );
    expect(operationsOf(source).listItems?.pagination).toEqual({
      type: "cursor",
      cursor: { in: "query", name: "cursor" },
      nextCursor: ["next"],
      results: ["page", "items"],
    });
    expect(operationsOf(source).getOne?.pagination).toBeUndefined();
    expect(source).toContain(
      'listItems: Call<paths["/items"]["get"], Throw> & Paged<ItemsAt<paths["/items"]["get"], ["page","items"]>>;',
    );
    expect(source).toContain('getOne: Call<paths["/one"]["get"], Throw>;');
    expect(source).toMatch(/ {2}type ItemsAt,\n {2}type Paged,\n/);
  });

  it("keeps a hostile property name in a results path inert", () => {
    const source = render(
      list({
        "x-speakeasy-pagination": {
          type: "cursor",
          inputs: [{ name: "cursor", in: "parameters", type: "cursor" }],
          outputs: { nextCursor: "$.next", results: `$['${hostile}']` },
        },
      }),
    );
    expect(source).not.toMatch(/^export const pwned/m);
    expect(source).toContain(`, [${JSON.stringify(hostile)}]>>;`);
    expect(operationsOf(source).listItems?.pagination).toMatchObject({ results: [hostile] });
  });

  it("imports nothing more for a spec without pagination", () => {
    const source = render(list({}));
    expect(source).not.toContain("Paged");
    expect(operationsOf(source).listItems?.pagination).toBeUndefined();
  });
});

import { buildIR, type OpenApiDocument } from "@contract/core";
import { describe, expect, it } from "vitest";

const doc: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "T", version: "1" },
  security: [{ key: [] }],
  paths: {
    "/pets/{petId}": {
      parameters: [
        { name: "petId", in: "path", required: true, schema: { type: "string" } },
        { name: "verbose", in: "query", schema: { type: "boolean" } },
      ],
      get: {
        operationId: "getPet",
        parameters: [{ $ref: "#/components/parameters/Verbose" }],
        responses: { "200": { $ref: "#/components/responses/Pet" }, default: { description: "err" } },
      },
      delete: { security: [], responses: { "204": { description: "gone" } } },
    },
  },
  webhooks: {
    "pet.created": {
      post: { requestBody: { content: { "application/json": { schema: { type: "object" } } } } },
    },
    both: { post: { responses: {} }, put: { responses: {} } },
  },
  components: {
    parameters: {
      Verbose: { name: "verbose", in: "query", style: "form", explode: false, schema: { type: "integer" } },
    },
    responses: {
      Pet: {
        description: "a pet",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } },
      },
    },
    schemas: { Pet: { type: "object" } },
    securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } },
  },
};

describe("buildIR", () => {
  const ir = buildIR(doc);

  it("treats operations and webhooks alike and derives ids", () => {
    expect(ir.operations.map((o) => [o.kind, o.id, o.method])).toEqual([
      ["operation", "getPet", "get"],
      ["operation", "delete /pets/{petId}", "delete"],
    ]);
    expect(ir.webhooks.map((w) => [w.kind, w.id, w.name, w.method])).toEqual([
      ["webhook", "pet.created", "pet.created", "post"],
      // Methods come in the specification's order (get, put, post, ...), not the document's.
      ["webhook", "both put", "both", "put"],
      ["webhook", "both post", "both", "post"],
    ]);
  });

  it("lets operation parameters override path-item ones and applies style defaults", () => {
    const get = ir.operations[0]!;
    expect(get.parameters.path.map((p) => [p.name, p.style, p.explode])).toEqual([
      ["petId", "simple", false],
    ]);
    expect(get.parameters.query).toEqual([
      expect.objectContaining({
        name: "verbose",
        style: "form",
        explode: false,
        pointer: "/components/parameters/Verbose",
      }),
    ]);
    const del = ir.operations[1]!;
    expect(del.parameters.query[0]).toMatchObject({ name: "verbose", style: "form", explode: true });
  });

  it("resolves response refs and keeps schema pointers", () => {
    const ok = ir.operations[0]!.responses[0]!;
    expect(ok).toMatchObject({ status: "200", pointer: "/components/responses/Pet" });
    expect(ok.content[0]).toMatchObject({
      mediaType: "application/json",
      schemaPointer: "/components/responses/Pet/content/application~1json/schema",
    });
  });

  it("applies document security unless the operation overrides it", () => {
    expect(ir.operations[0]!.security).toEqual([{ key: [] }]);
    expect(ir.operations[1]!.security).toEqual([]);
    expect(ir.securitySchemes).toEqual([
      {
        name: "key",
        type: "apiKey",
        in: "header",
        paramName: "X-Key",
        pointer: "/components/securitySchemes/key",
      },
    ]);
  });
});

describe("path keys with a query string", () => {
  const queryKeys = (): OpenApiDocument => ({
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    paths: {
      "/search?query={query}": {
        get: {
          operationId: "search",
          parameters: [
            { $ref: "#/components/parameters/Query" },
            { name: "limit", in: "query", schema: { type: "integer" } },
          ],
          responses: {},
        },
      },
      "/icons/{set}?term={term}&amount={amount}": {
        parameters: [{ name: "set", in: "path", required: true, schema: { type: "string" } }],
        get: {
          operationId: "icons",
          parameters: [{ name: "amount", in: "path", required: true, schema: { type: "integer" } }],
          responses: {},
        },
      },
      "/reports?action=list": { get: { operationId: "listReports", responses: {} } },
    },
    components: {
      parameters: {
        Query: { name: "query", in: "query", style: "form", explode: true, schema: { type: "string" } },
      },
    },
  });

  it("fills a variable declared in: query through the key, not as a query parameter too", () => {
    const ir = buildIR(queryKeys());
    const search = ir.operations.find((op) => op.id === "search")!;
    expect(search.path).toBe("/search?query={query}");
    expect(search.parameters.path).toEqual([
      expect.objectContaining({ name: "query", in: "path", required: true, style: "simple", explode: false }),
    ]);
    expect(search.parameters.query.map((p) => p.name)).toEqual(["limit"]);
  });

  it("takes a variable declared nowhere as a required string path parameter", () => {
    const ir = buildIR(queryKeys());
    const icons = ir.operations.find((op) => op.id === "icons")!;
    expect(icons.parameters.path.map((p) => [p.name, p.required, p.schema])).toEqual([
      ["set", true, { type: "string" }],
      ["amount", true, { type: "integer" }],
      ["term", true, { type: "string" }],
    ]);
  });

  it("gives the generators a document that declares what the IR says, and leaves the input alone", () => {
    const input = queryKeys();
    const before = structuredClone(input);
    const ir = buildIR(input);
    expect(input).toEqual(before);
    const paths = ir.document.paths as Record<string, any>;
    expect(paths["/search?query={query}"].get.parameters).toEqual([
      { name: "query", in: "path", required: true, schema: { type: "string" } },
      { name: "limit", in: "query", schema: { type: "integer" } },
    ]);
    expect(paths["/icons/{set}?term={term}&amount={amount}"].get.parameters).toEqual([
      { name: "amount", in: "path", required: true, schema: { type: "integer" } },
      { name: "term", in: "path", required: true, schema: { type: "string" } },
    ]);
    // Nothing to fill: the key is sent as written, the document passes through as it was.
    expect(paths["/reports?action=list"]).toBe(input.paths?.["/reports?action=list"]);
  });

  it("passes a document without such keys through as the same object", () => {
    const document: OpenApiDocument = { openapi: "3.1.0", info: { title: "T", version: "1" }, paths: {} };
    expect(buildIR(document).document).toBe(document);
  });
});

/**
 * Pagination read from `x-speakeasy-pagination` and `x-fern-pagination`: each form the generated
 * client can run becomes one rule; each it cannot gives a located `pagination-extension` warning
 * and no rule.
 */
import { buildIR, loadSpecFromString, paginationOf, validateSpec } from "@contract/core";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";

type Doc = Record<string, unknown>;

const list = { type: "array", items: { type: "object" } };
/** What GET /pets answers: every output the valid rules below read is declared. */
const page = {
  type: "object",
  properties: {
    data: { type: "array", items: { type: "object", properties: { id: { type: "string" } } } },
    page: { type: "object", properties: { resultArray: list, next: { type: ["string", "null"] } } },
    meta: {
      type: "object",
      properties: { "num-pages": { type: "integer" }, total_pages: { type: "integer" } },
    },
    links: { type: "object", properties: { next: { type: "string" } } },
    has_more: { type: "boolean" },
    items: list,
  },
};
const parameters = [
  { name: "page", in: "query", schema: { type: "integer", minimum: 0 } },
  { name: "offset", in: "query", schema: { type: "integer" } },
  { name: "limit", in: "query", schema: { $ref: "#/components/schemas/Limit" } },
  { name: "cursor", in: "query", schema: { type: "string" } },
  { name: "X-Page", in: "header", schema: { type: "integer", default: 5 } },
];

/** One list operation (GET /pets) with the extensions `extra` gives, and a POST /search with a JSON body. */
function api(extra: Doc, top: Doc = {}): Doc {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    ...top,
    paths: {
      "/pets": {
        get: {
          operationId: "listPets",
          parameters,
          responses: { "200": { description: "ok", content: { "application/json": { schema: page } } } },
          ...extra,
        },
      },
      "/search": {
        post: {
          operationId: "search",
          requestBody: {
            content: { "application/json": { schema: { type: "object", properties: { after: {} } } } },
          },
          responses: { "200": { description: "ok" } },
          ...(extra["x-search"] as Doc | undefined),
        },
      },
    },
    components: { schemas: { Limit: { type: "integer", default: 25 } } },
  };
}

async function read(doc: Doc) {
  const loaded = await loadSpecFromString(stringify(doc), { path: "/virtual/openapi.yaml" });
  const { rules, problems } = paginationOf(buildIR(loaded.document));
  const warnings = validateSpec(loaded).filter((d) => d.code === "pagination-extension");
  return { rules, problems, warnings };
}

const speakeasy = (value: Doc) => ({ "x-speakeasy-pagination": value });

describe("x-speakeasy-pagination", () => {
  it("offsetLimit by page: start from the parameter's minimum, the limit's default through its $ref", async () => {
    const { rules, warnings } = await read(
      api(
        speakeasy({
          type: "offsetLimit",
          inputs: [
            { name: "page", in: "parameters", type: "page" },
            { name: "limit", in: "parameters", type: "limit" },
          ],
          outputs: { results: "$.page.resultArray", numPages: "$['meta']['num-pages']" },
        }),
      ),
    );
    expect(warnings).toEqual([]);
    expect(rules.get("listPets")).toEqual({
      type: "offset",
      offset: { in: "query", name: "page" },
      unit: "page",
      start: 0,
      limit: { in: "query", name: "limit" },
      limitDefault: 25,
      results: ["page", "resultArray"],
      numPages: ["meta", "num-pages"],
    });
  });

  it("offsetLimit by offset counts items and starts at 0; a header parameter's default is its start", async () => {
    const byOffset = await read(
      api(
        speakeasy({
          type: "offsetLimit",
          inputs: [{ name: "offset", in: "parameters", type: "offset" }],
          outputs: { results: "$.data" },
        }),
      ),
    );
    expect(byOffset.rules.get("listPets")).toEqual({
      type: "offset",
      offset: { in: "query", name: "offset" },
      unit: "item",
      start: 0,
      results: ["data"],
    });
    const byHeader = await read(
      api(
        speakeasy({
          type: "offsetLimit",
          inputs: [{ name: "X-Page", in: "parameters", type: "page" }],
          outputs: { results: "$.items" },
        }),
      ),
    );
    expect(byHeader.rules.get("listPets")).toMatchObject({
      offset: { in: "header", name: "X-Page" },
      start: 5,
    });
    // `in: query`, as some specs spell `in: parameters`; numPages goes with pages only.
    const spelled = await read(
      api(
        speakeasy({
          type: "offsetLimit",
          inputs: [
            { name: "offset", in: "query", type: "offset" },
            { name: "limit", in: "query", type: "limit" },
          ],
          outputs: { results: "$.data", numPages: "$.meta.total_pages" },
        }),
      ),
    );
    expect(spelled.warnings).toEqual([]);
    expect(spelled.rules.get("listPets")).toEqual({
      type: "offset",
      offset: { in: "query", name: "offset" },
      unit: "item",
      start: 0,
      limit: { in: "query", name: "limit" },
      limitDefault: 25,
      results: ["data"],
    });
  });

  it("cursor in a query parameter or in the request body; url from the response", async () => {
    const query = await read(
      api(
        speakeasy({
          type: "cursor",
          inputs: [{ name: "cursor", in: "parameters", type: "cursor" }],
          outputs: { nextCursor: "$.data[-1].id", results: "$.data" },
        }),
      ),
    );
    expect(query.rules.get("listPets")).toEqual({
      type: "cursor",
      cursor: { in: "query", name: "cursor" },
      nextCursor: ["data", -1, "id"],
      results: ["data"],
    });
    const body = await read(
      api({
        "x-search": speakeasy({
          type: "cursor",
          inputs: [{ name: "after", in: "requestBody", type: "cursor" }],
          outputs: { nextCursor: "$.next" },
        }),
      }),
    );
    expect(body.rules.get("search")).toEqual({
      type: "cursor",
      cursor: { in: "body", path: ["after"] },
      nextCursor: ["next"],
    });
    const url = await read(api(speakeasy({ type: "url", outputs: { nextUrl: "$.links.next" } })));
    expect(url.rules.get("listPets")).toEqual({ type: "url", nextUrl: ["links", "next"] });
  });

  it.each([
    {
      name: "an unknown type",
      value: { type: "keyset" },
      pointer: "/paths/~1pets/get/x-speakeasy-pagination/type",
    },
    {
      name: "a parameter the operation does not declare",
      value: {
        type: "cursor",
        inputs: [{ name: "after", in: "parameters", type: "cursor" }],
        outputs: { nextCursor: "$.next" },
      },
      pointer: "/paths/~1pets/get/x-speakeasy-pagination/inputs/0/name",
    },
    {
      name: "a body input on an operation without a JSON body",
      value: {
        type: "cursor",
        inputs: [{ name: "after", in: "requestBody", type: "cursor" }],
        outputs: { nextCursor: "$.next" },
      },
      pointer: "/paths/~1pets/get/x-speakeasy-pagination/inputs/0",
    },
    {
      name: "a JSONPath with a wildcard",
      value: {
        type: "cursor",
        inputs: [{ name: "cursor", in: "parameters", type: "cursor" }],
        outputs: { nextCursor: "$.data[*].id" },
      },
      pointer: "/paths/~1pets/get/x-speakeasy-pagination/outputs/nextCursor",
    },
    {
      name: "a cursor rule without nextCursor",
      value: { type: "cursor", inputs: [{ name: "cursor", in: "parameters", type: "cursor" }] },
      pointer: "/paths/~1pets/get/x-speakeasy-pagination",
    },
    {
      name: "an offset with nothing to tell how far to move or where to stop",
      value: { type: "offsetLimit", inputs: [{ name: "offset", in: "parameters", type: "offset" }] },
      pointer: "/paths/~1pets/get/x-speakeasy-pagination",
    },
  ])("refuses $name, located, and makes no rule", async ({ value, pointer }) => {
    const { rules, warnings } = await read(api(speakeasy(value)));
    expect(rules.has("listPets")).toBe(false);
    expect(warnings.map((w) => [w.severity, w.pointer])).toEqual([["warning", pointer]]);
    expect(warnings[0]?.location?.line).toBeGreaterThan(1);
  });
});

describe("x-fern-pagination", () => {
  it("cursor, with optional chaining and has-next-page", async () => {
    const { rules, warnings } = await read(
      api({
        "x-fern-pagination": {
          cursor: "$request.cursor",
          next_cursor: "$response.page?.next",
          results: "$response.data",
          "has-next-page": "$response.has_more",
        },
      }),
    );
    expect(warnings).toEqual([]);
    expect(rules.get("listPets")).toEqual({
      type: "cursor",
      cursor: { in: "query", name: "cursor" },
      nextCursor: ["page", "next"],
      results: ["data"],
      hasMore: ["has_more"],
    });
  });

  it("offset by page, or by `step` items; `true` takes the document's rule; a body path", async () => {
    const pages = await read(
      api({ "x-fern-pagination": { offset: "$request.page", results: "$response.data" } }),
    );
    expect(pages.rules.get("listPets")).toMatchObject({ type: "offset", unit: "page", start: 0 });
    const items = await read(
      api(
        { "x-fern-pagination": true },
        {
          "x-fern-pagination": {
            offset: "$request.offset",
            step: "$request.limit",
            results: "$response.items",
          },
        },
      ),
    );
    expect(items.rules.get("listPets")).toEqual({
      type: "offset",
      offset: { in: "query", name: "offset" },
      unit: "item",
      start: 0,
      limit: { in: "query", name: "limit" },
      limitDefault: 25,
      results: ["items"],
    });
    const body = await read(
      api({
        "x-search": {
          "x-fern-pagination": {
            cursor: "$request.after",
            next_cursor: "$response.next",
            results: "$response.hits",
          },
        },
      }),
    );
    expect(body.rules.get("search")).toMatchObject({ cursor: { in: "body", path: ["after"] } });
  });

  it("refuses `true` without a document-level rule and a rule without results, located", async () => {
    const missing = await read(api({ "x-fern-pagination": true }));
    expect(missing.warnings.map((w) => w.pointer)).toEqual(["/paths/~1pets/get/x-fern-pagination"]);
    const noResults = await read(
      api({ "x-fern-pagination": { cursor: "$request.cursor", next_cursor: "$response.n" } }),
    );
    expect(noResults.warnings.map((w) => w.pointer)).toEqual(["/paths/~1pets/get/x-fern-pagination"]);
    expect(noResults.rules.size).toBe(0);
  });
});

describe("outputs the response schema does not declare", () => {
  it("warns where each is written, keeps the rule, and says what the schema has instead", async () => {
    const { rules, warnings } = await read(
      api(
        speakeasy({
          type: "offsetLimit",
          inputs: [{ name: "page", in: "parameters", type: "page" }],
          outputs: { results: "$.results", numPages: "$.has_more" },
        }),
      ),
    );
    expect(rules.get("listPets")).toMatchObject({ results: ["results"], numPages: ["has_more"] });
    expect(warnings.map((w) => [w.pointer, w.message])).toEqual([
      [
        "/paths/~1pets/get/x-speakeasy-pagination/outputs/results",
        "results $.results: the 200 response's schema declares no /results",
      ],
      [
        "/paths/~1pets/get/x-speakeasy-pagination/outputs/numPages",
        "numPages $.has_more: the 200 response's schema makes it boolean, not a number",
      ],
    ]);
  });

  it("a Fern rule's items that are an object, not a list; an operation without a response schema is not judged", async () => {
    const fern = await read(
      api({ "x-fern-pagination": { offset: "$request.page", results: "$response.meta" } }),
    );
    expect(fern.warnings.map((w) => w.pointer)).toEqual(["/paths/~1pets/get/x-fern-pagination/results"]);
    expect(fern.warnings[0]?.message).toMatch(/makes it object, not a list/);
    const unknown = await read(
      api({
        "x-search": {
          "x-fern-pagination": {
            cursor: "$request.after",
            next_cursor: "$response.x",
            results: "$response.y",
          },
        },
      }),
    );
    expect(unknown.warnings).toEqual([]);
  });
});

it("an operation without an extension has no rule, and the spec no finding", async () => {
  const { rules, warnings } = await read(api({}));
  expect(rules.size).toBe(0);
  expect(warnings).toEqual([]);
});

describe("any extension value", () => {
  /** Values of every JSON type, and the shapes the readers look into, nested. */
  const odd: unknown[] = [
    null,
    true,
    0,
    -1,
    "",
    "$",
    "$.",
    "$[",
    "$['",
    "$response",
    "$request.",
    [],
    {},
    [1],
    { a: 1 },
  ];
  const shapes = (): unknown[] => [
    ...odd,
    { type: "cursor", inputs: odd, outputs: { nextCursor: "$[-1]" } },
    {
      type: "offsetLimit",
      inputs: [{ name: "page", in: "parameters", type: "page" }],
      outputs: { results: 5 },
    },
    { type: "url", outputs: odd },
    { type: "cursor", inputs: [{ name: {}, in: [], type: null }] },
    { cursor: 1, next_cursor: {}, results: [] },
    { offset: "$request", results: "$response", step: "$request.limit.x" },
    { cursor: "$request.__proto__", next_cursor: "$response.constructor", results: "$response.__proto__" },
  ];

  it("gives a rule or a located warning, never an exception", async () => {
    for (const value of shapes())
      for (const key of ["x-speakeasy-pagination", "x-fern-pagination"]) {
        const { warnings } = await read(api({ [key]: value }, { "x-fern-pagination": value }));
        for (const w of warnings) expect(w.pointer).toMatch(/x-(speakeasy|fern)-pagination/);
      }
  });
});

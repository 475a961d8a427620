/** Operation-level rules: paths, operations, parameters, bodies, responses, security. */
import { describe, expect, it } from "vitest";
import { type Doc, diff, summary, withPaths } from "./diff-helpers.js";

const ok = { "200": { description: "ok" } };
const json = (schema: unknown) => ({ "application/json": { schema } });
const op = (extra: Record<string, unknown> = {}) => ({ responses: ok, ...extra });
const query = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  in: "query",
  schema: { type: "string" },
  ...extra,
});
const header = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  in: "header",
  schema: { type: "string" },
  ...extra,
});

interface Case {
  name: string;
  base: Doc;
  head: Doc;
  want: Array<{ code: string; severity: string; base?: string; head?: string }>;
}

const PETS = "/paths/~1pets";
const GET = `${PETS}/get`;

const CASES: Case[] = [
  {
    name: "a path removed is breaking, reported once",
    base: withPaths({ "/pets": { get: op(), post: op() }, "/other": { get: op() } }),
    head: withPaths({ "/other": { get: op() } }),
    want: [{ code: "path-removed", severity: "breaking", base: PETS, head: "/paths" }],
  },
  {
    name: "a path whose operations were all deprecated: warning",
    base: withPaths({ "/pets": { get: op({ deprecated: true }) }, "/other": { get: op() } }),
    head: withPaths({ "/other": { get: op() } }),
    want: [{ code: "deprecated-path-removed", severity: "warning", base: PETS, head: "/paths" }],
  },
  {
    name: "a method removed from a path",
    base: withPaths({ "/pets": { get: op(), post: op() } }),
    head: withPaths({ "/pets": { get: op() } }),
    want: [{ code: "operation-removed", severity: "breaking", base: `${PETS}/post`, head: PETS }],
  },
  {
    name: "a deprecated operation removed: warning",
    base: withPaths({ "/pets": { get: op(), post: op({ deprecated: true }) } }),
    head: withPaths({ "/pets": { get: op() } }),
    want: [{ code: "deprecated-operation-removed", severity: "warning", base: `${PETS}/post`, head: PETS }],
  },
  {
    name: "path and operation added: info",
    base: withPaths({ "/pets": { get: op() } }),
    head: withPaths({ "/pets": { get: op(), delete: op() }, "/toys": { get: op() } }),
    want: [
      { code: "operation-added", severity: "info", base: PETS, head: `${PETS}/delete` },
      { code: "path-added", severity: "info", base: "/paths", head: "/paths/~1toys" },
    ],
  },
  {
    name: "operationId changed: warning",
    base: withPaths({ "/pets": { get: op({ operationId: "listPets" }) } }),
    head: withPaths({ "/pets": { get: op({ operationId: "getPets" }) } }),
    want: [{ code: "operation-id-changed", severity: "warning", base: GET, head: GET }],
  },
  {
    name: "operation deprecated: info",
    base: withPaths({ "/pets": { get: op() } }),
    head: withPaths({ "/pets": { get: op({ deprecated: true }) } }),
    want: [{ code: "operation-deprecated", severity: "info", base: GET, head: GET }],
  },
  {
    name: "a path parameter renamed is only that",
    base: withPaths({
      "/pets/{id}": {
        get: op({ parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] }),
      },
    }),
    head: withPaths({
      "/pets/{petId}": {
        get: op({ parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }] }),
      },
    }),
    want: [
      {
        code: "path-parameter-renamed",
        severity: "info",
        base: "/paths/~1pets~1{id}/get",
        head: "/paths/~1pets~1{petId}/get",
      },
    ],
  },
  {
    name: "new required query parameter",
    base: withPaths({ "/pets": { get: op() } }),
    head: withPaths({ "/pets": { get: op({ parameters: [query("limit", { required: true })] }) } }),
    want: [
      {
        code: "request-required-parameter-added",
        severity: "breaking",
        base: `${GET}/parameters`,
        head: `${GET}/parameters/0`,
      },
    ],
  },
  {
    name: "new optional query parameter",
    base: withPaths({ "/pets": { get: op() } }),
    head: withPaths({ "/pets": { get: op({ parameters: [query("limit")] }) } }),
    want: [
      {
        code: "request-optional-parameter-added",
        severity: "info",
        base: `${GET}/parameters`,
        head: `${GET}/parameters/0`,
      },
    ],
  },
  {
    name: "new required header",
    base: withPaths({ "/pets": { get: op() } }),
    head: withPaths({ "/pets": { get: op({ parameters: [header("X-Tenant", { required: true })] }) } }),
    want: [
      {
        code: "request-required-header-added",
        severity: "breaking",
        base: `${GET}/parameters`,
        head: `${GET}/parameters/0`,
      },
    ],
  },
  {
    name: "parameter optional → required",
    base: withPaths({ "/pets": { get: op({ parameters: [query("limit")] }) } }),
    head: withPaths({ "/pets": { get: op({ parameters: [query("limit", { required: true })] }) } }),
    want: [
      {
        code: "request-parameter-became-required",
        severity: "breaking",
        base: `${GET}/parameters/0`,
        head: `${GET}/parameters/0`,
      },
    ],
  },
  {
    name: "parameter removed: the server ignores it, a warning",
    base: withPaths({ "/pets": { get: op({ parameters: [query("limit")] }) } }),
    head: withPaths({ "/pets": { get: op() } }),
    want: [
      {
        code: "request-optional-parameter-removed",
        severity: "warning",
        base: `${GET}/parameters/0`,
        head: `${GET}/parameters`,
      },
    ],
  },
  {
    name: "parameter style changed",
    base: withPaths({ "/pets": { get: op({ parameters: [query("tags", { schema: { type: "array" } })] }) } }),
    head: withPaths({
      "/pets": {
        get: op({ parameters: [query("tags", { schema: { type: "array" }, style: "pipeDelimited" })] }),
      },
    }),
    want: [
      {
        code: "request-parameter-style-changed",
        severity: "breaking",
        base: `${GET}/parameters/0`,
        head: `${GET}/parameters/0`,
      },
      // pipeDelimited defaults to explode false where form defaults to true.
      {
        code: "request-parameter-explode-changed",
        severity: "breaking",
        base: `${GET}/parameters/0`,
        head: `${GET}/parameters/0`,
      },
    ],
  },
  {
    name: "parameter explode changed",
    base: withPaths({ "/pets": { get: op({ parameters: [query("tags")] }) } }),
    head: withPaths({ "/pets": { get: op({ parameters: [query("tags", { explode: false })] }) } }),
    want: [
      {
        code: "request-parameter-explode-changed",
        severity: "breaking",
        base: `${GET}/parameters/0`,
        head: `${GET}/parameters/0`,
      },
    ],
  },
  {
    name: "parameter enum value removed",
    base: withPaths({
      "/pets": { get: op({ parameters: [query("sort", { schema: { type: "string", enum: ["a", "b"] } })] }) },
    }),
    head: withPaths({
      "/pets": { get: op({ parameters: [query("sort", { schema: { type: "string", enum: ["a"] } })] }) },
    }),
    want: [
      {
        code: "request-enum-value-removed",
        severity: "breaking",
        base: `${GET}/parameters/0/schema/enum`,
        head: `${GET}/parameters/0/schema/enum`,
      },
    ],
  },
  {
    name: "parameter default changed",
    base: withPaths({
      "/pets": { get: op({ parameters: [query("limit", { schema: { type: "integer", default: 10 } })] }) },
    }),
    head: withPaths({
      "/pets": { get: op({ parameters: [query("limit", { schema: { type: "integer", default: 20 } })] }) },
    }),
    want: [
      {
        code: "request-default-changed",
        severity: "breaking",
        base: `${GET}/parameters/0/schema/default`,
        head: `${GET}/parameters/0/schema/default`,
      },
    ],
  },
  {
    name: "header names are case-insensitive; path-item parameters count like the operation's",
    base: withPaths({ "/pets": { parameters: [header("X-Tenant")], get: op() } }),
    head: withPaths({ "/pets": { get: op({ parameters: [header("x-tenant")] }) } }),
    want: [],
  },
  {
    name: "request body optional → required",
    base: withPaths({ "/pets": { post: op({ requestBody: { content: json({ type: "object" }) } }) } }),
    head: withPaths({
      "/pets": { post: op({ requestBody: { required: true, content: json({ type: "object" }) } }) },
    }),
    want: [
      {
        code: "request-body-became-required",
        severity: "breaking",
        base: `${PETS}/post/requestBody`,
        head: `${PETS}/post/requestBody`,
      },
    ],
  },
  {
    name: "new required request body",
    base: withPaths({ "/pets": { post: op() } }),
    head: withPaths({
      "/pets": { post: op({ requestBody: { required: true, content: json({ type: "object" }) } }) },
    }),
    want: [
      {
        code: "request-required-body-added",
        severity: "breaking",
        base: `${PETS}/post/requestBody`,
        head: `${PETS}/post/requestBody`,
      },
    ],
  },
  {
    name: "request media type removed; another added",
    base: withPaths({ "/pets": { post: op({ requestBody: { content: json({ type: "object" }) } }) } }),
    head: withPaths({
      "/pets": {
        post: op({ requestBody: { content: { "application/xml": { schema: { type: "object" } } } } }),
      },
    }),
    want: [
      {
        code: "request-media-type-removed",
        severity: "breaking",
        base: `${PETS}/post/requestBody/content/application~1json`,
        head: `${PETS}/post/requestBody/content`,
      },
      {
        code: "request-media-type-added",
        severity: "info",
        base: `${PETS}/post/requestBody/content`,
        head: `${PETS}/post/requestBody/content/application~1xml`,
      },
    ],
  },
  {
    name: "a media type parameter is not a new media type",
    base: withPaths({ "/pets": { post: op({ requestBody: { content: json({ type: "object" }) } }) } }),
    head: withPaths({
      "/pets": {
        post: op({
          requestBody: { content: { "application/json; charset=utf-8": { schema: { type: "object" } } } },
        }),
      },
    }),
    want: [],
  },
  {
    name: "success status replaced",
    base: withPaths({ "/pets": { post: { responses: { "200": { description: "ok" } } } } }),
    head: withPaths({ "/pets": { post: { responses: { "201": { description: "created" } } } } }),
    want: [
      {
        code: "response-success-status-removed",
        severity: "breaking",
        base: `${PETS}/post/responses/200`,
        head: `${PETS}/post/responses`,
      },
      {
        code: "response-status-added",
        severity: "info",
        base: `${PETS}/post/responses`,
        head: `${PETS}/post/responses/201`,
      },
    ],
  },
  {
    name: "error status removed: info",
    base: withPaths({ "/pets": { get: { responses: { ...ok, "404": { description: "nope" } } } } }),
    head: withPaths({ "/pets": { get: { responses: ok } } }),
    want: [
      {
        code: "response-status-removed",
        severity: "info",
        base: `${GET}/responses/404`,
        head: `${GET}/responses`,
      },
    ],
  },
  {
    name: "200 covered by 2XX",
    base: withPaths({ "/pets": { get: { responses: ok } } }),
    head: withPaths({ "/pets": { get: { responses: { "2XX": { description: "ok" } } } } }),
    want: [],
  },
  {
    name: "success response media type removed",
    base: withPaths({ "/pets": { get: { responses: { "200": { description: "ok", content: json({}) } } } } }),
    head: withPaths({ "/pets": { get: { responses: { "200": { description: "ok" } } } } }),
    want: [
      {
        code: "response-media-type-removed",
        severity: "breaking",
        base: `${GET}/responses/200/content/application~1json`,
        head: `${GET}/responses/200/content`,
      },
    ],
  },
  {
    name: "error response media type removed: warning",
    base: withPaths({
      "/pets": { get: { responses: { ...ok, "400": { description: "bad", content: json({}) } } } },
    }),
    head: withPaths({ "/pets": { get: { responses: { ...ok, "400": { description: "bad" } } } } }),
    want: [
      {
        code: "response-error-media-type-removed",
        severity: "warning",
        base: `${GET}/responses/400/content/application~1json`,
        head: `${GET}/responses/400/content`,
      },
    ],
  },
  {
    name: "response headers: required removed, another made optional",
    base: withPaths({
      "/pets": {
        get: {
          responses: {
            "200": {
              description: "ok",
              headers: {
                "X-Rate": { required: true, schema: { type: "integer" } },
                "X-Next": { required: true, schema: { type: "string" } },
              },
            },
          },
        },
      },
    }),
    head: withPaths({
      "/pets": {
        get: {
          responses: { "200": { description: "ok", headers: { "X-Next": { schema: { type: "string" } } } } },
        },
      },
    }),
    want: [
      {
        code: "response-header-became-optional",
        severity: "breaking",
        base: `${GET}/responses/200/headers/X-Next`,
        head: `${GET}/responses/200/headers/X-Next`,
      },
      {
        code: "response-header-removed",
        severity: "breaking",
        base: `${GET}/responses/200/headers/X-Rate`,
        head: `${GET}/responses/200/headers`,
      },
    ],
  },
];

const bearer = {
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer" },
      key: { type: "apiKey", in: "header", name: "k" },
      oauth: { type: "oauth2", flows: {} },
    },
  },
};
const secured = (security: unknown) => withPaths({ "/pets": { get: op({ security }) } }, bearer);
const SECURITY_CASES: Case[] = [
  {
    name: "authentication now required",
    base: secured([]),
    head: secured([{ bearer: [] }]),
    want: [
      {
        code: "security-requirement-added",
        severity: "breaking",
        base: `${GET}/security`,
        head: `${GET}/security`,
      },
    ],
  },
  {
    name: "an accepted alternative dropped",
    base: secured([{ bearer: [] }, { key: [] }]),
    head: secured([{ bearer: [] }]),
    want: [
      {
        code: "security-alternative-removed",
        severity: "breaking",
        base: `${GET}/security`,
        head: `${GET}/security`,
      },
    ],
  },
  {
    name: "scopes added",
    base: secured([{ oauth: ["read"] }]),
    head: secured([{ oauth: ["read", "write"] }]),
    want: [
      {
        code: "security-scopes-added",
        severity: "breaking",
        base: `${GET}/security`,
        head: `${GET}/security`,
      },
    ],
  },
  {
    name: "an alternative added: info",
    base: secured([{ bearer: [] }]),
    head: secured([{ bearer: [] }, { key: [] }]),
    want: [
      {
        code: "security-alternative-added",
        severity: "info",
        base: `${GET}/security`,
        head: `${GET}/security`,
      },
    ],
  },
  {
    name: "authentication made optional: info",
    base: secured([{ bearer: [] }]),
    head: secured([{ bearer: [] }, {}]),
    want: [
      {
        code: "security-requirement-removed",
        severity: "info",
        base: `${GET}/security`,
        head: `${GET}/security`,
      },
    ],
  },
  {
    name: "document-level security reaches operations without their own",
    base: withPaths({ "/pets": { get: op() } }, bearer),
    head: withPaths({ "/pets": { get: op() } }, { ...bearer, security: [{ bearer: [] }] }),
    want: [
      {
        code: "security-requirement-added",
        severity: "breaking",
        base: `${GET}/security`,
        head: `${GET}/security`,
      },
    ],
  },
];

describe("operation rules", () => {
  it.each([...CASES, ...SECURITY_CASES].map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const got = summary(diff(c.base, c.head));
    const order = (list: Case["want"]) => [...list].sort((a, b) => a.code.localeCompare(b.code));
    expect(order(got)).toEqual(order(c.want));
  });
});

describe("shared components", () => {
  const pet = {
    type: "object",
    properties: { name: { type: "string" }, tag: { type: "string" } },
    required: ["name"],
  };
  const doc = (schema: unknown) =>
    withPaths(
      {
        "/pets": {
          get: {
            responses: { "200": { description: "ok", content: json({ $ref: "#/components/schemas/Pet" }) } },
          },
        },
        "/pets/{id}": {
          get: {
            responses: { "200": { description: "ok", content: json({ $ref: "#/components/schemas/Pet" }) } },
          },
          put: op({ requestBody: { content: json({ $ref: "#/components/schemas/Pet" }) } }),
        },
      },
      { components: { schemas: { Pet: schema } } },
    );

  it("reports a change in a component once per side, with every operation it affects", () => {
    const changes = diff(doc(pet), doc({ ...pet, properties: { name: pet.properties.name } }));
    expect(
      changes.map((c) => [c.code, c.severity, c.base?.pointer, c.affects.map((a) => a.label).sort()]),
    ).toEqual([
      [
        "response-property-removed",
        "breaking",
        "/components/schemas/Pet/properties/tag",
        ["GET /pets", "GET /pets/{id}"],
      ],
      ["request-property-removed", "warning", "/components/schemas/Pet/properties/tag", ["PUT /pets/{id}"]],
    ]);
    expect(changes[0]!.message).toBe("schema Pet: property tag removed");
  });

  it("does not see a renamed component with the same shape as a change", () => {
    const renamed = JSON.parse(JSON.stringify(doc(pet)).replaceAll("schemas/Pet", "schemas/Animal")) as Doc;
    renamed.components = { schemas: { Animal: pet } };
    expect(diff(doc(pet), renamed)).toEqual([]);
  });

  it("walks recursive schemas once and still finds changes deep inside", () => {
    const tree = (leaf: unknown) => ({
      type: "object",
      properties: { value: leaf, children: { type: "array", items: { $ref: "#/components/schemas/Pet" } } },
    });
    const changes = diff(doc(tree({ type: "string" })), doc(tree({ type: "string", maxLength: 3 })));
    expect(summary(changes).map((c) => [c.code, c.severity, c.head])).toEqual([
      ["request-max-length-tightened", "breaking", "/components/schemas/Pet/properties/value/maxLength"],
      ["response-max-length-tightened", "info", "/components/schemas/Pet/properties/value/maxLength"],
    ]);
  });
});

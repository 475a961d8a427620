/**
 * One table per semantic rule: a small spec (`given`) and the findings of that rule it must produce
 * (`want`: pointers), plus near-misses that must stay silent.
 */
import { type Diagnostic, loadSpecFromString, validateSpec } from "@contract/core";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";

interface Case {
  name: string;
  given: Record<string, unknown>;
  want: string[];
}

const info = { title: "t", version: "1" };
const ok = { "200": { description: "ok" } };

async function findings(doc: Record<string, unknown>, code: string): Promise<Diagnostic[]> {
  const loaded = await loadSpecFromString(stringify(doc), { path: "/virtual/openapi.yaml" });
  return validateSpec(loaded).filter((d) => d.code === code);
}

function table(code: string, cases: Case[]) {
  describe(code, () => {
    it.each(cases)("$name", async ({ given, want }) => {
      const found = await findings({ openapi: "3.1.0", info, ...given }, code);
      expect(found.map((d) => d.pointer).sort()).toEqual([...want].sort());
      for (const d of found) expect(d.message.length).toBeGreaterThan(10);
    });
  });
}

table("duplicate-operation-id", [
  {
    name: "same id on two paths",
    given: {
      paths: {
        "/a": { get: { operationId: "x", responses: ok } },
        "/b": { get: { operationId: "x", responses: ok } },
      },
    },
    want: ["/paths/~1b/get/operationId"],
  },
  {
    name: "same id on a path and a webhook",
    given: {
      paths: { "/a": { get: { operationId: "x", responses: ok } } },
      webhooks: { created: { post: { operationId: "x", responses: ok } } },
    },
    want: ["/webhooks/created/post/operationId"],
  },
  {
    name: "one path item referenced twice is not a duplicate",
    given: {
      paths: {
        "/a": { $ref: "#/components/pathItems/A" },
        "/b": { get: { operationId: "y", responses: ok } },
      },
      webhooks: { a: { $ref: "#/components/pathItems/A" } },
      components: { pathItems: { A: { post: { operationId: "x", responses: ok } } } },
    },
    want: [],
  },
  {
    name: "distinct ids",
    given: {
      paths: {
        "/a": { get: { operationId: "x", responses: ok }, post: { operationId: "y", responses: ok } },
      },
    },
    want: [],
  },
]);

table("path-param-undeclared", [
  {
    name: "template variable without a parameter",
    given: { paths: { "/a/{id}": { get: { responses: ok } } } },
    want: ["/paths/~1a~1{id}/get"],
  },
  {
    name: "declared at the path item level",
    given: {
      paths: {
        "/a/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          get: { responses: ok },
        },
      },
    },
    want: [],
  },
  {
    name: "declared through a $ref",
    given: {
      paths: { "/a/{id}": { get: { parameters: [{ $ref: "#/components/parameters/Id" }], responses: ok } } },
      components: {
        parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
      },
    },
    want: [],
  },
  {
    name: "a query parameter of the same name does not count",
    given: {
      paths: {
        "/a/{id}": {
          get: { parameters: [{ name: "id", in: "query", schema: { type: "string" } }], responses: ok },
        },
      },
    },
    want: ["/paths/~1a~1{id}/get"],
  },
  {
    name: "a variable of the key's query part may be declared in: query",
    given: {
      paths: {
        "/search?query={query}": {
          get: { parameters: [{ name: "query", in: "query", schema: { type: "string" } }], responses: ok },
        },
      },
    },
    want: [],
  },
  {
    name: "a variable of the key's query part declared nowhere is left to path-key-query",
    given: { paths: { "/icons?term={term}": { get: { responses: ok } } } },
    want: [],
  },
  {
    name: "a variable of the path part still needs in: path when the key has a query part",
    given: {
      paths: {
        "/a/{id}?view={view}": {
          get: {
            parameters: [
              { name: "id", in: "query", schema: { type: "string" } },
              { name: "view", in: "path", required: true, schema: { type: "string" } },
            ],
            responses: ok,
          },
        },
      },
    },
    want: ["/paths/~1a~1{id}?view={view}/get"],
  },
]);

table("path-key-query", [
  {
    name: "a key with a query part, one finding per key",
    given: {
      paths: {
        "/reports?action=list": { get: { responses: ok }, post: { responses: ok } },
        "/fax?from={from}": {
          get: { parameters: [{ name: "from", in: "path", required: true, schema: {} }], responses: ok },
        },
      },
    },
    want: ["/paths/~1reports?action=list", "/paths/~1fax?from={from}"],
  },
  {
    name: "a key without one",
    given: { paths: { "/reports": { get: { responses: ok } } } },
    want: [],
  },
]);

describe("path-key-query's message", () => {
  it("says how each variable of the query part is filled, and names those declared nowhere", async () => {
    const [d] = await findings(
      {
        openapi: "3.1.0",
        info,
        paths: {
          "/icons?term={term}&amount={amount}&q={q}": {
            get: {
              parameters: [
                { name: "amount", in: "path", required: true, schema: {} },
                { name: "q", in: "query", schema: {} },
              ],
              responses: ok,
            },
          },
        },
      },
      "path-key-query",
    );
    expect(d?.severity).toBe("warning");
    expect(d?.message).toContain('"term" is declared nowhere');
    expect(d?.message).toContain("required string");
    expect(d?.message).toContain('"q"');
    expect(d?.message).not.toContain('"amount" is declared nowhere');
  });
});

table("path-param-unused", [
  {
    name: "operation parameter not in the template",
    given: {
      paths: {
        "/a": {
          get: { parameters: [{ name: "id", in: "path", required: true, schema: {} }], responses: ok },
        },
      },
    },
    want: ["/paths/~1a/get/parameters/0"],
  },
  {
    name: "path-item parameter not in the template",
    given: {
      paths: {
        "/a": {
          parameters: [{ name: "id", in: "path", required: true, schema: {} }],
          get: { responses: ok },
        },
      },
    },
    want: ["/paths/~1a/parameters/0"],
  },
  {
    name: "path parameter on a webhook",
    given: {
      webhooks: {
        w: { post: { parameters: [{ name: "id", in: "path", required: true, schema: {} }], responses: ok } },
      },
    },
    want: ["/webhooks/w/post/parameters/0"],
  },
  {
    name: "matching parameter",
    given: {
      paths: {
        "/a/{id}": {
          get: { parameters: [{ name: "id", in: "path", required: true, schema: {} }], responses: ok },
        },
      },
    },
    want: [],
  },
]);

table("duplicate-parameter", [
  {
    name: "same name and location twice",
    given: {
      paths: {
        "/a": {
          get: {
            parameters: [{ name: "q", in: "query", schema: {} }, { $ref: "#/components/parameters/Q" }],
            responses: ok,
          },
        },
      },
      components: { parameters: { Q: { name: "q", in: "query", schema: {} } } },
    },
    want: ["/paths/~1a/get/parameters/1"],
  },
  {
    name: "header names differ only in case",
    given: {
      paths: {
        "/a": {
          parameters: [
            { name: "X-Id", in: "header", schema: {} },
            { name: "x-id", in: "header", schema: {} },
          ],
        },
      },
    },
    want: ["/paths/~1a/parameters/1"],
  },
  {
    name: "same name in different locations, and an operation overriding its path item",
    given: {
      paths: {
        "/a": {
          parameters: [{ name: "q", in: "query", schema: {} }],
          get: {
            parameters: [
              { name: "q", in: "query", schema: {} },
              { name: "q", in: "header", schema: {} },
            ],
            responses: ok,
          },
        },
      },
    },
    want: [],
  },
]);

table("unresolved-ref", [
  {
    name: "missing component",
    given: {
      paths: { "/a": { get: { responses: { "200": { $ref: "#/components/responses/Nope" } } } } },
      components: { responses: {} },
    },
    want: ["/paths/~1a/get/responses/200/$ref"],
  },
  {
    name: "a $ref inside an example is data",
    given: {
      paths: {
        "/a": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: {
                  "application/json": { schema: { type: "object" }, example: { $ref: "#/nowhere" } },
                },
              },
            },
          },
        },
      },
    },
    want: [],
  },
]);

table("path-template-ambiguous", [
  {
    name: "same shape, different names",
    given: { paths: { "/a/{x}": {}, "/a/{y}": {}, "/a/b": {} } },
    want: ["/paths/~1a~1{y}"],
  },
  { name: "different shapes", given: { paths: { "/a/{x}": {}, "/a/{x}/b": {} } }, want: [] },
]);

table("operation-success-response", [
  {
    name: "only errors declared",
    given: { paths: { "/a": { get: { responses: { "404": { description: "no" } } } } } },
    want: ["/paths/~1a/get/responses"],
  },
  { name: "no responses at all", given: { paths: { "/a": { get: {} } } }, want: ["/paths/~1a/get"] },
  {
    name: "a redirect-only download succeeds; a redirect-only webhook does not",
    given: {
      paths: { "/file": { get: { responses: { "302": { description: "to storage" } } } } },
      webhooks: { w: { post: { responses: { "301": { description: "moved" } } } } },
    },
    want: ["/webhooks/w/post/responses"],
  },
  {
    name: "2XX range, default and webhooks without responses are fine",
    given: {
      paths: {
        "/a": {
          get: { responses: { "2XX": { description: "ok" } } },
          put: { responses: { default: { description: "d" } } },
        },
      },
      webhooks: { w: { post: {} } },
    },
    want: [],
  },
  {
    name: "webhook listing only a failure response",
    given: { webhooks: { w: { post: { responses: { "410": { description: "gone: stop sending" } } } } } },
    want: ["/webhooks/w/post/responses"],
  },
]);

table("webhook-without-operation", [
  { name: "empty webhook entry", given: { webhooks: { w: { summary: "nothing" } } }, want: ["/webhooks/w"] },
  { name: "webhook with post", given: { webhooks: { w: { post: { responses: ok } } } }, want: [] },
]);

table("security-scheme-undefined", [
  {
    name: "document and operation requirements naming unknown schemes",
    given: {
      security: [{ apiKey: [] }],
      paths: { "/a": { get: { security: [{}, { oauth: ["read"] }], responses: ok } } },
      components: { securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-Key" } } },
    },
    want: ["/paths/~1a/get/security/1/oauth"],
  },
]);

table("request-body-method", [
  {
    name: "GET and DELETE with a body, POST without complaint",
    given: {
      paths: {
        "/a": {
          get: { requestBody: { content: { "application/json": {} } }, responses: ok },
          delete: { requestBody: { content: { "application/json": {} } }, responses: ok },
          post: { requestBody: { content: { "application/json": {} } }, responses: ok },
        },
      },
    },
    want: ["/paths/~1a/get/requestBody", "/paths/~1a/delete/requestBody"],
  },
]);

const petVariants = {
  Cat: { type: "object", required: ["kind"], properties: { kind: { const: "cat" } } },
  Dog: { type: "object", properties: { kind: { const: "dog" } } },
  Base: { type: "object", required: ["kind"] },
  Bird: { allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object" }] },
};

table("discriminator-property-required", [
  {
    name: "one variant does not require the property",
    given: {
      components: {
        schemas: {
          ...petVariants,
          Pet: {
            oneOf: [
              { $ref: "#/components/schemas/Cat" },
              { $ref: "#/components/schemas/Dog" },
              { $ref: "#/components/schemas/Bird" },
            ],
            discriminator: { propertyName: "kind" },
          },
        },
      },
    },
    want: ["/components/schemas/Pet/discriminator/propertyName"],
  },
]);

table("discriminator-mapping-target", [
  {
    name: "mapping to a missing name and a missing pointer",
    given: {
      components: {
        schemas: {
          ...petVariants,
          Pet: {
            oneOf: [{ $ref: "#/components/schemas/Cat" }],
            discriminator: {
              propertyName: "kind",
              mapping: {
                cat: "Cat",
                dog: "Doggo",
                bird: "#/components/schemas/Birdie",
                base: "#/components/schemas/Base",
              },
            },
          },
        },
      },
    },
    want: [
      "/components/schemas/Pet/discriminator/mapping/dog",
      "/components/schemas/Pet/discriminator/mapping/bird",
    ],
  },
]);

table("server-variable-default", [
  {
    name: "default outside the enum, top level and on an operation",
    given: {
      servers: [
        {
          url: "https://{env}.example.com",
          variables: { env: { default: "dev", enum: ["prod", "staging"] } },
        },
      ],
      paths: {
        "/a": {
          get: {
            servers: [{ url: "https://{r}.x", variables: { r: { default: "eu", enum: ["eu", "us"] } } }],
            responses: ok,
          },
        },
      },
    },
    want: ["/servers/0/variables/env/default"],
  },
]);

table("server-variable-undeclared", [
  {
    name: "URL variable without a declaration",
    given: {
      servers: [{ url: "https://{region}.example.com/{version}", variables: { version: { default: "v1" } } }],
    },
    want: ["/servers/0/url"],
  },
]);

table("component-unused", [
  {
    name: "unreferenced schema and parameter; mapping targets and nested refs count as use",
    given: {
      paths: { "/a": { get: { responses: { "200": { $ref: "#/components/responses/Ok" } } } } },
      components: {
        responses: {
          Ok: {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } },
          },
        },
        schemas: {
          Pet: {
            oneOf: [{ $ref: "#/components/schemas/Cat/properties/kind" }],
            discriminator: { propertyName: "kind", mapping: { dog: "Dog" } },
          },
          Cat: { properties: { kind: { type: "string" } } },
          Dog: { type: "object" },
          Orphan: { type: "string" },
        },
        parameters: { Unused: { name: "u", in: "query", schema: {} } },
        securitySchemes: { key: { type: "apiKey", in: "header", name: "k" } },
      },
    },
    want: ["/components/schemas/Orphan", "/components/parameters/Unused", "/components/securitySchemes/key"],
  },
]);

const param = (name: string) => ({ name, in: "query", schema: { type: "string" } });
const body = { description: "b", content: { "application/json": { schema: {} } } };

table("component-unused", [
  {
    name: "parameters referenced from operation and path-item parameter lists",
    given: {
      paths: {
        "/a": {
          parameters: [{ $ref: "#/components/parameters/PathLevel" }],
          get: { parameters: [{ $ref: "#/components/parameters/OpLevel" }], responses: ok },
        },
      },
      webhooks: {
        w: { post: { parameters: [{ $ref: "#/components/parameters/InWebhook" }], responses: ok } },
      },
      components: {
        parameters: { PathLevel: param("p"), OpLevel: param("o"), InWebhook: param("w"), Unused: param("u") },
      },
    },
    want: ["/components/parameters/Unused"],
  },
  {
    name: "a schema used only by an inline parameter of a list",
    given: {
      paths: {
        "/a": {
          get: {
            parameters: [{ name: "q", in: "query", schema: { $ref: "#/components/schemas/Q" } }],
            responses: ok,
          },
        },
      },
      components: { schemas: { Q: { type: "string" }, Orphan: { type: "string" } } },
    },
    want: ["/components/schemas/Orphan"],
  },
  {
    name: "responses, request bodies, headers, examples and links by $ref",
    given: {
      paths: {
        "/a": {
          post: {
            operationId: "a",
            requestBody: { $ref: "#/components/requestBodies/B" },
            responses: {
              "200": { $ref: "#/components/responses/R" },
              "400": {
                description: "bad",
                headers: { "X-H": { $ref: "#/components/headers/H" } },
                content: { "application/json": { examples: { e: { $ref: "#/components/examples/E" } } } },
                links: { l: { $ref: "#/components/links/L" } },
              },
            },
          },
        },
      },
      components: {
        requestBodies: { B: body, UnusedBody: body },
        responses: { R: { description: "r" }, UnusedResponse: { description: "u" } },
        headers: { H: { schema: {} }, UnusedHeader: { schema: {} } },
        examples: { E: { value: 1 }, UnusedExample: { value: 2 } },
        links: { L: { operationId: "a" }, UnusedLink: { operationId: "a" } },
      },
    },
    want: [
      "/components/requestBodies/UnusedBody",
      "/components/responses/UnusedResponse",
      "/components/headers/UnusedHeader",
      "/components/examples/UnusedExample",
      "/components/links/UnusedLink",
    ],
  },
  {
    name: "callbacks and path items by $ref, schemas reached from a callback or a webhook",
    given: {
      paths: {
        "/a": { post: { callbacks: { c: { $ref: "#/components/callbacks/C" } }, responses: ok } },
        "/b": { $ref: "#/components/pathItems/P" },
      },
      webhooks: {
        w: {
          post: {
            requestBody: {
              content: { "application/json": { schema: { $ref: "#/components/schemas/Hook" } } },
            },
            responses: ok,
          },
        },
      },
      components: {
        callbacks: {
          C: {
            "{$request.body#/url}": {
              post: {
                requestBody: {
                  content: { "application/json": { schema: { $ref: "#/components/schemas/Cb" } } },
                },
                responses: ok,
              },
            },
          },
          UnusedCallback: { "{$request.body#/url}": { post: { responses: ok } } },
        },
        pathItems: { P: { get: { responses: ok } }, UnusedPathItem: { get: { responses: ok } } },
        schemas: { Hook: {}, Cb: {}, Orphan: {} },
      },
    },
    want: [
      "/components/callbacks/UnusedCallback",
      "/components/pathItems/UnusedPathItem",
      "/components/schemas/Orphan",
    ],
  },
  {
    name: "security schemes are used by name, at the root, on an operation or in a callback",
    given: {
      security: [{ root: [] }],
      paths: {
        "/a": {
          get: { security: [{ op: [] }, {}], responses: ok },
          post: {
            callbacks: { c: { "{$url}": { post: { security: [{ cb: [] }], responses: ok } } } },
            responses: ok,
          },
        },
      },
      webhooks: { w: { post: { security: [{ hook: ["read"] }], responses: ok } } },
      components: {
        schemas: {
          // a property named `security` is no security requirement
          S: { type: "object", properties: { security: { type: "array", items: { type: "string" } } } },
        },
        securitySchemes: Object.fromEntries(
          ["root", "op", "cb", "hook", "never"].map((n) => [n, { type: "http", scheme: "bearer" }]),
        ),
      },
    },
    want: ["/components/schemas/S", "/components/securitySchemes/never"],
  },
  {
    name: "schemas reached through a discriminator mapping: by name, by $ref, implicitly through allOf",
    given: {
      paths: {
        "/a": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: {
                  "application/json": {
                    schema: {
                      oneOf: [{ $ref: "#/components/schemas/Pet" }, { $ref: "#/components/schemas/Vehicle" }],
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Pet: {
            type: "object",
            required: ["kind"],
            properties: { kind: { type: "string" } },
            discriminator: {
              propertyName: "kind",
              mapping: { dog: "Dog", cat: "#/components/schemas/Cat" },
            },
          },
          Dog: { allOf: [{ $ref: "#/components/schemas/Pet" }] },
          Cat: { type: "object" },
          Vehicle: {
            type: "object",
            required: ["type"],
            properties: { type: { type: "string" } },
            discriminator: { propertyName: "type" },
          },
          Car: { allOf: [{ $ref: "#/components/schemas/Vehicle" }, { type: "object" }] },
          Plain: { type: "object" },
          NotAChild: { allOf: [{ $ref: "#/components/schemas/Plain" }] },
        },
      },
    },
    want: ["/components/schemas/NotAChild"],
  },
]);

table("component-unused", [
  {
    name: "a $ref in an extension is a use; one in example data or from the component itself is not",
    given: {
      paths: {
        "/a": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: {
                  "application/json": {
                    schema: {
                      type: "object",
                      "x-mapped-definition": { $ref: "#/components/schemas/Mapped" },
                    },
                    examples: { e: { value: { $ref: "#/components/examples/OnlyInData" } } },
                  },
                },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Mapped: { type: "string" },
          Recursive: { type: "object", properties: { child: { $ref: "#/components/schemas/Recursive" } } },
        },
        examples: { OnlyInData: { value: 1 } },
      },
    },
    want: ["/components/schemas/Recursive", "/components/examples/OnlyInData"],
  },
]);

describe("component-unused", () => {
  it("is silent on one operation using one parameter by $ref (issue #19)", async () => {
    const text = [
      "openapi: 3.1.0",
      "info: {title: t, version: '1'}",
      "paths:",
      "  /pets:",
      "    get:",
      "      parameters:",
      "        - $ref: '#/components/parameters/limit'",
      "      responses:",
      "        '200': {description: ok}",
      "components:",
      "  parameters:",
      "    limit:",
      "      name: limit",
      "      in: query",
      "      schema: {type: integer}",
      "",
    ].join("\n");
    const loaded = await loadSpecFromString(text, { path: "/virtual/openapi.yaml" });
    expect(validateSpec(loaded)).toEqual([]);
  });
});

table("media-type-invalid", [
  {
    name: "names that are not media types",
    given: {
      paths: {
        "/a": {
          post: {
            requestBody: { content: { json: {}, "application/json; charset=utf-8": {}, "*/*": {} } },
            responses: {
              "200": { description: "ok", content: { "text/plain, text/html": {}, "image/*": {} } },
            },
          },
        },
      },
    },
    want: [
      "/paths/~1a/post/requestBody/content/json",
      "/paths/~1a/post/responses/200/content/text~1plain, text~1html",
    ],
  },
]);

describe("rule diagnostics", () => {
  it("carry severity, code and a source location from the loader", async () => {
    const text = [
      "openapi: 3.1.0",
      "info: {title: t, version: '1'}",
      "paths:",
      "  /a/{id}:",
      "    get:",
      "      responses: {'200': {description: ok}}",
      "",
    ].join("\n");
    const loaded = await loadSpecFromString(text, { path: "/virtual/api.yaml" });
    const [d] = validateSpec(loaded).filter((x) => x.code === "path-param-undeclared");
    expect(d).toMatchObject({ severity: "error", pointer: "/paths/~1a~1{id}/get" });
    expect(d?.location).toMatchObject({ file: "/virtual/api.yaml", line: 5, col: 5 });
  });
});

table("webhook-signature-extension", [
  {
    name: "well-formed Fern and Speakeasy extensions that agree",
    given: {
      "x-fern-webhook-signature": { type: "hmac", header: "x-sig", algorithm: "sha256", encoding: "base64" },
      "x-speakeasy-webhooks": {
        security: {
          type: "signature",
          headerName: "x-sig",
          signatureTextEncoding: "base64",
          algorithm: "hmac-sha256",
        },
      },
      webhooks: { w: { post: { responses: ok } } },
    },
    want: [],
  },
  {
    name: "a Fern scheme without its header, and a Speakeasy encoding that does not exist",
    given: {
      "x-fern-webhook-signature": { type: "hmac", encoding: "hex" },
      "x-speakeasy-webhooks": {
        security: { type: "signature", headerName: "x-sig", signatureTextEncoding: "rot13" },
      },
    },
    want: ["/x-fern-webhook-signature/header", "/x-speakeasy-webhooks/security/signatureTextEncoding"],
  },
  {
    name: "a signed timestamp without its header; a webhook signing differently from the document",
    given: {
      "x-fern-webhook-signature": { type: "hmac", header: "x-sig" },
      webhooks: {
        a: {
          post: {
            responses: ok,
            "x-fern-webhook-signature": {
              type: "hmac",
              header: "x-sig",
              "payload-format": { components: ["timestamp", "body"], delimiter: "." },
            },
          },
        },
        b: { post: { responses: ok, "x-fern-webhook-signature": { type: "hmac", header: "x-other" } } },
      },
    },
    want: [
      "/webhooks/a/post/x-fern-webhook-signature/timestamp",
      "/webhooks/b/post/x-fern-webhook-signature",
    ],
  },
]);

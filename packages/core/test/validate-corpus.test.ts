/**
 * The acceptance bar on real material: the OAI schema-test fixtures (pass → no error, fail → at
 * least one error), and every real OpenAPI description of the test fixtures loads and checks without a
 * crash, with the findings recorded below (each one verified by hand against the spec).
 */
import { type Diagnostic, loadSpec, validateSpec } from "@contract/core";
import { FERRIES, fixture, oasSchemaTests } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";

const fixtures = (kind: "pass" | "fail") =>
  oasSchemaTests(kind).map((name) => name.slice(`oai/schema-tests/${kind}/`.length));

async function check(file: string): Promise<Diagnostic[]> {
  return validateSpec(await loadSpec(fixture(file)));
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === "error");

describe("OAI schema-test fixtures", () => {
  it("has fixtures to test", () => {
    expect(fixtures("pass").length).toBeGreaterThan(30);
    expect(fixtures("fail").length).toBeGreaterThan(10);
  });

  /**
   * The pass fixtures are schema tests: each is valid against the OAS schema, and `oas-schema`
   * never complains. Two are fragments that break rules the schema cannot express, which
   * `contract check` reports as errors (as `redocly lint` does with its recommended rules):
   */
  const SEMANTIC_ERRORS: Record<string, string[]> = {
    // PUT /pets/{id} declares `petId` instead of `id`, and names the undeclared scheme `petstore_auth`.
    "operation-object-example.yaml": [
      "path-param-undeclared",
      "path-param-unused",
      "security-scheme-undefined",
    ],
    // /user/{username} lists a path parameter `usernames` (an example of a list-valued parameter).
    "parameter-object-examples.yaml": ["path-param-unused"],
  };

  it.each(fixtures("pass"))("pass/%s has no schema errors", async (name) => {
    const found = errors(await check(`oai/schema-tests/pass/${name}`));
    expect([...new Set(found.map((d) => d.code))].sort()).toEqual(SEMANTIC_ERRORS[name] ?? []);
  });

  it.each(fixtures("fail"))("fail/%s has at least one error", async (name) => {
    const found = errors(await check(`oai/schema-tests/fail/${name}`));
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(d.location?.line).toBeGreaterThan(0);
  });
});

/**
 * Real descriptions → the error and warning codes they produce. Why, per spec:
 * - vercel: `/v13/deployments/{id}` vs `{idOrUrl}` and `/v2/secrets/{name}` vs `{idOrName}` are the
 *   same template (path-template-ambiguous); six operations list only error responses; DELETEs with bodies.
 * - discourse: GET/DELETE operations with request bodies.
 * - spotify: DELETEs with bodies; discriminator `type` not required by its variants.
 * - codat: `nullable` in a 3.1 document (loader warning); a Schema Object with an OpenAPI-style
 *   `examples` map where JSON Schema wants an array (schema-annotation).
 * - non-oauth-scopes: an operation without responses (allowed in 3.1, warned).
 * - 3.2 tags example: 3.2-only tag fields, checked against the 3.1 schema (warnings), operations without responses.
 * - GitHub REST (3.0.3): `/orgs/{org}/attestations/{subject_digest}` vs `{attestation_id}` (and one more
 *   pair) are ambiguous; DELETEs with bodies; discriminators whose property is not required.
 */
const REAL: Array<[file: string, errorCodes: string[], warningCodes: string[]]> = [
  ["apis-guru/apideck.com_crm.json", [], []],
  ["apis-guru/codat.io_assess.json", [], ["nullable-in-3.1", "schema-annotation"]],
  ["apis-guru/discourse.local.json", [], ["request-body-method"]],
  ["apis-guru/listennotes.com.json", [], []],
  ["apis-guru/spotify.com.json", [], ["discriminator-property-required", "request-body-method"]],
  [
    "apis-guru/vercel.com.json",
    ["path-template-ambiguous"],
    ["operation-success-response", "request-body-method"],
  ],
  [FERRIES, [], []],
  ["github/octokit-openapi-webhooks-12.1.0.api.github.com.json", [], []],
  ["github/octokit-openapi-webhooks-11.0.0.api.github.com.json", [], []],
  ["oai/examples/v3.0/api-with-examples.yaml", [], []],
  ["oai/examples/v3.0/callback-example.yaml", [], []],
  ["oai/examples/v3.0/link-example.yaml", [], []],
  ["oai/examples/v3.0/petstore-expanded.yaml", [], []],
  ["oai/examples/v3.0/petstore.yaml", [], []],
  ["oai/examples/v3.0/uspto.yaml", [], []],
  ["oai/examples/v3.1/non-oauth-scopes.json", [], ["operation-success-response"]],
  ["oai/examples/v3.1/non-oauth-scopes.yaml", [], ["operation-success-response"]],
  ["oai/examples/v3.1/tictactoe.json", [], []],
  ["oai/examples/v3.1/tictactoe.yaml", [], []],
  ["oai/examples/v3.1/webhook-example.json", [], []],
  ["oai/examples/v3.1/webhook-example.yaml", [], []],
  ["oai/examples/v3.2/3.2-tags-example.yaml", [], ["oas-schema", "operation-success-response"]],
  ["redocly-museum/openapi.yaml", [], []],
  [
    "github/octokit-openapi-23.0.2.api.github.com.json",
    ["path-template-ambiguous"],
    ["discriminator-property-required", "request-body-method"],
  ],
];

const codes = (ds: Diagnostic[], severity: Diagnostic["severity"]) =>
  [...new Set(ds.filter((d) => d.severity === severity).map((d) => d.code))].sort();

describe("real descriptions", () => {
  it.each(REAL)("%s", async (file, errorCodes, warningCodes) => {
    const found = await check(file);
    expect(codes(found, "error")).toEqual(errorCodes);
    expect(codes(found, "warning")).toEqual(warningCodes);
    for (const d of found.filter((x) => x.severity !== "info")) {
      expect(d.location, `${d.code} ${d.pointer}`).toBeDefined();
    }
  });
});

/** `contract check` in-process through `runCli`: exit codes, formats, and bad input. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { fixture } from "@contract/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

let dir: string;

async function check(...args: string[]) {
  const io = captureIO(dir);
  const code = await runCli(["check", ...args], io);
  return { code, out: io.out, err: io.err };
}

const VALID = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: ok}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-check-"));
  const files: Record<string, string> = {
    "valid.yaml": VALID,
    "warning.yaml": VALID.replace('"200": {description: ok}', '"404": {description: missing}'),
    "invalid.yaml": VALID.replace("required: true, ", ""),
    "dup-id.yaml": `${VALID}  /cats/{id}:\n    get:\n      operationId: getPet\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses: {"200": {description: ok}}\n`,
    "malformed.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'\npaths: {}\n",
    "duplicate-key.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n",
    "missing-pointer.yaml": VALID.replace(
      '"200": {description: ok}',
      '"200": {$ref: "#/components/responses/Nope"}',
    ),
    "swagger.yaml": "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
    "list.yaml": "- 1\n- 2\n",
    "empty.yaml": "",
    "percent.yaml": VALID.replace("/pets/{id}", "/100%/{id}"),
    "unused.yaml": `${VALID}components:\n  schemas:\n    Unused: {type: string}\n`,
    "everything-wrong.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
servers:
  - url: "https://{region}.example.com"
    variables: {env: {default: a, enum: [b]}}
security: [{nope: []}]
paths:
  /a/{x}:
    get:
      operationId: same
      parameters:
        - {name: q, in: query, schema: {}}
        - {name: q, in: query, schema: {}}
        - {name: y, in: path, required: true, schema: {}}
      requestBody: {content: {json: {}}}
      responses: {"404": {$ref: "#/components/responses/Missing"}}
  /a/{z}:
    get: {operationId: same, responses: {"200": {description: ok}}}
components:
  schemas:
    Unused: {type: string}
    Pet: {discriminator: {propertyName: kind, mapping: {a: Nope}}}
`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("contract check exit codes", () => {
  it("0 for a valid spec, with a summary", async () => {
    const r = await check("valid.yaml");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 spec checked in [\d.]+ s: all passed \(0 errors, 0 warnings, 0 info\)/);
  });

  it("0 with warnings, 1 with --strict or above --max-warnings", async () => {
    expect((await check("warning.yaml")).code).toBe(0);
    expect((await check("warning.yaml", "--strict")).code).toBe(1);
    expect((await check("warning.yaml", "--max-warnings", "0")).code).toBe(1);
    expect((await check("warning.yaml", "--max-warnings", "1")).code).toBe(0);
  });

  it("1 for schema and rule errors, located with a code frame", async () => {
    const r = await check("invalid.yaml");
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "invalid.yaml:8:11 error oas-schema item 0 of `parameters` is missing the required property `required`",
    );
    expect(r.out).toContain("  at #/paths/~1pets~1{id}/get/parameters/0");
    expect(r.out).toMatch(/> {2}8 \| {9}- \{name: id/);
    const dup = await check("dup-id.yaml");
    expect(dup.code).toBe(1);
    expect(dup.out).toContain("error duplicate-operation-id");
  });

  it("1 for a file that was read but is not a loadable spec, located", async () => {
    const malformed = await check("malformed.yaml");
    expect(malformed.code).toBe(1);
    expect(malformed.out).toMatch(/malformed\.yaml:\d+:\d+ error parse-error/);
    const dupKey = await check("duplicate-key.yaml");
    expect(dupKey.code).toBe(1);
    expect(dupKey.out).toMatch(/duplicate-key\.yaml:4:1 error duplicate-key/);
    const swagger = await check("swagger.yaml");
    expect(swagger.code).toBe(1);
    expect(swagger.out).toContain("Swagger 2.0 is not supported");
    const list = await check("list.yaml");
    expect(list.code).toBe(1);
    expect(list.out).toContain("list.yaml:1:1 error not-an-openapi-document");
    const empty = await check("empty.yaml");
    expect(empty.code).toBe(1);
    expect(empty.out).toContain("error not-an-openapi-document");
    const missing = await check("missing-pointer.yaml");
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/missing-pointer\.yaml:10:\d+ error unresolved-ref/);
  });

  it("2 for a missing file, bad flags, or no spec at all", async () => {
    const missing = await check("nope.yaml");
    expect(missing.code).toBe(2);
    expect(missing.out).toContain("nope.yaml");
    expect((await check("valid.yaml", "--format", "xml")).code).toBe(2);
    expect((await check("valid.yaml", "--max-warnings", "many")).code).toBe(2);
    expect((await check("valid.yaml", "--no-such-flag")).code).toBe(2);
    const none = await check();
    expect(none.code).toBe(2);
    expect(none.err).toContain("no spec given and no config file");
  });

  it("without specs, checks the contracts of the config file", async () => {
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, "api.yaml"), VALID);
    writeFileSync(join(project, "broken.yaml"), VALID.replace("required: true, ", ""));
    const config = (specs: string[]) =>
      JSON.stringify({ contracts: specs.map((spec, i) => ({ name: `c${i}`, spec, out: `./out${i}` })) });
    writeFileSync(join(project, "contract.config.json"), config(["./api.yaml"]));
    const io = captureIO(project);
    expect(await runCli(["check"], io)).toBe(0);
    expect(io.out).toContain("1 spec checked");

    writeFileSync(join(project, "other.config.json"), config(["./api.yaml", "./broken.yaml"]));
    const io2 = captureIO(project);
    expect(await runCli(["check", "--config", "other.config.json", "--format", "json"], io2)).toBe(1);
    expect(JSON.parse(io2.out).results.map((r: { spec: string }) => r.spec)).toEqual([
      "api.yaml",
      "broken.yaml",
    ]);

    writeFileSync(join(project, "bad.config.json"), '{"contracts": [{"spec": 5}]}');
    const io3 = captureIO(project);
    expect(await runCli(["check", "--config", "bad.config.json"], io3)).toBe(2);
    expect(io3.err).toMatch(/bad\.config\.json:1:\d+ error/);
  });

  it("checks several specs and fails if any fails", async () => {
    const r = await check("valid.yaml", "invalid.yaml", "--format", "json");
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out);
    expect(parsed.results.map((x: { spec: string; valid: boolean }) => [x.spec, x.valid])).toEqual([
      ["valid.yaml", true],
      ["invalid.yaml", false],
    ]);
    expect((await check("valid.yaml", "nope.yaml")).code).toBe(2);
  });
});

describe("contract check formats", () => {
  it("--format json", async () => {
    const r = await check("dup-id.yaml", "--format", "json");
    const parsed = JSON.parse(r.out);
    expect(parsed.version).toBe(1);
    const [result] = parsed.results;
    expect(result).toMatchObject({ spec: "dup-id.yaml", valid: false, errors: 1 });
    expect(result.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "duplicate-operation-id",
      pointer: "/paths/~1cats~1{id}/get/operationId",
      file: "dup-id.yaml",
      line: 13,
      col: 7,
    });
  });

  it("--format github, with escaping", async () => {
    const r = await check("percent.yaml", "--format", "github", "--strict");
    expect(r.code).toBe(0);
    const bad = await check("invalid.yaml", "--format", "github");
    expect(bad.out).toBe(
      "::error file=invalid.yaml,line=8,col=11,title=oas-schema::item 0 of `parameters` is missing the required property `required`%0A(at #/paths/~1pets~1{id}/get/parameters/0)\n",
    );
  });

  it("--format github annotates errors and warnings; info notices only with --include-info", async () => {
    const r = await check("unused.yaml", "--format", "github");
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    const withInfo = await check("unused.yaml", "--format", "github", "--include-info");
    expect(withInfo.out).toMatch(/^::notice file=unused\.yaml,line=\d+,col=\d+,title=component-unused::/);
    expect(withInfo.out.trimEnd().split("\n")).toHaveLength(1);
    expect((await check("unused.yaml", "--format", "github", "--include-info", "--quiet")).out).toBe("");
    expect((await check("unused.yaml")).out).toContain("component-unused");
  });

  it("every rule can be turned off in the config's validate.skip", async () => {
    const rules = JSON.parse((await check("--list-rules", "--format", "json")).out) as { code: string }[];
    const spec = "everything-wrong.yaml";
    const config = join(dir, "skip-all.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        contracts: [{ spec, out: "gen", validate: { skip: rules.map((r) => r.code) } }],
      }),
    );
    const all = await check(spec, "--format", "json");
    const found = new Set(
      JSON.parse(all.out).results[0].diagnostics.map((d: { code: string }) => d.code) as string[],
    );
    expect(found.size).toBeGreaterThan(5);
    const skipped = await check("--config", config, "--format", "json");
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.out).results[0].diagnostics).toEqual([]);
  });

  it("--skip-rule leaves diagnostics out", async () => {
    expect((await check("dup-id.yaml", "--skip-rule", "duplicate-operation-id")).code).toBe(0);
    expect((await check("warning.yaml", "--strict", "--skip-rule", "operation-success-response")).code).toBe(
      0,
    );
  });

  it("--list-rules prints every rule with its severity", async () => {
    const r = await check("--list-rules");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^oas-schema +error +blocks gen +The document must be valid/m);
    expect(r.out).toMatch(/^duplicate-operation-id +error /m);
    expect(r.out).toMatch(/^component-unused +info /m);
    const json = JSON.parse((await check("--list-rules", "--format", "json")).out);
    expect(json.length).toBeGreaterThan(10);
    expect(new Set(json.map((x: { code: string }) => x.code)).size).toBe(json.length);
  });

  it("--quiet leaves warnings out", async () => {
    const r = await check("warning.yaml", "--quiet");
    expect(r.out).not.toContain("operation-success-response");
    expect((await check("warning.yaml")).out).toContain("operation-success-response");
  });

  it("--quiet hides warnings from the list, not from the summary's counts", async () => {
    const r = await check("warning.yaml", "--quiet", "--strict");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 spec checked in [\d.]+ s: 1 failed \(0 errors, 1 warning, 0 info\)\n$/);
  });

  it("checks real descriptions without a stack trace", async () => {
    const r = await check(
      fixture("apis-guru/vercel.com.json"),
      fixture("redocly-museum/openapi.yaml"),
      fixture("oai/examples/v3.0/petstore.yaml"),
      "--format",
      "json",
    );
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    const parsed = JSON.parse(r.out);
    expect(parsed.results.map((x: { valid: boolean }) => x.valid)).toEqual([false, true, true]);
  });
});

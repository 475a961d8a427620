/**
 * Which findings stop `contract gen`: errors that make the output wrong (schema errors, unresolved or
 * refused `$ref`s) do; lint-level errors (`path-template-ambiguous`...) are printed and generation
 * proceeds, unless `--strict`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { GEN_BLOCKING, VALIDATION_RULES } from "@contract/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

let dir: string;

const AMBIGUOUS = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a/{x}:
    get:
      operationId: getX
      parameters: [{name: x, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /a/{y}:
    delete:
      operationId: deleteY
      parameters: [{name: y, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: gone}}
`;

const OUTSIDE = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "../outside.yaml"}
`;

/** Document-schema errors only in metadata no generator reads, and one in an operation. */
const METADATA = `openapi: 3.1.0
info:
  title: t
  version: "1"
  termsOfService: "https://example.com/terms | https://example.com/premium"
  contact: {email: "support at example.com"}
tags: [{name: a, externalDocs: {url: "not a url"}}]
paths:
  /a:
    get:
      operationId: getA
      responses: {"200": {description: ok}}
`;
/** A 3.0 document whose XML Objects have keys the 3.0 schema does not allow; a property is named `xml`. */
const XML = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/xml:
              schema: {$ref: "#/components/schemas/Package"}
components:
  schemas:
    Package:
      type: object
      xml: {name: package, example: "<package/>"}
      properties:
        xml:
          type: string
          xml: {attribute: true, wrapped: "no"}
`;
/** The same, with a document-schema error in the schema named \`xml\` itself, not in an XML Object. */
const XML_PROPERTY = XML.replace(
  "        xml:\n          type: string",
  "        xml:\n          type: string\n          externalDocs: {description: docs}",
);
const OPERATION = METADATA.replace("operationId: getA", 'operationId: getA\n      deprecated: "yes"');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-gen-blocking-"));
  mkdirSync(join(dir, "spec"));
  writeFileSync(join(dir, "spec", "ambiguous.yaml"), AMBIGUOUS);
  writeFileSync(join(dir, "spec", "outside.yaml"), OUTSIDE);
  writeFileSync(join(dir, "outside.yaml"), "type: string\n");
  writeFileSync(join(dir, "spec", "metadata.yaml"), METADATA);
  writeFileSync(join(dir, "spec", "operation.yaml"), OPERATION);
  writeFileSync(join(dir, "spec", "xml.yaml"), XML);
  writeFileSync(join(dir, "spec", "xml-property.yaml"), XML_PROPERTY);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = captureIO(dir);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe("gen: blocking and lint-level findings", () => {
  it("path-template-ambiguous is printed, and generation proceeds", async () => {
    const out = join(dir, "out-ambiguous");
    const result = await run("gen", "spec/ambiguous.yaml", "--out", out);
    expect(result.err).toMatch(/spec\/ambiguous\.yaml:\d+:\d+ error path-template-ambiguous/);
    expect(result.code).toBe(0);
    expect(existsSync(join(out, "client.ts"))).toBe(true);
  });

  it("document-schema errors in info, tags or externalDocs are printed, and generation proceeds", async () => {
    const out = join(dir, "out-metadata");
    const result = await run("gen", "spec/metadata.yaml", "--out", out);
    expect(result.err).toMatch(/spec\/metadata\.yaml:5:\d+ error oas-schema .*termsOfService/);
    expect(result.err).toMatch(/spec\/metadata\.yaml:6:\d+ error oas-schema/);
    expect(result.err).toMatch(/spec\/metadata\.yaml:7:\d+ error oas-schema/);
    expect(result.code).toBe(0);
    expect(existsSync(join(out, "client.ts"))).toBe(true);
    const strict = await run(
      "gen",
      "spec/metadata.yaml",
      "--out",
      join(dir, "out-metadata-strict"),
      "--strict",
    );
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/not generated/);
  });

  it("document-schema errors in a schema's XML Object are printed, and generation proceeds", async () => {
    const out = join(dir, "out-xml");
    const result = await run("gen", "spec/xml.yaml", "--out", out);
    expect(result.err).toMatch(/spec\/xml\.yaml:17:\d+ error oas-schema .*`example`/);
    expect(result.err).toMatch(/spec\/xml\.yaml:21:\d+ error oas-schema .*`wrapped`/);
    expect(result.code).toBe(0);
    expect(existsSync(join(out, "client.ts"))).toBe(true);
    // A property named `xml` is a schema, not an XML Object: an error in it still refuses.
    const property = await run("gen", "spec/xml-property.yaml", "--out", join(dir, "out-xml-property"));
    expect(property.err).toMatch(/xml-property\.yaml:21:\d+ error oas-schema .*`url`/);
    expect(property.code).toBe(1);
    expect((await run("gen", "spec/xml.yaml", "--out", join(dir, "out-xml-strict"), "--strict")).code).toBe(
      1,
    );
  });

  it("a document-schema error in what generators read still refuses", async () => {
    const out = join(dir, "out-operation");
    const result = await run("gen", "spec/operation.yaml", "--out", out);
    expect(result.err).toMatch(/spec\/operation\.yaml:12:\d+ error oas-schema .*deprecated/);
    expect(result.err).toMatch(/not generated/);
    expect(result.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it("--strict refuses it", async () => {
    const out = join(dir, "out-strict");
    const result = await run("gen", "spec/ambiguous.yaml", "--out", out, "--strict");
    expect(result.err).toMatch(/error path-template-ambiguous/);
    expect(result.err).toMatch(/not generated/);
    expect(result.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it("a $ref leaving the spec's folder: the diagnostic check gives, and no generation", async () => {
    const check = await run("check", "spec/outside.yaml");
    const line = /spec\/outside\.yaml:12:\d+ \w+ ref-outside-root/;
    expect(check.out).toMatch(line);
    const result = await run("gen", "spec/outside.yaml", "--out", join(dir, "out-outside"));
    expect(result.err).toMatch(line);
    expect(result.err).not.toMatch(/internal error|Error parsing/);
    expect(result.code).toBe(1);
  });

  it("every rule is classified in one table, shown by --list-rules", async () => {
    for (const rule of VALIDATION_RULES) expect(GEN_BLOCKING[rule.code], rule.code).toBeTypeOf("boolean");
    expect(GEN_BLOCKING["path-template-ambiguous"]).toBe(false);
    expect(GEN_BLOCKING["schema-object"]).toBe(true);
    const list = await run("check", "--list-rules");
    expect(list.out).toMatch(/path-template-ambiguous\s+error\s+lint\s/);
    expect(list.out).toMatch(/schema-object\s+error\s+blocks gen\s/);
  });
});

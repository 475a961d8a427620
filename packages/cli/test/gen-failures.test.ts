/**
 * `contract gen` on specs a generator cannot handle: a located diagnostic (file:line:col and the
 * pointer of the schema being generated) and exit 1, never "internal error"; each path printed once.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

let dir: string;

const spec = (schema: string) => `openapi: 3.1.0
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
              schema: {$ref: "#/components/schemas/A"}
components:
  schemas:
    Fine: {type: string}
    A:
${schema}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-gen-failures-"));
  writeFileSync(
    join(dir, "bad-type.yaml"),
    spec("      type: object\n      properties:\n        n: {type: integr}"),
  );
  writeFileSync(join(dir, "bad-minimum.yaml"), spec('      type: number\n      minimum: "one"'));
  writeFileSync(join(dir, "malformed.yaml"), "openapi: 3.1.0\ninfo: {title: t, version: '1'\npaths: {}\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function gen(...argv: string[]) {
  const io = captureIO(dir);
  const code = await runCli(["gen", ...argv], io);
  return { code, out: io.out, err: io.err };
}

describe("gen: a generator failing on the spec", () => {
  for (const file of ["bad-type.yaml", "bad-minimum.yaml"]) {
    it(`${file}, schema rules skipped: located generator-failed, exit 1`, async () => {
      const result = await gen(file, "--out", join(dir, `out-${file}`), "--skip-rule", "schema-object");
      expect(result.err).not.toMatch(/internal error/);
      expect(result.err).toMatch(
        new RegExp(`${file.replace(".", "\\.")}:1[6-9]:\\d+ error generator-failed`),
      );
      expect(result.err).toMatch(/at #\/components\/schemas\/A/);
      expect(result.code).toBe(1);
    });
  }

  it("without skipping, check's schema-object errors refuse it first", async () => {
    const result = await gen("bad-type.yaml", "--out", join(dir, "out-refused"));
    expect(result.err).toMatch(/error schema-object/);
    expect(result.code).toBe(1);
  });

  it("prints the spec's path once for a spec that cannot be loaded", async () => {
    const result = await gen("malformed.yaml", "--out", join(dir, "out-malformed"));
    expect(result.code).toBe(1);
    expect(result.err.match(/malformed\.yaml/g)).toHaveLength(1);
  });
});

/**
 * Specs nested thousands of levels deep: every command answers with a located diagnostic and
 * exit 1, never a stack overflow ("Maximum call stack size exceeded") or an internal error.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

let dir: string;

const wrap = (schema: string) =>
  `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}},"webhooks":{"ev":{"post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}},"responses":{"200":{"description":"ok"}}}}},"components":{"schemas":{"A":${schema}}}}`;
const nest = (n: number, open: string, close: string) =>
  open.repeat(n) + '{"type":"string"}' + close.repeat(n);

const SPECS: Record<string, () => string> = {
  "objects-3000.json": () => wrap(nest(3000, '{"type":"object","properties":{"p":', "}}")),
  "arrays-3000.json": () => wrap(nest(3000, '{"type":"array","items":', "}")),
  "allof-3000.json": () => wrap(nest(3000, '{"allOf":[', "]}")),
  "arrays-10000.json": () => wrap(nest(10_000, '{"type":"array","items":', "}")),
  "objects-10000.json": () => wrap(nest(10_000, '{"type":"object","properties":{"p":', "}}")),
  // YAML: flow style (10,000 levels in a small file) and block style.
  "flow-10000.yaml": () => wrap(nest(10_000, "{type: array, items: ", "}")).replace(/"/g, ""),
  "block-1000.yaml": () => {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n";
    let indent = "      ";
    for (let i = 0; i < 1000; i++) {
      text += `${indent}type: array\n${indent}items:\n`;
      indent += " ";
    }
    return `${text}${indent}type: string\n`;
  },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-deep-"));
  for (const [name, make] of Object.entries(SPECS)) writeFileSync(join(dir, name), make());
  writeFileSync(join(dir, "shallow.json"), wrap('{"type":"string"}'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = captureIO(dir);
  const code = await runCli(argv, io);
  return { code, text: io.out + io.err };
}

function expectLocated(result: { code: number; text: string }, file: string) {
  expect(result.text).not.toMatch(/internal error|call stack/i);
  expect(result.text).toMatch(/nest/);
  expect(result.text).toMatch(new RegExp(`${file.replace(".", "\\.")}:\\d+:\\d+`));
  expect(result.code).toBe(1);
}

describe("deep nesting", () => {
  for (const file of Object.keys(SPECS)) {
    it(`${file}: check, gen, diff and trigger give a located error`, async () => {
      expectLocated(await run("check", file), file);
      expectLocated(await run("gen", file, "--out", join(dir, `out-${file}`)), file);
      expectLocated(await run("diff", "shallow.json", file), file);
      expectLocated(await run("trigger", "--list", "--spec", file), file);
    });
  }

  it("files within the limit that nest too deep once bundled: located error", async () => {
    const half = (inner: string) => '{"type":"array","items":'.repeat(200) + inner + "}".repeat(200);
    writeFileSync(join(dir, "part.json"), half('{"type":"string"}'));
    writeFileSync(join(dir, "bundled.json"), wrap(half('{"$ref":"part.json"}')));
    for (const argv of [
      ["check", "bundled.json"],
      ["gen", "bundled.json", "--out", join(dir, "out-b")],
    ]) {
      const result = await run(...argv);
      expect(result.text).not.toMatch(/internal error|call stack/i);
      expect(result.text).toMatch(/nesting-too-deep/);
      expect(result.text).toMatch(/part\.json:\d+:\d+/);
      expect(result.code).toBe(1);
    }
  });

  it("nesting within the limit still works", async () => {
    writeFileSync(join(dir, "arrays-200.json"), wrap(nest(200, '{"type":"array","items":', "}")));
    const result = await run("gen", "arrays-200.json", "--out", join(dir, "out-200"));
    expect(result.text).not.toMatch(/error/);
    expect(result.code).toBe(0);
  });
});

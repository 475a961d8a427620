/**
 * `pnpm bench` imports every module under test/bench/benchmarks before it runs any: one module that
 * fails to load (a renamed helper, a moved fixture) stops every benchmark. Loading them here, without
 * running them, keeps that from reaching a benchmark run unnoticed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const benchmarks = fileURLToPath(new URL("../bench/benchmarks/", import.meta.url));
const files = readdirSync(benchmarks)
  .filter((f) => f.endsWith(".mjs"))
  .sort();

describe("benchmark modules", () => {
  it("there are benchmark modules to load", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)("%s loads and declares a name and cases", async (file) => {
    const mod = (await import(pathToFileURL(join(benchmarks, file)).href)).default;
    expect(typeof mod?.name).toBe("string");
    expect(Array.isArray(mod?.cases) && mod.cases.length > 0).toBe(true);
  });
});

describe("the tools the benchmarks compare against", () => {
  // openapi-typescript takes TypeScript as a peer: resolved to the native TypeScript 7 (which has no
  // JavaScript compiler API), its CLI dies on load and every gen benchmark loses its baseline.
  it("the openapi-typescript CLI writes types for a small spec", async () => {
    const { binOf } = await import("../bench/lib/paths.mjs");
    const dir = mkdtempSync(join(tmpdir(), "bench-baseline-"));
    try {
      const spec = join(dir, "spec.json");
      const schema = { type: "object", properties: { id: { type: "string" } } };
      writeFileSync(
        spec,
        JSON.stringify({
          openapi: "3.1.0",
          info: { title: "t", version: "1" },
          paths: {},
          components: { schemas: { Pet: schema } },
        }),
      );
      execFileSync(process.execPath, [binOf("openapi-typescript"), spec, "-o", join(dir, "types.ts")], {
        stdio: "pipe",
      });
      expect(readFileSync(join(dir, "types.ts"), "utf8")).toMatch(/Pet: \{\s+id\?: string;/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

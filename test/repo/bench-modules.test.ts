/**
 * `pnpm bench` imports every module under test/bench/benchmarks before it runs any: one module that
 * fails to load (a renamed helper, a moved fixture) stops every benchmark. Loading them here, without
 * running them, keeps that from reaching a benchmark run unnoticed.
 */
import { readdirSync } from "node:fs";
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

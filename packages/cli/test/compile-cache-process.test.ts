/**
 * The built bin turns on Node's module compile cache (Node 22.1+), so later runs reuse the code
 * compiled for our modules and dependencies instead of compiling them again. With the cache folder
 * left to Node (under the temp folder), a run must fill it; NODE_DISABLE_COMPILE_CACHE must keep it
 * empty. On Node 20, which has no such cache, the bin must run all the same.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "./helpers-gen.js";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));
const hasCompileCache =
  typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === "function";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

/** Runs `contract --help` with the temp folder moved into `dir`; returns the files the cache holds. */
function runAndListCache(extraEnv: Record<string, string> = {}): string[] {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dir, ...extraEnv };
  delete env.NODE_COMPILE_CACHE; // the bin's own call must be what turns the cache on
  if (extraEnv.NODE_DISABLE_COMPILE_CACHE === undefined) delete env.NODE_DISABLE_COMPILE_CACHE;
  const run = spawnSync(process.execPath, [BIN, "--help"], { env, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain("Usage: contract");
  const cache = join(dir, "node-compile-cache");
  if (!existsSync(cache)) return [];
  return readdirSync(cache, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe("the module compile cache", () => {
  it(`is filled by a run on Node 22.1+ and absent on Node 20 (this is ${process.version})`, () => {
    const files = runAndListCache();
    if (hasCompileCache) expect(files.length).toBeGreaterThan(0);
    else expect(files).toEqual([]);
  });

  it("stays off with NODE_DISABLE_COMPILE_CACHE", () => {
    expect(runAndListCache({ NODE_DISABLE_COMPILE_CACHE: "1" })).toEqual([]);
  });
});

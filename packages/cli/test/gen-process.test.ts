/** One real process: the built bin, as CI and users run it (`pnpm build` first). */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixture } from "@contract/test-fixtures";
import { afterEach, beforeEach, expect, it } from "vitest";
import { tempDir } from "./helpers-gen.js";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const contract = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });

it("`contract gen` and `contract gen --check` as a process", { timeout: 120_000 }, async () => {
  await writeFile(
    join(dir, "contract.config.yaml"),
    `contracts:\n  - name: museum\n    spec: ${JSON.stringify(fixture("redocly-museum/openapi.yaml"))}\n    out: generated\n`,
  );
  const gen = contract("gen");
  expect(gen.stderr).toBe("");
  expect(gen.status).toBe(0);
  expect(gen.stdout).toMatch(/museum → generated/);
  expect(await readFile(join(dir, "generated/types.ts"), "utf8")).toContain("export interface components");

  expect(contract("gen", "--check").status).toBe(0);
  await writeFile(join(dir, "generated/types.ts"), "stale");
  const check = contract("gen", "--check");
  expect(check.status).toBe(1);
  expect(check.stderr).toMatch(/stale\s+types\.ts/);
});

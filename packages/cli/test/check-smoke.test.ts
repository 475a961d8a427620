/**
 * The built `contract` binary as a user runs it: `--help`/`--version` for every command, and bad
 * input to `check` never ends in a stack trace.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildProgram } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(repo, "packages/cli/bin/contract.js");
const version = (await import("../package.json", { with: { type: "json" } })).default.version;
let dir: string;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

// The binary runs the built output, as `pnpm test` leaves it. Not rebuilt here: tsc of four
// packages is minutes of CPU on a busy machine, and it would rewrite the `dist` files that other
// test files' processes are loading at the same time.
beforeAll(() => {
  if (!existsSync(join(repo, "packages/cli/dist/bin.js")))
    throw new Error("run `pnpm run build` first: the binary runs the built packages");
  dir = mkdtempSync(join(tmpdir(), "contract-smoke-"));
  writeFileSync(join(dir, "malformed.yaml"), "openapi: 3.1.0\ninfo: [\n");
  writeFileSync(join(dir, "binary.json"), Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const commands = buildProgram({ stdout() {}, stderr() {}, cwd: ".", color: false }).commands.map((c) =>
  c.name(),
);

describe("contract binary", () => {
  it("has commands", () => {
    expect(commands).toContain("check");
  });

  it("ships precompiled OAS schema validators (no schema compilation at start)", () => {
    for (const version of ["3.0", "3.1"]) {
      expect(existsSync(join(repo, `packages/core/dist/validate/schema/oas-${version}.validator.cjs`))).toBe(
        true,
      );
    }
  });

  it.each(["", ...commands])("`%s --help` and `--version` work", (command) => {
    const prefix = command ? [command] : [];
    const help = run(...prefix, "--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: contract");
    const v = run(...prefix, "--version");
    expect(v.code).toBe(0);
    expect(v.out.trim()).toBe(version);
  });

  it.each([
    [["check", "missing.yaml"], 2],
    [["check", "malformed.yaml"], 1],
    [["check", "binary.json"], 1],
    [["check", "--format", "yaml", "malformed.yaml"], 2],
    [["check", "."], 2],
  ] as const)("check %j exits %i without a stack trace", (args, code) => {
    const r = run(...args);
    expect({ code: r.code, stackTrace: STACK_FRAME.test(r.out + r.err) }).toEqual({
      code,
      stackTrace: false,
    });
    expect((r.out + r.err).trim().length).toBeGreaterThan(0);
  });
});

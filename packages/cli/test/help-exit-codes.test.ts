/** Scripts branch on exit codes: every command's `--help` says what each of its codes means. */
import { describe, expect, it } from "vitest";
import { run } from "./helpers-gen.js";

const COMMANDS = ["check", "gen", "diff", "trigger", "verify", "mock", "deliveries"];

describe("--help", () => {
  it.each(COMMANDS)("of %s lists its exit codes", async (command) => {
    const { stdout, stderr } = await run([command, "--help"], process.cwd());
    expect(stdout + stderr).toMatch(/Exit codes: 0 .*, 1 .*, 2 could not run/);
  });
});

/**
 * `contract … | head -1`: a reader that closes the pipe early is normal shell use. The built bin
 * stops quietly (no EPIPE stack trace) with the exit code it would have had.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));

/** Runs the bin with a stdout pipe that is closed before the bin writes to it. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("stdout closed by the reader", () => {
  it.each(["trigger --help", "--help", "check --list-rules"])(
    "contract %s stops quietly",
    async (command) => {
      const { code, stderr } = await runWithClosedStdout(command.split(" "));
      expect(stderr).not.toContain("EPIPE");
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(code).toBe(0);
    },
  );
});

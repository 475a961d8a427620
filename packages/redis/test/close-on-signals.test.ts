/**
 * `closeOnSignals` with its default exit, in a real process sent a real SIGTERM. The processes run
 * the built package: `pnpm run build` first (`pnpm test` does).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./processes/close-on-signals.mjs", import.meta.url));
const built = existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)));

/** Starts the script, sends SIGTERM once it is ready, and resolves with its exit code and stderr. */
function terminated(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdout.on("data", (d) => {
    if (String(d).includes("ready")) child.kill("SIGTERM");
  });
  // "close", not "exit": at "exit" the child's stderr may not have been read to its end yet, and the
  // error it wrote just before exiting would be missing.
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

describe("closeOnSignals", () => {
  it("exits 0 once every worker closed", async () => {
    if (!built) throw new Error("run `pnpm run build` first: the process runs the built package");
    const { code, stderr } = await terminated({});
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("exits 1, with the error on stderr, when closing a worker failed", async () => {
    if (!built) throw new Error("run `pnpm run build` first: the process runs the built package");
    const { code, stderr } = await terminated({ CLOSE_FAILS: "1" });
    expect(stderr).toContain("the connection was reset while closing");
    expect(code).toBe(1);
  });
});

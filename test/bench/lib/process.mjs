import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CPU_REPORT = fileURLToPath(new URL("./cpu-report.cjs", import.meta.url));

/** Environment for third-party CLIs: no telemetry, update checks or colors during measurement. */
export const QUIET_ENV = {
  ...process.env,
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  CI: "true",
};

/**
 * Runs `node <script> ...args` and resolves when it exits. Output is collected (and discarded unless
 * the exit code is not among `okCodes`, in which case the run fails with the tail of stderr).
 * Wall time therefore includes Node startup for every tool alike. Resolves with `cpuMs`, the
 * child's own CPU time (see cpu-report.cjs), which the harness reports next to wall time.
 */
export function runNode(script, args, { cwd, okCodes = [0], env = QUIET_ENV } = {}) {
  const cpuFile = join(tmpdir(), `bench-cpu-${process.pid}-${randomBytes(4).toString("hex")}`);
  const childEnv = { ...env, CONTRACT_BENCH_CPU_FILE: cpuFile };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", CPU_REPORT, script, ...args], {
      cwd,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      let cpuMs;
      try {
        cpuMs = Number(readFileSync(cpuFile, "utf8"));
        rmSync(cpuFile);
      } catch {
        cpuMs = undefined;
      }
      if (okCodes.includes(code)) resolve({ code, stdout, stderr, cpuMs });
      else {
        const tail = (stderr || stdout).trim().split("\n").slice(-5).join(" | ");
        reject(new Error(`${script.split("/").slice(-3).join("/")} exited ${code}: ${tail}`));
      }
    });
  });
}

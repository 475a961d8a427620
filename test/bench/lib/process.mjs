import { spawn } from "node:child_process";

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
 * Wall time therefore includes Node startup for every tool alike.
 */
export function runNode(script, args, { cwd, okCodes = [0], env = QUIET_ENV } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
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
      if (okCodes.includes(code)) resolve({ code, stdout, stderr });
      else {
        const tail = (stderr || stdout).trim().split("\n").slice(-5).join(" | ");
        reject(new Error(`${script.split("/").slice(-3).join("/")} exited ${code}: ${tail}`));
      }
    });
  });
}

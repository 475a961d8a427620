import type { CliIO } from "../src/io.js";

/** A CliIO that records what a command prints, for in-process `runCli` tests. */
export function captureIO(cwd: string): CliIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd,
    color: false,
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}

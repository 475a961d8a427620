import type { CliIO } from "@contract/cli";

/** A CliIO that records what a command prints (stdout and stderr in order), for in-process `runCli`. */
export function captureIO(cwd: string): CliIO & { out: string } {
  const io = {
    out: "",
    cwd,
    color: false,
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.out += t;
    },
  };
  return io;
}

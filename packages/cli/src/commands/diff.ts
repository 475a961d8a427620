import type { Command } from "commander";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

export function registerDiff(program: Command, _io: CliIO): void {
  program
    .command("diff")
    .description("(not yet available)")
    .action(() => {
      throw new CliExit(EXIT_USAGE, "contract diff is not available yet");
    });
}

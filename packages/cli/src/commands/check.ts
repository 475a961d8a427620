import type { Command } from "commander";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

export function registerCheck(program: Command, _io: CliIO): void {
  program
    .command("check")
    .description("(not yet available)")
    .action(() => {
      throw new CliExit(EXIT_USAGE, "contract check is not available yet");
    });
}

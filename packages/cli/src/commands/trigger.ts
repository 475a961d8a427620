import type { Command } from "commander";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

export function registerTrigger(program: Command, _io: CliIO): void {
  program
    .command("trigger")
    .description("(not yet available)")
    .action(() => {
      throw new CliExit(EXIT_USAGE, "contract trigger is not available yet");
    });
}

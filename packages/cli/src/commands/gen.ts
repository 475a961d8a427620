import type { Command } from "commander";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";

export function registerGen(program: Command, _io: CliIO): void {
  program
    .command("gen")
    .description("(not yet available)")
    .action(() => {
      throw new CliExit(EXIT_USAGE, "contract gen is not available yet");
    });
}

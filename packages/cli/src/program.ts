import type { ContractError } from "@contract/core";
import { Command, CommanderError } from "commander";
import { registerCheck } from "./commands/check.js";
import { registerDeliveries } from "./commands/deliveries.js";
import { registerDiff } from "./commands/diff.js";
import { registerGen } from "./commands/gen.js";
import { registerMock } from "./commands/mock.js";
import { registerTrigger } from "./commands/trigger.js";
import { registerVerify } from "./commands/verify.js";
import { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import type { CliIO } from "./io.js";
import { CLI_VERSION } from "./version.js";

/** Every command registers itself here; each lives in its own module under ./commands. */
const COMMANDS = [
  registerCheck,
  registerGen,
  registerDiff,
  registerTrigger,
  registerDeliveries,
  registerVerify,
  registerMock,
];

export function buildProgram(io: CliIO): Command {
  const program = new Command("contract")
    .description(
      "One OpenAPI 3.1 contract → typed client, typed webhook handlers, runtime validators and CI checks.",
    )
    .version(CLI_VERSION, "-v, --version")
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of COMMANDS) register(program, io);
  // Every subcommand inherits error handling and `--version`.
  for (const command of program.commands) {
    command
      .version(CLI_VERSION, "-v, --version")
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    return await exitCodeFor(error, io);
  }
}

async function exitCodeFor(error: unknown, io: CliIO): Promise<number> {
  if (error instanceof CliExit) {
    if (error.message) io.stderr(`${error.message}\n`);
    return error.code;
  }
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0; bad flags with 1 → usage error.
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  // Imported here, not at startup: @contract/core is most of the CLI's load time, and `--help`,
  // `--version` and an up-to-date `contract gen` never need it.
  const core = await import("@contract/core").catch(() => undefined);
  if (core && error instanceof core.ContractError) {
    // A spec that was read but cannot be used (too deep, malformed): a located finding, exit 1.
    if (isFinding(error)) {
      const { tellFindings } = await import("./format/index.js");
      tellFindings(io, {
        spec: error.diagnostics[0]?.location?.file ?? "",
        diagnostics: error.diagnostics,
        passed: false,
      });
      return EXIT_FINDINGS;
    }
    io.stderr(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  // A bug in contract itself: still no stack trace unless asked for.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`internal error: ${message}\n`);
  if (process.env.CONTRACT_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT_USAGE;
}

/** Loader diagnostics that mean the input could not be read at all (rather than read and found wrong). */
const UNREADABLE = new Set(["file-not-found", "file-unreadable"]);

/** A ContractError about the content of a spec (located diagnostics), not about reaching it. */
export function isFinding(error: ContractError): boolean {
  return (
    error.diagnostics.length > 0 &&
    error.diagnostics.every((d) => d.location !== undefined && !UNREADABLE.has(d.code))
  );
}

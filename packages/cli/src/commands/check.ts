/**
 * `contract check [spec...]`: the CI schema check. Loads each spec, validates it (official OpenAPI
 * schema + semantic rules) and prints located diagnostics. Without specs, checks the spec of every
 * contract in the config file (`contract.config.*` in the working folder, or `--config`).
 *
 * Exit codes: 0 every spec passed (warnings allowed unless `--strict`/`--max-warnings`), 1 findings,
 * 2 could not run (bad flags, a file that cannot be read). A file that was read but is not a valid
 * OpenAPI document (malformed YAML, duplicate keys, Swagger 2.0) is a finding about that file: it is
 * reported like any other error, located, and exits 1.
 *
 * This module only declares the command (its `--help` needs nothing more); the work is in
 * ./check-run.ts, imported when the command runs.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { CliExit, EXIT_OK } from "../exit-codes.js";
import { OUTPUT_FORMATS } from "../format/formats.js";
import type { CliIO } from "../io.js";
import type { CheckOptions } from "./check-run.js";

export type { CheckOptions } from "./check-run.js";

export function registerCheck(program: Command, io: CliIO): void {
  program
    .command("check")
    .description(
      "Validate OpenAPI specs: the official OpenAPI JSON Schema plus semantic rules (exit 1 on errors)",
    )
    .argument("[spec...]", "OpenAPI 3.x files (JSON or YAML); default: the specs of the config file")
    .option(
      "-c, --config <file>",
      "check the specs of this config file (default: contract.config.* in the working folder)",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(OUTPUT_FORMATS).default("human"))
    .option("--strict", "fail on warnings as well as errors")
    .option("--max-warnings <count>", "fail when there are more than <count> warnings", nonNegativeInteger)
    .option("-q, --quiet", "report errors only")
    .option(
      "--include-info",
      "with --format github, annotate info findings too (notices; left out by default so they do not bury errors and warnings)",
    )
    .option(
      "--skip-rule <code...>",
      "diagnostic codes to leave out (in addition to the config's `validate.skip`)",
    )
    .option("--list-rules", "print the validation rules (code, severity, what they check) and exit")
    .option(
      "--suggest-links",
      "also suggest links from webhooks to GET operations (a payload object the operation returns, its path parameters found in the payload), with the YAML to add; advice only, never changes the exit code",
    )
    .option("--allow-remote-refs", "follow $refs to http(s) URLs")
    .option("--allow-refs-outside-root", "follow $refs to files outside the spec's folder")
    .addHelpText(
      "after",
      "\nExit codes: 0 valid, 1 findings (errors; warnings too with --strict), 2 could not run (bad flags, unreadable file).",
    )
    .action(async (specs: string[], options: CheckOptions) => {
      if (options.skipRule?.length) (await import("../rule-codes.js")).assertKnownRuleCodes(options.skipRule);
      const { runCheck } = await import("./check-run.js");
      const code = await runCheck(specs, options, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of warnings (0 or more)");
  return Number(value);
}

/**
 * `contract gen [spec] [--out dir] [--config file] [--check] [--contract name...]`: the flags. The work
 * is in ../gen/run.ts, imported only when the command runs.
 *
 * Exit codes: 0 done (or up to date), 1 findings (spec errors, out-of-date files), 2 could not run
 * (bad flags, bad config, unreadable spec, refused write).
 */
import type { Command } from "commander";
import { CliExit, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import type { GenFlags } from "../gen/targets.js";
import type { CliIO } from "../io.js";

export function registerGen(program: Command, io: CliIO): void {
  program
    .command("gen")
    .description("Generate typed code (types, client, validators, webhooks) from OpenAPI contracts")
    .argument("[spec]", "OpenAPI file to generate from (needs --out); without it, contract.config.* is used")
    .option("-o, --out <dir>", "output folder for a spec given on the command line")
    .option(
      "-c, --config <file>",
      "config file (default: contract.config.json/.yaml/.yml in the working folder)",
    )
    .option("--contract <name...>", "only these contracts of the config")
    .option("--check", "write nothing; exit 1 if any generated file is stale, missing or extra")
    .option("--skip-rule <code...>", "validation rules to skip (in addition to the config's `validate.skip`)")
    .option(
      "--strict",
      "refuse on every error; by default lint-level errors (e.g. path-template-ambiguous) are printed and generation proceeds",
    )
    .option("--timings", "print the time of each stage")
    .option("--force", "regenerate even when the spec, the options and the output files are unchanged")
    .option(
      "-w, --watch",
      "regenerate when the spec or a file it references changes (Ctrl-C to stop); a broken edit keeps the last output",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 done / up to date, 1 spec errors or out-of-date files (--check), 2 could not run.",
    )
    .action(async (spec: string | undefined, flags: GenFlags) => {
      // The rule list is in @contract/core: imported only when there are codes to check.
      if (flags.skipRule?.length) (await import("../rule-codes.js")).assertKnownRuleCodes(flags.skipRule);
      if (flags.watch) {
        if (flags.check)
          throw new CliExit(EXIT_USAGE, "error: --watch writes files; it cannot be combined with --check");
        const { runWatch } = await import("../gen/watch.js");
        const code = await runWatch(spec, flags, io);
        if (code !== EXIT_OK) throw new CliExit(code);
        return;
      }
      if (!flags.force) {
        // Nothing changed since the last run: answered without importing the generators.
        const { upToDate } = await import("../gen/fresh.js");
        if ((await upToDate(spec, flags, io)) === EXIT_OK) return;
      }
      const { runGen } = await import("../gen/run.js");
      const code = await runGen(spec, flags, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}

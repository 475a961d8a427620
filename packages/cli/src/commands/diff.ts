/**
 * `contract diff <base> <head>`: what changed between two versions of a contract and whether it
 * breaks consumers — of operations (the client) and of webhooks (the receiver). Each side is a
 * file, a URL, or `<git revision>:<path>`.
 *
 * Exit codes: 0 nothing at or above `--fail-on`, 1 changes at or above it, 2 could not run.
 *
 * This module only declares the command; the work is in ./diff-run.ts, imported when the command runs.
 */
import type { ChangeSeverity } from "@contract/core";
import { type Command, Option } from "commander";
import { DIFF_FORMATS, type DiffFormat } from "../diff-format/formats.js";
import { CliExit, EXIT_OK } from "../exit-codes.js";
import type { CliIO } from "../io.js";

export interface DiffOptions {
  format: DiffFormat;
  failOn: Exclude<ChangeSeverity, "info">;
  changelog?: boolean;
  allowRemoteRefs?: boolean;
  allowRefsOutsideRoot?: boolean;
}

export function registerDiff(program: Command, io: CliIO): void {
  program
    .command("diff")
    .description("Compare two versions of a contract and report breaking changes (paths and webhooks)")
    .argument(
      "<base>",
      "the old version: a file, a URL, or <git revision>:<path> (e.g. origin/main:api.yaml)",
    )
    .argument("<head>", "the new version, in the same forms")
    .addOption(new Option("-f, --format <format>", "output format").choices(DIFF_FORMATS).default("human"))
    .addOption(
      new Option("--fail-on <severity>", "exit 1 on changes at or above this severity")
        .choices(["breaking", "warning"])
        .default("breaking"),
    )
    .option("--changelog", "list every change, breaking or not")
    .option("--allow-remote-refs", "follow $refs to http(s) URLs")
    .option("--allow-refs-outside-root", "follow $refs to files outside the spec's folder")
    .addHelpText(
      "after",
      "\nExit codes: 0 no change at or above --fail-on, 1 such changes found, 2 could not run (bad flags, unreadable input).",
    )
    .action(async (base: string, head: string, options: DiffOptions) => {
      const { runDiff } = await import("./diff-run.js");
      const code = await runDiff(base, head, options, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}

/**
 * `contract diff <base> <head>`: what changed between two versions of a contract and whether it
 * breaks consumers — of operations (the client) and of webhooks (the receiver). Each side is a
 * file, a URL, or `<git revision>:<path>`.
 *
 * Exit codes: 0 nothing at or above `--fail-on`, 1 changes at or above it, 2 could not run.
 */
import { type ChangeSeverity, diffSpecs, type LoadOptions } from "@contract/core";
import { type Command, Option } from "commander";
import { DIFF_FORMATS, type DiffFormat, failed, formatDiff } from "../diff-format/index.js";
import { CliExit, EXIT_FINDINGS, EXIT_OK } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import { loadDiffSide } from "./diff-input.js";

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
      const code = await runDiff(base, head, options, io);
      if (code !== EXIT_OK) throw new CliExit(code);
    });
}

export async function runDiff(base: string, head: string, options: DiffOptions, io: CliIO): Promise<number> {
  const loadOptions: LoadOptions = {
    allowRemoteRefs: options.allowRemoteRefs === true,
    allowRefsOutsideRoot: options.allowRefsOutsideRoot === true,
  };
  const [before, after] = await Promise.all([
    loadDiffSide(base, io.cwd, loadOptions),
    loadDiffSide(head, io.cwd, loadOptions),
  ]);
  for (const side of [before, after]) {
    const errors = side.spec.diagnostics.filter((d) => d.severity === "error").length;
    // Diffing a broken spec still says something useful; the user should know it is partial.
    if (errors > 0)
      io.stderr(`warning: ${side.label} has ${errors} load errors; run \`contract check\` on it\n`);
  }
  const report = {
    base: before.label,
    head: after.label,
    result: diffSpecs(before.spec, after.spec),
    failOn: options.failOn,
    changelog: options.changelog === true,
  };
  io.stdout(
    formatDiff(options.format, report, { cwd: io.cwd, color: io.color && options.format === "human" }),
  );
  return failed(report) ? EXIT_FINDINGS : EXIT_OK;
}

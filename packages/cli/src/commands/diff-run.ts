/** What `contract diff` does once flags are parsed, loaded by ./diff.ts only when the command runs. */
import { diffSpecs, type LoadOptions } from "@contract/core";
import { failed, formatDiff } from "../diff-format/index.js";
import { EXIT_FINDINGS, EXIT_OK } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import type { DiffOptions } from "./diff.js";
import { loadDiffSide } from "./diff-input.js";

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

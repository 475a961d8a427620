/** Diagnostic formatters shared by every command that reports findings (`check`, `diff`, ...). */

import type { CliIO } from "../io.js";
import type { OutputFormat } from "./formats.js";
import { formatGithub } from "./github.js";
import { formatHuman } from "./human.js";
import { formatJson } from "./json.js";
import type { FormatOptions, SpecReport } from "./report.js";

export { codeFrame } from "./code-frame.js";
export { OUTPUT_FORMATS, type OutputFormat } from "./formats.js";
export { escapeData, escapeProperty, formatGithub } from "./github.js";
export { formatHuman } from "./human.js";
export { formatJson, JSON_REPORT_VERSION } from "./json.js";
export type { FormatOptions, SpecReport } from "./report.js";

export function formatReports(
  format: OutputFormat,
  reports: readonly SpecReport[],
  options: FormatOptions,
): string {
  if (format === "json") return formatJson(reports, options);
  if (format === "github") return formatGithub(reports, options);
  return formatHuman(reports, options);
}

/** One spec's (or config file's) findings on stderr, in the human format: how commands report a refusal. */
export function tellFindings(io: CliIO, report: SpecReport, subject: "spec" | "config" = "spec"): void {
  io.stderr(formatHuman([report], { cwd: io.cwd, color: io.color, subject }));
}

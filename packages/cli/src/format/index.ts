/** Diagnostic formatters shared by every command that reports findings (`check`, `diff`, ...). */
import { formatGithub } from "./github.js";
import { formatHuman } from "./human.js";
import { formatJson } from "./json.js";
import type { FormatOptions, SpecReport } from "./report.js";

export { codeFrame } from "./code-frame.js";
export { escapeData, escapeProperty, formatGithub } from "./github.js";
export { formatHuman } from "./human.js";
export { formatJson, JSON_REPORT_VERSION } from "./json.js";
export type { FormatOptions, SpecReport } from "./report.js";

export const OUTPUT_FORMATS = ["human", "json", "github"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatReports(
  format: OutputFormat,
  reports: readonly SpecReport[],
  options: FormatOptions,
): string {
  if (format === "json") return formatJson(reports, options);
  if (format === "github") return formatGithub(reports, options);
  return formatHuman(reports, options);
}

/** Formatters of `contract diff` results; `contract check` diagnostics have their own in ../format. */
import type { DiffFormat } from "./formats.js";
import { formatDiffGithub } from "./github.js";
import { formatDiffHuman } from "./human.js";
import { formatDiffJson } from "./json.js";
import { formatDiffMarkdown } from "./markdown.js";
import type { DiffFormatOptions, DiffReport } from "./report.js";

export { DIFF_FORMATS, type DiffFormat } from "./formats.js";
export { DIFF_JSON_VERSION } from "./json.js";
export { escapeMarkdown } from "./markdown.js";
export { type DiffFormatOptions, type DiffReport, failed } from "./report.js";

const FORMATTERS: Record<DiffFormat, (report: DiffReport, options: DiffFormatOptions) => string> = {
  human: formatDiffHuman,
  json: formatDiffJson,
  markdown: formatDiffMarkdown,
  github: formatDiffGithub,
};

export function formatDiff(format: DiffFormat, report: DiffReport, options: DiffFormatOptions): string {
  return FORMATTERS[format](report, options);
}

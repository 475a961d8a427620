/**
 * `--format markdown`: a pull-request comment. Every string that comes from a spec is escaped, so a
 * property named `<img src=x>` or `a|b` cannot break the table or inject HTML. GitHub caps comments
 * at 65,536 characters: long lists are cut with a count of what was left out.
 */
import { CHANGE_SEVERITIES, type Change } from "@contract/core";
import {
  affectsText,
  countsText,
  type DiffFormatOptions,
  type DiffReport,
  failed,
  listed,
  SEVERITY_TITLES,
} from "./report.js";

/** Rows per table; above that a comment becomes unreadable (and may hit the size cap). */
const MAX_ROWS = 150;

export function formatDiffMarkdown(report: DiffReport, _options: DiffFormatOptions): string {
  const changes = listed(report);
  const verdict = report.result.changes.length === 0 ? "no changes" : countsText(report);
  const icon = failed(report) ? "❌" : "✅";
  const lines = [`### ${icon} API contract: ${escapeMarkdown(verdict)}`, ""];
  lines.push(`\`${escapeCode(report.base)}\` → \`${escapeCode(report.head)}\``, "");
  for (const severity of CHANGE_SEVERITIES) {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    const table = tableOf(group);
    // Info changes are context, not findings: fold them away.
    if (severity === "info")
      lines.push(
        `<details><summary>${SEVERITY_TITLES[severity]} (${group.length})</summary>`,
        "",
        ...table,
        "",
        "</details>",
        "",
      );
    else lines.push(`#### ${SEVERITY_TITLES[severity]} (${group.length})`, "", ...table, "");
  }
  const hidden = report.result.changes.length - changes.length;
  if (hidden > 0) lines.push(`<sub>${hidden} info changes not listed.</sub>`, "");
  return `${lines.join("\n").trimEnd()}\n`;
}

function tableOf(changes: Change[]): string[] {
  const rows = changes.slice(0, MAX_ROWS).map((c) => {
    const where = c.head?.pointer ?? c.base?.pointer ?? "";
    return `| ${escapeMarkdown(c.message)} | ${escapeMarkdown(affectsText(c))} | \`${escapeCode(c.code)}\` | \`${escapeCode(`#${where}`)}\` |`;
  });
  const out = ["| Change | Affects | Rule | Where |", "| --- | --- | --- | --- |", ...rows];
  if (changes.length > MAX_ROWS) out.push(`| … and ${changes.length - MAX_ROWS} more | | | |`);
  return out;
}

/** Text in a table cell: no markup, no HTML, no line breaks, no cell separators. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_{}[\]()#+!|~]/g, "\\$&");
}

/** Text inside a code span: backticks cannot be escaped there, so they are replaced; `|` still splits cells. */
function escapeCode(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/`/g, "'")
    .replace(/\|/g, "\\|");
}

/** The default output: grouped by severity, one change per block, locations clickable in terminals. */
import { CHANGE_SEVERITIES, type Change } from "@contract/core";
import { palette } from "../format/color.js";
import {
  affectsText,
  countsText,
  type DiffFormatOptions,
  type DiffReport,
  failed,
  listed,
  SEVERITY_TITLES,
  sideText,
} from "./report.js";

export function formatDiffHuman(report: DiffReport, options: DiffFormatOptions): string {
  const p = palette(options.color);
  const color = { breaking: p.red, warning: p.yellow, info: p.blue };
  const lines = [p.bold(`contract diff ${report.base} → ${report.head}`), ""];
  const changes = listed(report);
  for (const severity of CHANGE_SEVERITIES) {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    lines.push(color[severity](p.bold(`${SEVERITY_TITLES[severity]} (${group.length})`)));
    for (const change of group) lines.push(...block(change, options, p.dim), "");
  }
  if (report.result.changes.length === 0) lines.push("No changes.");
  else {
    const hidden = report.result.changes.length - changes.length;
    const verdict = failed(report) ? p.red("✖") : p.bold("✔");
    const note = hidden > 0 ? p.dim(` (info not listed: --changelog lists every change)`) : "";
    lines.push(`${verdict} ${countsText(report)}${note}`);
  }
  return `${lines.join("\n")}\n`;
}

function block(change: Change, options: DiffFormatOptions, dim: (s: string) => string): string[] {
  const out = [`  ${change.message}  ${dim(change.code)}`];
  if (change.affects.length > 0) out.push(dim(`    in ${affectsText(change)}`));
  const base = sideText(change.base, options);
  const head = sideText(change.head, options);
  if (base) out.push(dim(`    base ${base}`));
  if (head) out.push(dim(`    head ${head}`));
  return out;
}

/**
 * `--format github`: GitHub Actions workflow commands, shown as annotations on the pull request's
 * files. Escaping is the one `contract check` uses. A change is annotated where it sits in the head
 * version; a removal, where the removed thing's parent sits (or in the base file when only that is known).
 */
import type { Change, ChangeSide } from "@contract/core";
import { escapeData, escapeProperty } from "../format/github.js";
import { displayPath } from "../format/paths.js";
import { affectsText, type DiffFormatOptions, type DiffReport, listed } from "./report.js";

const COMMAND = { breaking: "error", warning: "warning", info: "notice" } as const;

export function formatDiffGithub(report: DiffReport, options: DiffFormatOptions): string {
  const lines = listed(report).map((c) => annotation(c, report, options));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function annotation(change: Change, report: DiffReport, options: DiffFormatOptions): string {
  const side: ChangeSide | undefined = change.head?.location
    ? change.head
    : change.base?.location
      ? change.base
      : undefined;
  const file = side?.location ? displayPath(side.location.file, options.cwd) : report.head;
  const properties = [`file=${escapeProperty(file)}`];
  if (side?.location) properties.push(`line=${side.location.line}`, `col=${side.location.col}`);
  properties.push(`title=${escapeProperty(`${change.severity}: ${change.code}`)}`);
  const detail = [change.message];
  if (change.affects.length > 0) detail.push(`affects ${affectsText(change, 5)}`);
  detail.push(`(at #${(change.head ?? change.base)?.pointer ?? ""})`);
  return `::${COMMAND[change.severity]} ${properties.join(",")}::${escapeData(detail.join("\n"))}`;
}

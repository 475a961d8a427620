/** What every diff formatter receives, and the choices they share. */
import { atLeast, type Change, type ChangeSeverity, type ChangeSide, type DiffResult } from "@contract/core";
import { displayPath } from "../format/paths.js";

export interface DiffReport {
  /** The two inputs as the user named them. */
  base: string;
  head: string;
  result: DiffResult;
  /** Changes at or above this severity fail the command. */
  failOn: ChangeSeverity;
  /** List every change (a changelog), not only those that can break consumers. */
  changelog: boolean;
}

export interface DiffFormatOptions {
  cwd: string;
  color: boolean;
}

export function failed(report: DiffReport): boolean {
  return report.result.changes.some((c) => atLeast(c.severity, report.failOn));
}

/** Changes a formatter lists: all of them in changelog mode, otherwise breaking ones and warnings. */
export function listed(report: DiffReport): Change[] {
  return report.changelog
    ? report.result.changes
    : report.result.changes.filter((c) => c.severity !== "info");
}

export function countsText(report: DiffReport): string {
  const { breaking, warning, info } = report.result.counts;
  return `${breaking} breaking, ${warning} ${warning === 1 ? "warning" : "warnings"}, ${info} info`;
}

/** `api.yaml:12:5` when the loader knows the position, otherwise the JSON pointer. */
export function sideText(side: ChangeSide | undefined, options: DiffFormatOptions): string | undefined {
  if (!side) return undefined;
  const pointer = `#${side.pointer}`;
  const at = side.location;
  return at ? `${displayPath(at.file, options.cwd)}:${at.line}:${at.col} ${pointer}` : pointer;
}

/** `GET /pets, GET /pets/{id} and 3 more`: enough to know where to look, short enough for one line. */
export function affectsText(change: Change, max = 3): string {
  const labels = change.affects.map((a) => a.label);
  if (labels.length <= max) return labels.join(", ");
  return `${labels.slice(0, max).join(", ")} and ${labels.length - max} more`;
}

export const SEVERITY_TITLES: Record<ChangeSeverity, string> = {
  breaking: "Breaking changes",
  warning: "Warnings",
  info: "Other changes",
};

/**
 * The terminal format: `file:line:col severity code message`, the JSON pointer, a code frame, and a
 * summary line. Infos are one line each (no frame): there can be hundreds on a large spec.
 */
import type { Diagnostic, LinkSuggestion, Severity } from "@contract/core";
import { codeFrame } from "./code-frame.js";
import { type Palette, palette } from "./color.js";
import { displayPath } from "./paths.js";
import { type FormatOptions, type SpecReport, visible } from "./report.js";

export function formatHuman(reports: readonly SpecReport[], options: FormatOptions): string {
  const p = palette(options.color);
  const blocks: string[] = [];
  const totals: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const report of reports) {
    if (report.failure !== undefined) {
      blocks.push(
        `${p.red(p.bold("error"))} ${displayPath(report.spec, options.cwd)}: could not read: ${report.failure}`,
      );
    }
    // The summary counts every finding, the ones `--quiet` leaves out of the list too: a spec that
    // fails on warnings under --strict must not read "failed (0 errors, 0 warnings)".
    for (const d of report.diagnostics) totals[d.severity]++;
    for (const d of visible(report.diagnostics, options.minSeverity))
      blocks.push(formatDiagnostic(d, report, options, p));
    for (const suggestion of report.linkSuggestions ?? [])
      blocks.push(formatLinkSuggestion(suggestion, report, options, p));
  }
  blocks.push(summary(reports, totals, options, p));
  return `${blocks.join("\n\n")}\n`;
}

function formatDiagnostic(d: Diagnostic, report: SpecReport, options: FormatOptions, p: Palette): string {
  const where = d.location
    ? `${displayPath(d.location.file, options.cwd)}:${d.location.line}:${d.location.col}`
    : displayPath(report.spec, options.cwd);
  const head = `${p.bold(where)} ${severityLabel(d.severity, p)} ${p.dim(d.code)} ${d.message}`;
  if (d.severity === "info") return head;
  const lines = [head, `  ${p.dim(`at #${d.pointer}`)}`];
  const text = d.location ? report.sourceText?.(d.location.file) : undefined;
  if (d.location && text !== undefined) {
    const frame = codeFrame(text, d.location, { highlight: d.severity === "error" ? p.red : p.yellow });
    if (frame) lines.push(indent(frame, "  "));
  }
  return lines.join("\n");
}

/** `check --suggest-links`: where the link goes, why, and the YAML to paste (never written anywhere). */
function formatLinkSuggestion(
  s: LinkSuggestion,
  report: SpecReport,
  options: FormatOptions,
  p: Palette,
): string {
  const where = s.location
    ? `${displayPath(s.location.file, options.cwd)}:${s.location.line}:${s.location.col}`
    : displayPath(report.spec, options.cwd);
  const similarity = s.similarity !== undefined ? ` ${Math.round(s.similarity * 100)}%` : "";
  const head = `${p.bold(where)} ${p.blue("suggestion")} ${p.dim("link")} webhook ${s.webhook} → GET ${s.target.path}: ${s.payloadPointer || "the payload"} is what it returns (${s.match}${similarity})`;
  const reasons = s.parameters.map((x) => `  ${p.dim(`${x.name}: ${x.reason}`)}`);
  const yaml = indent(s.yaml.trimEnd(), "    ");
  return [head, ...reasons, `  add under #${s.linksPointer}:`, yaml].join("\n");
}

function severityLabel(severity: Severity, p: Palette): string {
  if (severity === "error") return p.red("error");
  if (severity === "warning") return p.yellow("warning");
  return p.blue("info");
}

function summary(
  reports: readonly SpecReport[],
  totals: Record<Severity, number>,
  options: FormatOptions,
  p: Palette,
) {
  const subject = options.subject ?? "spec";
  // An input that could not be read was not checked: say so, rather than "failed (0 errors)".
  const unreadable = reports.filter((r) => r.failure !== undefined).length;
  const failed = reports.filter((r) => !r.passed && r.failure === undefined).length;
  const counts = [
    plural(totals.error, "error"),
    plural(totals.warning, "warning"),
    plural(totals.info, "info"),
  ].join(", ");
  const time = options.elapsedMs === undefined ? "" : ` in ${(options.elapsedMs / 1000).toFixed(2)} s`;
  const problems = [
    ...(unreadable > 0 ? [`${unreadable} could not be read`] : []),
    ...(failed > 0 ? [`${failed} failed`] : []),
  ];
  const verdict =
    problems.length === 0
      ? p.bold(`${plural(reports.length, subject)} checked${time}: all passed`)
      : p.red(p.bold(`${plural(reports.length, subject)} checked${time}: ${problems.join(", ")}`));
  return `${verdict} (${counts})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === "info" ? "" : "s"}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
}

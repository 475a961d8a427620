/** `--format human`: one block per finding with the curl command to reproduce it, then a summary. */
import type { Finding, VerifyReport } from "../finding.js";
import type { FormatReportOptions } from "./options.js";
import { displayFile } from "./paths.js";

const RED = "\u001b[31m";
const YELLOW = "\u001b[33m";
const DIM = "\u001b[2m";
const RESET = "\u001b[0m";

export function formatHuman(report: VerifyReport, options: FormatReportOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const blocks = report.findings.map((f) => findingBlock(f, options, paint));
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  const summary =
    `${report.checked.length} checked, ${report.skipped.length} skipped, ${report.exchanges} exchanges: ` +
    (report.findings.length === 0
      ? "no findings"
      : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
  const skipped = report.skipped.map((s) => paint(DIM, `skipped ${s.operation}: ${s.reason}`));
  return [...blocks, ...skipped, summary].join("\n") + "\n";
}

function findingBlock(
  f: Finding,
  options: FormatReportOptions,
  paint: (code: string, text: string) => string,
): string {
  const head = `${paint(f.severity === "error" ? RED : YELLOW, f.severity)} ${f.rule} ${f.operation}${
    f.status === undefined ? "" : ` (status ${f.status})`
  }`;
  const lines = [head, `  ${f.message}`];
  if (f.instancePointer !== undefined) lines.push(`  at response #${f.instancePointer}`);
  if (f.specPointer !== undefined) {
    const where = f.specLocation
      ? ` (${displayFile(f.specLocation.file, options.cwd)}:${f.specLocation.line}:${f.specLocation.col})`
      : "";
    lines.push(`  spec #${f.specPointer}${where}`);
  }
  if (f.request) lines.push(paint(DIM, `  ${f.request.curl}`));
  return `${lines.join("\n")}\n`;
}

/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding, placed on the
 * spec line that was broken when the loader knows it. Escaping follows @actions/core.
 */
import type { Finding, VerifyReport } from "../finding.js";
import type { FormatReportOptions } from "./options.js";
import { displayFile } from "./paths.js";

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(report: VerifyReport, options: FormatReportOptions = {}): string {
  return report.findings.map((f) => `${annotation(f, options)}\n`).join("");
}

function annotation(f: Finding, options: FormatReportOptions): string {
  const properties: string[] = [];
  if (f.specLocation) {
    properties.push(
      `file=${escapeProperty(displayFile(f.specLocation.file, options.cwd))}`,
      `line=${f.specLocation.line}`,
      `col=${f.specLocation.col}`,
    );
  }
  properties.push(`title=${escapeProperty(`${f.rule} ${f.operation}`)}`);
  const details = [f.message];
  if (f.status !== undefined) details.push(`status ${f.status}`);
  if (f.instancePointer !== undefined) details.push(`at response #${f.instancePointer}`);
  if (f.specPointer !== undefined) details.push(`spec #${f.specPointer}`);
  if (f.request) details.push(f.request.curl);
  return `::${f.severity} ${properties.join(",")}::${escapeData(details.join("\n"))}`;
}

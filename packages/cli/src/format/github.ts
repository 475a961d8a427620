/**
 * `--format github`: GitHub Actions workflow commands, which show up as annotations on the pull
 * request diff. Escaping follows @actions/core: in the message `%`, CR and LF; in property values
 * additionally `:` and `,`, which would otherwise end the value.
 */
import type { Diagnostic } from "@contract/core";
import { displayPath } from "./paths.js";
import { type FormatOptions, type SpecReport, visible } from "./report.js";

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(reports: readonly SpecReport[], options: FormatOptions): string {
  const lines: string[] = [];
  for (const report of reports) {
    const spec = displayPath(report.spec, options.cwd);
    if (report.failure !== undefined) {
      lines.push(
        `::error file=${escapeProperty(spec)},title=${escapeProperty("contract")}::${escapeData(report.failure)}`,
      );
    }
    // Infos would bury the real findings (GitHub also caps annotations per step); --format human
    // shows them, `contract check --include-info` asks for them here (minSeverity "info").
    for (const d of visible(report.diagnostics, options.minSeverity ?? "warning"))
      lines.push(annotation(d, spec, options));
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function annotation(d: Diagnostic, spec: string, options: FormatOptions): string {
  const properties = [
    `file=${escapeProperty(d.location ? displayPath(d.location.file, options.cwd) : spec)}`,
  ];
  if (d.location) properties.push(`line=${d.location.line}`, `col=${d.location.col}`);
  properties.push(`title=${escapeProperty(d.code)}`);
  const message = `${d.message}\n(at #${d.pointer})`;
  return `::${COMMAND[d.severity]} ${properties.join(",")}::${escapeData(message)}`;
}

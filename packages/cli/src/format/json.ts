/**
 * `--format json`: a stable, versioned document for tools. Bump `version` on any incompatible change.
 *
 * ```
 * { "version": 1,
 *   "results": [ { "spec": "api.yaml", "valid": false, "errors": 1, "warnings": 0, "infos": 0,
 *                  "diagnostics": [ { "severity": "error", "code": "...", "message": "...",
 *                                     "pointer": "/paths/...", "file": "api.yaml", "line": 3, "col": 5 } ] } ] }
 * ```
 * `file`/`line`/`col` are present when known; `failure` is present when the input could not be read.
 */
import type { LinkSuggestion } from "@contract/core";
import { countBySeverity } from "@contract/core/check";
import { displayPath } from "./paths.js";
import { type FormatOptions, type SpecReport, visible } from "./report.js";

export const JSON_REPORT_VERSION = 1;

export function formatJson(reports: readonly SpecReport[], options: FormatOptions): string {
  const results = reports.map((r) => {
    const diagnostics = visible(r.diagnostics, options.minSeverity);
    const counts = countBySeverity(diagnostics);
    return {
      spec: displayPath(r.spec, options.cwd),
      valid: r.passed,
      ...(r.failure !== undefined ? { failure: r.failure } : {}),
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      diagnostics: diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        pointer: d.pointer,
        ...(d.location
          ? { file: displayPath(d.location.file, options.cwd), line: d.location.line, col: d.location.col }
          : {}),
      })),
      ...(r.linkSuggestions
        ? { linkSuggestions: r.linkSuggestions.map((l) => jsonSuggestion(l, options)) }
        : {}),
    };
  });
  return `${JSON.stringify({ version: JSON_REPORT_VERSION, results }, null, 2)}\n`;
}

/** A link suggestion with its location made relative like the diagnostics' (`check --suggest-links`). */
function jsonSuggestion(l: LinkSuggestion, options: FormatOptions) {
  const { location, ...rest } = l;
  return {
    ...rest,
    ...(location
      ? { file: displayPath(location.file, options.cwd), line: location.line, col: location.col }
      : {}),
  };
}

/** `--format json`: the report as is, for scripts; the shape is `VerifyReport`. */
import type { VerifyReport } from "../finding.js";

export function formatJson(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One entry for every report format, so each verify mode prints its findings the same way. */
import type { VerifyReport } from "../finding.js";
import { formatGithub } from "./github.js";
import { formatHuman } from "./human.js";
import { formatJson } from "./json.js";
import { formatJunit } from "./junit.js";
import type { FormatReportOptions, ReportFormat } from "./options.js";

export { type FormatReportOptions, REPORT_FORMATS, type ReportFormat } from "./options.js";

export function isReportFormat(name: string): name is ReportFormat {
  return name === "human" || name === "json" || name === "github" || name === "junit";
}

export function formatReport(
  report: VerifyReport,
  format: ReportFormat,
  options: FormatReportOptions = {},
): string {
  switch (format) {
    case "human":
      return formatHuman(report, options);
    case "json":
      return formatJson(report);
    case "github":
      return formatGithub(report, options);
    case "junit":
      return formatJunit(report, options);
  }
}

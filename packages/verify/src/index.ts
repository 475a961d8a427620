export { curlCommand, shellQuote } from "./findings/curl.js";
export type {
  Finding,
  FindingRequest,
  FindingSubject,
  VerifyReport,
} from "./findings/finding.js";
export {
  type FormatReportOptions,
  formatReport,
  isReportFormat,
  REPORT_FORMATS,
  type ReportFormat,
} from "./findings/format/index.js";
export {
  CredentialError,
  UnreachableError,
  type VerifyPathsOptions,
  verifyPaths,
} from "./paths/index.js";
export * from "./webhooks/index.js";

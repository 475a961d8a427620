/** Options shared by every report format. */
export interface FormatReportOptions {
  /** Paths in spec locations are shown relative to this directory. */
  cwd?: string;
  /** Whether ANSI colors may be used (human format only). */
  color?: boolean;
  /** Name of the run, e.g. the spec file; the JUnit suite and the summary use it. */
  name?: string;
}

export type ReportFormat = "human" | "json" | "github" | "junit";

export const REPORT_FORMATS: readonly ReportFormat[] = ["human", "json", "github", "junit"];

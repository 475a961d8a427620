import type { Diagnostic, LinkSuggestion, Severity } from "@contract/core";

/** What every formatter prints: per input (a spec, a pair of specs...) its diagnostics. */
export interface SpecReport {
  /** The input as the user named it (a path, a URL, or "old → new" for a diff). */
  spec: string;
  diagnostics: Diagnostic[];
  /** The text of a source file, for code frames (the loader keeps it). */
  sourceText?: (file: string) => string | undefined;
  /** Set when the input could not be processed at all (unreadable file); printed instead of a verdict. */
  failure?: string;
  /** The verdict for this input (`valid` in JSON output). */
  passed: boolean;
  /** `check --suggest-links`: links the spec could declare (advice; no bearing on `passed`). */
  linkSuggestions?: LinkSuggestion[];
}

export interface FormatOptions {
  /** Working directory: file names are printed relative to it. */
  cwd: string;
  /** ANSI colors (human format only). */
  color: boolean;
  /** Hide diagnostics below this severity. */
  minSeverity?: Severity;
  /** Total wall time, for the human summary line. */
  elapsedMs?: number;
  /** Noun for the summary line ("spec", "comparison"). */
  subject?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function visible(diagnostics: readonly Diagnostic[], minSeverity: Severity = "info"): Diagnostic[] {
  return diagnostics.filter((d) => RANK[d.severity] <= RANK[minSeverity]);
}

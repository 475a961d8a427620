/**
 * Diagnostics are the one currency every stage speaks: the loader, the validator, the normalizer
 * and the CLI formatters. A diagnostic always carries a JSON pointer into the bundled document and,
 * when the loader can tell, the source position the pointer came from (file:line:col, 1-based).
 */
export type Severity = "error" | "warning" | "info";

export interface SourceLocation {
  /** Absolute path (or URL) of the file the node was read from. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** 0-based offsets of the node in the file, when known (for code frames). */
  offset?: number;
  endOffset?: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable rule code, e.g. `oas-schema`, `duplicate-operation-id`. Never renamed once released. */
  code: string;
  message: string;
  /** JSON pointer into the bundled document ("" is the root). */
  pointer: string;
  /** Where the pointer came from, if known. */
  location?: SourceLocation;
}

/** Thrown when a stage cannot produce a result at all (unreadable file, unparseable YAML, Swagger 2.0). */
export class ContractError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[] = []) {
    super(message);
    this.name = "ContractError";
    this.diagnostics = diagnostics;
  }
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

import type { Diagnostic } from "../diagnostics.js";

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Source order: by file, line and column; diagnostics without a location keep their relative order
 * after the located ones of the same run. Stable, so equal positions keep the order rules ran in.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => compare(a.d, b.d) || a.index - b.index)
    .map(({ d }) => d);
}

function compare(a: Diagnostic, b: Diagnostic): number {
  const la = a.location;
  const lb = b.location;
  if (la && !lb) return -1;
  if (!la && lb) return 1;
  if (la && lb) {
    if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
    if (la.line !== lb.line) return la.line - lb.line;
    if (la.col !== lb.col) return la.col - lb.col;
  }
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}

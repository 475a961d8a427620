/**
 * The codes `--skip-rule` accepts: every validation rule (`contract check --list-rules`) and the
 * loader's non-fatal diagnostics. A misspelt code would otherwise skip nothing, silently.
 */
import { VALIDATION_RULES } from "@contract/core";
import { CliExit, EXIT_USAGE } from "./exit-codes.js";

/** Diagnostics the loader reports about a document it could load (skippable like rules). */
const LOADER_CODES = [
  "duplicate-key",
  "nullable-in-3.1",
  "read-as-3.1",
  "ref-chain-too-deep",
  "ref-outside-root",
  "remote-ref-refused",
  "upgraded-from-3.0",
  "x-webhooks-conflict",
];

export const skippableCodes = (): string[] => [...VALIDATION_RULES.map((r) => r.code), ...LOADER_CODES];

/** Throws a usage error (exit 2) naming each unknown code and the known codes closest to it. */
export function assertKnownRuleCodes(codes: readonly string[] | undefined, flag = "--skip-rule"): void {
  if (!codes?.length) return;
  const known = skippableCodes();
  const unknown = codes.filter((code) => !known.includes(code));
  if (unknown.length === 0) return;
  const lines = unknown.map((code) => {
    const close = closest(code, known);
    const hint = close.length > 0 ? `; did you mean ${close.join(", ")}?` : "";
    return `error: ${flag}: unknown rule ${JSON.stringify(code)}${hint}`;
  });
  throw new CliExit(EXIT_USAGE, `${lines.join("\n")}\n(\`contract check --list-rules\` lists the rules)`);
}

/** Up to three known codes within a small edit distance (or sharing the typed text), closest first. */
export function closest(code: string, known: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(code.length / 3));
  return known
    .map((k) => ({ k, d: k.includes(code) || code.includes(k) ? 1 : distance(code, k) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}

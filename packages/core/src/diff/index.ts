/**
 * diff: what changed between two versions of a contract, and whether it breaks consumers.
 *
 * Both documents are normalized to the IR, operations and webhooks are matched, and everything
 * they reach (parameters, bodies, responses, resolved schemas) is compared with the rules in
 * `rules.ts`. Only meaning is compared, never spelling: key order, YAML vs JSON, `$ref` vs inline
 * and component names do not produce changes.
 */
import { buildIR } from "../normalize/index.js";
import { DiffContext } from "./context.js";
import { compareContracts } from "./operations.js";
import {
  CHANGE_SEVERITIES,
  type Change,
  type ChangeSeverity,
  type DiffInput,
  type DiffResult,
} from "./types.js";

export { type DiffRule, RULES } from "./rules.js";
export * from "./types.js";

export function diffSpecs(base: DiffInput, head: DiffInput): DiffResult {
  const ctx = new DiffContext(base, head);
  compareContracts(ctx, buildIR(base.document), buildIR(head.document));
  const changes = ctx.changes().sort(byImportance);
  const counts: Record<ChangeSeverity, number> = { breaking: 0, warning: 0, info: 0 };
  for (const c of changes) counts[c.severity]++;
  return { changes, counts };
}

/** Whether a change is at least as severe as `threshold`. */
export function atLeast(severity: ChangeSeverity, threshold: ChangeSeverity): boolean {
  return CHANGE_SEVERITIES.indexOf(severity) <= CHANGE_SEVERITIES.indexOf(threshold);
}

function byImportance(a: Change, b: Change): number {
  return (
    CHANGE_SEVERITIES.indexOf(a.severity) - CHANGE_SEVERITIES.indexOf(b.severity) ||
    compareText(a.affects[0]?.label ?? "", b.affects[0]?.label ?? "") ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

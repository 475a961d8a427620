/**
 * `@contract/core` reads a spec's pagination into `PaginationRule`; the generated client hands it to
 * `@contract/runtime`, which runs it as `PaginationSpec`. Neither package depends on the other, so
 * the two declarations are kept in step here: `pnpm typecheck` fails when a rule core can produce is
 * not one the runtime accepts, or the runtime's loses a form core reads.
 */
import type { PaginationRule } from "@contract/core";
import type { PaginationSpec } from "@contract/runtime/client";

export const runtimeTakesEveryRule = (rule: PaginationRule): PaginationSpec => rule;

type Mutable<T> =
  T extends ReadonlyArray<infer I> ? I[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
export const ruleForEverySpec = (spec: Mutable<PaginationSpec>): PaginationRule => spec;

/**
 * ajv reports every failed keyword along every path it tried; a human needs the one error that
 * explains each problem. The official OAS schemas express alternatives in two ways, and each leaves
 * its own noise:
 *
 * - 3.1 uses `if`/`then`/`else` plus `unevaluatedProperties: false`. A failing branch reports its own
 *   error, an `if` error ("must match else schema") and, because a failed branch evaluates nothing,
 *   "unevaluated property" errors for perfectly valid siblings.
 * - 3.0 uses `oneOf` (Schema | Reference, one branch per parameter location...). Every branch reports
 *   why it did not match, so a Parameter with a typo in `name` also says "must have `$ref`",
 *   "`in` must be query", "`in` must be header"...
 *
 * The collapse keeps the errors of the branch the document evidently meant (the one whose `const`/
 * `enum` properties and required `$ref` agree with the data), drops bookkeeping errors (`if`,
 * failed combinators) when something more specific is left, and drops "unevaluated property" errors
 * wherever a more specific error exists at or below the same node.
 */
import type { ErrorObject } from "ajv";
import { escapePointerSegment } from "../../pointer.js";

type Schema = Record<string, unknown>;

export interface CollapsedError {
  error: ErrorObject;
  /** Set when several branch errors were merged into one (e.g. "one of path, query, header"). */
  merged?:
    | { kind: "enum"; pointer: string; values: unknown[] }
    | { kind: "one-of-required"; names: string[]; exactlyOne: boolean };
}

export function collapseAjvErrors(errors: readonly ErrorObject[], rootSchema: Schema): CollapsedError[] {
  const combinators = errors
    .filter((e) => (e.keyword === "oneOf" || e.keyword === "anyOf") && Array.isArray(e.schema))
    .map((error) => {
      const branches = error.schema as unknown[];
      return {
        error,
        branches: branches.map((b) => resolveLocal(b, rootSchema)),
        prefixes: branches.map((b, i) => branchPrefix(b, error.schemaPath, i)),
      };
    });
  type Combinator = (typeof combinators)[number];

  // Each error belongs to the innermost combinator branch it came from (nested `oneOf`s reuse the
  // same definitions, so the schema path alone is ambiguous).
  const owner = new Map<ErrorObject, { combinator: Combinator; branch: number }>();
  for (const e of errors) {
    let best: { combinator: Combinator; branch: number } | undefined;
    for (const c of combinators) {
      if (c.error === e || !isAtOrBelow(e.instancePath, c.error.instancePath)) continue;
      const branch = c.prefixes.findIndex((p) => e.schemaPath === p || e.schemaPath.startsWith(`${p}/`));
      if (branch < 0) continue;
      if (!best || c.error.instancePath.length > best.combinator.error.instancePath.length)
        best = { combinator: c, branch };
    }
    if (best) owner.set(e, best);
  }

  const dropped = new Set<ErrorObject>();
  const synthesized: CollapsedError[] = [];
  const dropBranch = (c: Combinator, branch: number) => {
    for (const [e, o] of owner) if (o.combinator === c && o.branch === branch) dropped.add(e);
  };
  // Outer combinators first, so a dropped outer branch takes its nested combinators with it.
  for (const c of [...combinators].sort(
    (a, b) => a.error.instancePath.length - b.error.instancePath.length,
  )) {
    if (dropped.has(c.error)) continue;
    const scores = c.branches.map((b) => discriminatorScore(b, c.error.data));
    const best = Math.max(...scores);
    // The document picked a branch (by `in`, `type`, `$ref`...): the other branches are noise.
    scores.forEach((score, i) => {
      if (score < best) dropBranch(c, i);
    });
    if (best === 2) continue;
    // No branch fits, or all fit equally: say what would have fitted, once.
    const merged = mergeAlternatives(c.branches, c.error);
    if (!merged) continue;
    for (let i = 0; i < c.branches.length; i++) dropBranch(c, i);
    dropped.add(c.error);
    synthesized.push({ error: c.error, merged });
  }
  // Errors inside a dropped combinator go with it (to any depth of nesting).
  for (let changed = true; changed; ) {
    changed = false;
    for (const [e, o] of owner) {
      if (!dropped.has(e) && dropped.has(o.combinator.error)) {
        dropped.add(e);
        changed = true;
      }
    }
  }

  let kept = errors.filter((e) => !dropped.has(e) && e.keyword !== "if");
  // Failed combinators only say "some branch failed"; keep them only if nothing more specific is left.
  const specific = [...kept.filter(isSpecific), ...synthesized.map((s) => s.error)];
  const hasSpecific = (e: ErrorObject) =>
    specific.some((o) => o !== e && isAtOrBelow(o.instancePath, e.instancePath)) ||
    synthesized.some(
      (s) => s.error !== e && s.merged?.kind === "enum" && isAtOrBelow(s.merged.pointer, e.instancePath),
    );
  kept = kept.filter((e) => !((e.keyword === "oneOf" || e.keyword === "anyOf") && hasSpecific(e)));
  // A value of the wrong type also fails its `enum`; the type error says it better.
  kept = kept.filter(
    (e) =>
      !(e.keyword === "enum" && kept.some((o) => o.keyword === "type" && o.instancePath === e.instancePath)),
  );
  kept = kept.filter(
    (e) =>
      !(e.keyword === "unevaluatedProperties" && hasOtherAtOrBelow(kept, e, (o) => o.keyword !== e.keyword)),
  );
  // A Reference-or-X alternative whose branches could not be told apart (a recursive `$ref` hides
  // where an error came from): "must have `$ref`" and "`$ref` is not allowed" are the losing
  // branch talking, as soon as anything else is wrong at the same node.
  kept = kept.filter((e) => !(mentionsRef(e) && hasOtherAtOrBelow(kept, e, (o) => !mentionsRef(o))));
  return [...kept.map((error) => ({ error })), ...synthesized];
}

const isAtOrBelow = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

function mentionsRef(e: ErrorObject): boolean {
  const p = e.params as { missingProperty?: string; additionalProperty?: string };
  return (
    (e.keyword === "required" && p.missingProperty === "$ref") ||
    (e.keyword === "additionalProperties" && p.additionalProperty === "$ref")
  );
}

const isSpecific = (e: ErrorObject) => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "if";

function hasOtherAtOrBelow(
  errors: readonly ErrorObject[],
  e: ErrorObject,
  accept: (o: ErrorObject) => boolean,
) {
  const base = e.instancePath;
  return errors.some((o) => o !== e && isAtOrBelow(o.instancePath, base) && accept(o));
}

function branchPrefix(branch: unknown, combinatorPath: string, index: number): string {
  const ref = (branch as Schema | null)?.$ref;
  return typeof ref === "string" && ref.startsWith("#") ? ref : `${combinatorPath}/${index}`;
}

function resolveLocal(schema: unknown, root: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    const ref = (current as Schema | null)?.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#/")) break;
    current = ref
      .slice(2)
      .split("/")
      .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, key) => (node as Schema | undefined)?.[key], root);
  }
  return current !== null && typeof current === "object" ? (current as Schema) : {};
}

/**
 * 2: the data matches a branch's discriminating facts (a `const`/`enum` property, a required `$ref`);
 * 1: the branch has no such facts (it could be meant); 0: the data contradicts the branch.
 */
function discriminatorScore(branch: Schema, data: unknown): number {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return 1;
  const record = data as Record<string, unknown>;
  let facts = 0;
  const required = Array.isArray(branch.required) ? (branch.required as string[]) : [];
  if (required.includes("$ref")) {
    if (!("$ref" in record)) return 0;
    facts++;
  }
  const properties = (branch.properties ?? {}) as Record<string, Schema | boolean>;
  for (const [name, sub] of Object.entries(properties)) {
    if (typeof sub !== "object" || sub === null) continue;
    const allowed = allowedValues(sub);
    // Only a present value can contradict a branch; a missing one is that branch's error to report.
    if (!allowed || !(name in record)) continue;
    if (!allowed.some((v) => v === record[name])) return 0;
    facts++;
  }
  return facts > 0 ? 2 : 1;
}

function allowedValues(schema: Schema): unknown[] | undefined {
  if ("const" in schema) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}

function mergeAlternatives(branches: Schema[], combinator: ErrorObject): CollapsedError["merged"] {
  // Every branch demands a different value of the same property (parameter `in`, security `type`).
  const valuesOf = (b: Schema, name: string) => {
    const sub = (b.properties as Record<string, unknown> | undefined)?.[name];
    return typeof sub === "object" && sub !== null ? allowedValues(sub as Schema) : undefined;
  };
  const candidates = Object.keys((branches[0]?.properties ?? {}) as Schema);
  const name = candidates.find((n) => branches.every((b) => valuesOf(b, n) !== undefined));
  if (name !== undefined) {
    const values = [...new Set(branches.flatMap((b) => valuesOf(b, name) ?? []))];
    return { kind: "enum", pointer: `${combinator.instancePath}/${escapePointerSegment(name)}`, values };
  }
  // Every branch only demands one property (`schema` or `content`; `paths`, `components` or `webhooks`).
  const names = branches.map((b) =>
    Array.isArray(b.required) && b.required.length === 1 && Object.keys(b).every((k) => k === "required")
      ? String(b.required[0])
      : undefined,
  );
  if (names.every((n) => n !== undefined)) {
    return { kind: "one-of-required", names: names as string[], exactlyOne: combinator.keyword === "oneOf" };
  }
  return undefined;
}

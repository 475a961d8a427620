/** Scalar keywords of a schema: type, nullability, enum, default, pattern, format, numeric limits. */
import { LIMIT_KEYWORDS, limitRule } from "./rules.js";
import type { SchemaPlace, SchemaScope } from "./schema-compare.js";
import { OTHER_KEYWORDS, type SchemaView, valueKey } from "./schema-view.js";

/** Where a keyword of the view was written, or the schema itself when it was not. */
const at = (view: SchemaView, keyword: string) => view.origins[keyword] ?? view.pointer;

/** Returns false when the types are incompatible, so that nothing below is compared. */
export function compareKeywords(
  scope: SchemaScope,
  base: SchemaView,
  head: SchemaView,
  place: SchemaPlace,
): boolean {
  if (!compareTypes(scope, base, head, place)) return false;
  if (base.types && head.types && base.nullable !== head.nullable) {
    scope.report(
      head.nullable ? "became-nullable" : "became-non-nullable",
      place,
      {},
      base.pointer,
      head.pointer,
    );
  }
  compareEnum(scope, base, head, place);
  compareText(scope, "default", base, head, place);
  compareText(scope, "pattern", base, head, place);
  compareText(scope, "format", base, head, place);
  compareLimits(scope, base, head, place);
  compareOthers(scope, base, head, place);
  return true;
}

/** uniqueItems and multipleOf have rules; the rest of OTHER_KEYWORDS is reported as changed. */
function compareOthers(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): void {
  if (base.others.size === 0 && head.others.size === 0) return;
  for (const keyword of OTHER_KEYWORDS) {
    const b = base.others.get(keyword);
    const h = head.others.get(keyword);
    if (b === undefined && h === undefined) continue;
    const pointers = [at(base, keyword), at(head, keyword)] as const;
    if (keyword === "uniqueItems") {
      if ((b === true) !== (h === true))
        scope.report(h === true ? "unique-items-added" : "unique-items-removed", place, {}, ...pointers);
      continue;
    }
    // Subschemas are compared with refs followed, so a renamed component inside `not` is no change.
    if (b !== undefined && h !== undefined && scope.ctx.equality.equal(b, h)) continue;
    if (keyword === "multipleOf") {
      scope.report("multiple-of-changed", place, { from: valueText(b), to: valueText(h) }, ...pointers);
      continue;
    }
    scope.report("keyword-changed", place, { keyword }, ...pointers);
  }
}

function compareTypes(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): boolean {
  const narrowed = base.never ? false : head.never || lost(base.types, head.types);
  const widened = head.never ? false : base.never || lost(head.types, base.types);
  if (!narrowed && !widened) return true;
  const params = { from: typeText(base), to: typeText(head) };
  const pointers = [at(base, "type"), at(head, "type")] as const;
  if (narrowed && widened) {
    scope.report("type-changed", place, params, ...pointers);
    return false;
  }
  scope.report(narrowed ? "type-narrowed" : "type-widened", place, params, ...pointers);
  return true;
}

/** Whether some value of type set `from` is no longer accepted by `to` (undefined = any type). */
function lost(from: Set<string> | undefined, to: Set<string> | undefined): boolean {
  if (!to) return false;
  if (!from) return true;
  for (const t of from) if (!to.has(t) && !(t === "integer" && to.has("number"))) return true;
  return false;
}

function typeText(view: SchemaView): string {
  if (view.never) return "nothing";
  if (!view.types) return "any";
  const list = [...view.types].sort();
  if (view.nullable) list.push("null");
  return list.join(" | ") || "nothing";
}

function compareEnum(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): void {
  if (!base.enum && !head.enum) return;
  const pointers = [at(base, "enum"), at(head, "enum")] as const;
  if (!base.enum) {
    scope.report("enum-added", place, { values: valuesText(head.enum!) }, ...pointers);
    return;
  }
  if (!head.enum) {
    scope.report("enum-removed", place, { values: valuesText(base.enum) }, ...pointers);
    return;
  }
  const headKeys = new Set(head.enum.map(valueKey));
  const baseKeys = new Set(base.enum.map(valueKey));
  for (const v of base.enum) {
    if (!headKeys.has(valueKey(v)))
      scope.report("enum-value-removed", place, { value: valueText(v) }, ...pointers);
  }
  for (const v of head.enum) {
    if (!baseKeys.has(valueKey(v)))
      scope.report("enum-value-added", place, { value: valueText(v) }, ...pointers);
  }
}

function compareText(
  scope: SchemaScope,
  keyword: "default" | "pattern" | "format",
  base: SchemaView,
  head: SchemaView,
  place: SchemaPlace,
): void {
  const read = (v: SchemaView) =>
    keyword === "default" ? (v.default ? valueKey(v.default.value) : undefined) : v[keyword];
  const show = (v: SchemaView) =>
    keyword === "default" ? valueText(v.default?.value) : valueText(v[keyword]);
  const b = read(base);
  const h = read(head);
  if (b === h) return;
  const rule =
    b === undefined ? `${keyword}-added` : h === undefined ? `${keyword}-removed` : `${keyword}-changed`;
  scope.report(rule, place, { from: show(base), to: show(head) }, at(base, keyword), at(head, keyword));
}

function compareLimits(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): void {
  for (const { keyword, bound } of LIMIT_KEYWORDS) {
    const b = base.limits[keyword];
    const h = head.limits[keyword];
    if (b === h) continue;
    const upper = bound === "upper";
    const tightened = b === undefined || (h !== undefined && (upper ? h < b : h > b));
    const detail =
      b === undefined
        ? `${h} added`
        : h === undefined
          ? `${b} removed`
          : `${h < b ? "lowered" : "raised"} from ${b} to ${h}`;
    scope.report(limitRule(keyword, tightened), place, { detail }, at(base, keyword), at(head, keyword));
  }
}

const MAX_VALUE_TEXT = 60;

/** A JSON value in a message: JSON text, cut short so one line stays one line. */
export function valueText(value: unknown): string {
  const text = value === undefined ? "none" : JSON.stringify(value);
  return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

function valuesText(values: unknown[]): string {
  const shown = values.slice(0, 5).map(valueText).join(", ");
  return values.length > 5 ? `${shown}, … (${values.length} values)` : shown;
}

/** Scalar keywords of a schema: type, nullability, enum, default, pattern, format, numeric limits. */
import { joinPointer } from "../pointer.js";
import { LIMIT_KEYWORDS, limitRule } from "./rules.js";
import type { SchemaPlace, SchemaScope } from "./schema-compare.js";
import { type SchemaView, valueKey } from "./schema-view.js";

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
  return true;
}

function compareTypes(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): boolean {
  const narrowed = base.never ? false : head.never || lost(base.types, head.types);
  const widened = head.never ? false : base.never || lost(head.types, base.types);
  if (!narrowed && !widened) return true;
  const params = { from: typeText(base), to: typeText(head) };
  const at = [joinPointer(base.pointer, "type"), joinPointer(head.pointer, "type")] as const;
  if (narrowed && widened) {
    scope.report("type-changed", place, params, ...at);
    return false;
  }
  scope.report(narrowed ? "type-narrowed" : "type-widened", place, params, ...at);
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
  const at = [joinPointer(base.pointer, "enum"), joinPointer(head.pointer, "enum")] as const;
  if (!base.enum && !head.enum) return;
  if (!base.enum) {
    scope.report("enum-added", place, { values: valuesText(head.enum!) }, base.pointer, at[1]);
    return;
  }
  if (!head.enum) {
    scope.report("enum-removed", place, { values: valuesText(base.enum) }, at[0], head.pointer);
    return;
  }
  const headKeys = new Set(head.enum.map(valueKey));
  const baseKeys = new Set(base.enum.map(valueKey));
  for (const v of base.enum) {
    if (!headKeys.has(valueKey(v))) scope.report("enum-value-removed", place, { value: valueText(v) }, ...at);
  }
  for (const v of head.enum) {
    if (!baseKeys.has(valueKey(v))) scope.report("enum-value-added", place, { value: valueText(v) }, ...at);
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
  const at = [joinPointer(base.pointer, keyword), joinPointer(head.pointer, keyword)] as const;
  scope.report(
    rule,
    place,
    { from: show(base), to: show(head) },
    b === undefined ? base.pointer : at[0],
    h === undefined ? head.pointer : at[1],
  );
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
    scope.report(
      limitRule(keyword, tightened),
      place,
      { detail },
      b === undefined ? base.pointer : joinPointer(base.pointer, keyword),
      h === undefined ? head.pointer : joinPointer(head.pointer, keyword),
    );
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

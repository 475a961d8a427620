/**
 * Compares two schemas as a consumer experiences them, on one message side. Which direction is
 * breaking comes from the rules table (input vs output role); this module only says what changed.
 */

import { unescapePointerSegment } from "../pointer.js";
import type { DiffContext } from "./context.js";
import { type MessageSide, sideCode } from "./rules.js";
import { compareAlternatives } from "./schema-alternatives.js";
import { compareKeywords } from "./schema-keywords.js";
import { compareObjects } from "./schema-objects.js";
import { buildView, partsKey, type SchemaParts, type SchemaView, unwrapNullable } from "./schema-view.js";

/** Where a schema sits, for messages: `schema Pet` + `tags[]`, or `request body application/json` + ``. */
export interface SchemaPlace {
  label: string;
  path: string;
}

export function placeText(place: SchemaPlace): string {
  return place.path ? `${place.label} › ${place.path}` : place.label;
}

export function childPlace(place: SchemaPlace, step: string): SchemaPlace {
  const path = step.startsWith("[") || !place.path ? `${place.path}${step}` : `${place.path}.${step}`;
  return { label: place.label, path };
}

/** Everything a comparison step needs; `report` files a role rule on this side. */
export interface SchemaScope {
  ctx: DiffContext;
  side: MessageSide;
  report(
    rule: string,
    place: SchemaPlace,
    params: Record<string, string | number | undefined>,
    base?: string,
    head?: string,
  ): void;
  compare(base: SchemaParts, head: SchemaParts, place: SchemaPlace): void;
}

export function compareSchemas(
  ctx: DiffContext,
  side: MessageSide,
  base: SchemaParts,
  head: SchemaParts,
  place: SchemaPlace,
): void {
  const scope: SchemaScope = {
    ctx,
    side,
    report(rule, where, params, basePointer, headPointer) {
      ctx.report(sideCode(side, rule), { ...params, at: placeText(where) }, basePointer, headPointer);
    },
    compare(b, h, where) {
      compareParts(scope, b, h, where);
    },
  };
  compareParts(scope, base, head, place);
}

function compareParts(scope: SchemaScope, base: SchemaParts, head: SchemaParts, place: SchemaPlace): void {
  const { ctx } = scope;
  if (base.length === 1 && head.length === 1 && ctx.equality.equal(base[0]!.schema, head[0]!.schema)) return;
  const bu = unwrapNullable(ctx.base.document, base);
  const hu = unwrapNullable(ctx.head.document, head);
  if (bu.nullable !== hu.nullable) compareWrapperNullability(scope, bu, hu, place, [base, head]);
  const b = partsKey(ctx.base.document, bu.parts);
  const h = partsKey(ctx.head.document, hu.parts);
  // Compare each (base, head) pair of schemas once per side, whoever reaches it: through a $ref,
  // or as a part of several allOf merges.
  ctx.pair(`${scope.side.prefix}\0${b.key}\0${h.key}`, () => {
    const bv = buildView(ctx.base.document, bu.parts);
    const hv = buildView(ctx.head.document, hu.parts);
    compareViews(scope, bv, hv, componentPlace(hv.pointer) ?? componentPlace(bv.pointer) ?? place);
  });
}

const IN_COMPONENT = /^\/components\/schemas\/([^/]+)((?:\/[^/]+)*)$/;

/**
 * A schema inside a component is named after it (`schema Pet › tags[]`), however it was reached:
 * the pair is compared once, so its messages must not depend on the first operation that got there.
 */
function componentPlace(pointer: string): SchemaPlace | undefined {
  const match = IN_COMPONENT.exec(pointer);
  if (!match) return undefined;
  const segments = match[2]!.split("/").slice(1).map(unescapePointerSegment);
  let path = "";
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const next = segments[i + 1];
    if ((s === "properties" || s === "patternProperties") && next !== undefined) {
      path += path ? `.${next}` : next;
      i++;
    } else if (s === "items") path += "[]";
    else if (s === "additionalProperties") path += "{*}";
    else if ((s === "prefixItems" || s === "oneOf" || s === "anyOf") && next !== undefined) {
      path += s === "prefixItems" ? `[${next}]` : `[${s} #${Number(next) + 1}]`;
      i++;
    } else if (s === "allOf" && next !== undefined) i++;
    else return undefined;
  }
  return { label: `schema ${unescapePointerSegment(match[1]!)}`, path };
}

/**
 * A nullable wrapper on one side only: null is allowed there unless the other side's schema
 * allows it by itself. Reported here, at the wrapper, because the wrapped schemas are compared
 * (once) without it.
 */
function compareWrapperNullability(
  scope: SchemaScope,
  bu: ReturnType<typeof unwrapNullable>,
  hu: ReturnType<typeof unwrapNullable>,
  place: SchemaPlace,
  [base, head]: [SchemaParts, SchemaParts],
): void {
  const bv = buildView(scope.ctx.base.document, bu.parts);
  const hv = buildView(scope.ctx.head.document, hu.parts);
  if (!bv.types || !hv.types) return;
  const wasNullable = bu.nullable || bv.nullable;
  const isNullable = hu.nullable || hv.nullable;
  if (wasNullable === isNullable) return;
  scope.report(
    isNullable ? "became-nullable" : "became-non-nullable",
    place,
    {},
    base[0]?.pointer,
    head[0]?.pointer,
  );
}

function compareViews(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): void {
  if (base.alternatives || head.alternatives) {
    if (base.alternatives && head.alternatives && !compareKeywords(scope, base, head, place)) return;
    compareAlternatives(scope, base, head, place);
    if (base.alternatives && head.alternatives) compareObjects(scope, base, head, place);
    return;
  }
  // A type change makes everything below incomparable: one change says it all.
  if (!compareKeywords(scope, base, head, place)) return;
  compareObjects(scope, base, head, place);
}

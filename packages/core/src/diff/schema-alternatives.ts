/**
 * `oneOf` / `anyOf`: alternatives are matched across versions (by component name, then by shape),
 * matched pairs are compared, and the rest reported as added or removed. A schema without
 * alternatives counts as a single one, so `string` → `oneOf: [string, integer]` is one alternative added.
 */
import { joinPointer } from "../pointer.js";
import { childPlace, type SchemaPlace, type SchemaScope } from "./schema-compare.js";
import { buildView, type SchemaParts, type SchemaView, valueKey } from "./schema-view.js";

interface Member {
  parts: SchemaParts;
  view: SchemaView;
  label: string;
}

export function compareAlternatives(
  scope: SchemaScope,
  base: SchemaView,
  head: SchemaView,
  place: SchemaPlace,
): void {
  const keyword = head.alternatives?.keyword ?? base.alternatives?.keyword ?? "oneOf";
  const b = members(scope.ctx.base.document, base);
  const h = members(scope.ctx.head.document, head);
  const pairs = matchMembers(b, h);
  for (const [bm, hm] of pairs) {
    scope.compare(bm.parts, hm.parts, childPlace(place, `[${keyword} ${hm.label}]`));
  }
  const matchedBase = new Set(pairs.map(([bm]) => bm));
  const matchedHead = new Set(pairs.map(([, hm]) => hm));
  for (const m of b) {
    if (matchedBase.has(m)) continue;
    scope.report(
      "alternative-removed",
      place,
      { keyword, name: m.label },
      m.parts[0]?.pointer,
      alternativesPointer(head),
    );
  }
  for (const m of h) {
    if (matchedHead.has(m)) continue;
    scope.report(
      "alternative-added",
      place,
      { keyword, name: m.label },
      alternativesPointer(base),
      m.parts[0]?.pointer,
    );
  }
}

/** The `oneOf`/`anyOf` keyword of a view, or the schema itself when it has none. */
function alternativesPointer(view: SchemaView): string {
  return view.alternatives ? joinPointer(view.pointer, view.alternatives.keyword) : view.pointer;
}

function members(document: Parameters<typeof buildView>[0], view: SchemaView): Member[] {
  const list = view.alternatives?.list ?? [view.parts];
  return list.map((parts, i) => {
    const v = view.alternatives ? buildView(document, parts) : view;
    return { parts, view: v, label: v.name ?? `#${i + 1}` };
  });
}

/** Pairs members: same component name, then same shape, then same types, then a last one-to-one leftover. */
function matchMembers(base: Member[], head: Member[]): Array<[Member, Member]> {
  const pairs: Array<[Member, Member]> = [];
  const freeBase = new Set(base);
  const freeHead = new Set(head);
  const pass = (key: (m: Member) => string | undefined, uniqueOnly = false) => {
    const baseCount = new Map<string | undefined, number>();
    for (const m of freeBase) baseCount.set(key(m), (baseCount.get(key(m)) ?? 0) + 1);
    const byKey = new Map<string, Member[]>();
    for (const m of freeHead) {
      const k = key(m);
      if (k !== undefined) byKey.set(k, [...(byKey.get(k) ?? []), m]);
    }
    for (const m of [...freeBase]) {
      const k = key(m);
      const candidates = k === undefined ? undefined : byKey.get(k);
      const free = candidates?.filter((c) => freeHead.has(c)) ?? [];
      if (uniqueOnly && (free.length !== 1 || baseCount.get(k) !== 1)) continue;
      const match = free[0];
      if (!match) continue;
      pairs.push([m, match]);
      freeBase.delete(m);
      freeHead.delete(match);
    }
  };
  pass((m) => m.view.name);
  pass(shapeKey);
  pass((m) => typeKey(m.view), true);
  pairBySimilarity(freeBase, freeHead, pairs);
  if (freeBase.size === 1 && freeHead.size === 1) pairs.push([[...freeBase][0]!, [...freeHead][0]!]);
  return pairs;
}

/**
 * Object alternatives that gained or lost a few properties: pair the most similar (shared
 * property names over all names), best first, when they share at least half of them.
 */
function pairBySimilarity(
  freeBase: Set<Member>,
  freeHead: Set<Member>,
  pairs: Array<[Member, Member]>,
): void {
  const scored: Array<[number, Member, Member]> = [];
  for (const b of freeBase) {
    for (const h of freeHead) {
      if (typeKey(b.view) !== typeKey(h.view)) continue;
      const score = overlap(b.view, h.view);
      if (score >= 0.5) scored.push([score, b, h]);
    }
  }
  scored.sort((x, y) => y[0] - x[0]);
  for (const [, b, h] of scored) {
    if (!freeBase.has(b) || !freeHead.has(h)) continue;
    pairs.push([b, h]);
    freeBase.delete(b);
    freeHead.delete(h);
  }
}

function overlap(a: SchemaView, b: SchemaView): number {
  const names = new Set([...a.properties.keys(), ...b.properties.keys(), ...a.required, ...b.required]);
  if (names.size === 0) return 0;
  let shared = 0;
  for (const n of names) {
    const inA = a.properties.has(n) || a.required.has(n);
    const inB = b.properties.has(n) || b.required.has(n);
    if (inA && inB && a.required.has(n) === b.required.has(n)) shared++;
  }
  return shared / names.size;
}

function typeKey(view: SchemaView): string {
  return view.types ? [...view.types].sort().join(",") : "*";
}

function shapeKey(m: Member): string {
  const v = m.view;
  return `${typeKey(v)}|${[...v.properties.keys()].sort().join(",")}|${v.enum ? v.enum.map(valueKey).join(",") : ""}`;
}

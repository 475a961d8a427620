/**
 * Resolving schemas for comparison: following `$ref` chains (cached per document), identifying a
 * set of schemas for the pair memo, seeing through nullable wrappers, and value identities.
 */
import type { OpenApiDocument } from "../openapi.js";
import { escapePointerSegment, getAtPointer } from "../pointer.js";

/** A schema and the pointer it sits at (before any `$ref` is followed). */
export interface SchemaRef {
  schema: unknown;
  pointer: string;
}

/** Several schemas that all apply (an `allOf`, or a property declared by two `allOf` members). */
export type SchemaParts = SchemaRef[];

export type Obj = Record<string, unknown>;

/** joinPointer for the hot path: most segments need no escaping. */
export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let out = base;
  for (const s of segments) {
    const text = String(s);
    out += text.includes("~") || text.includes("/") ? `/${escapePointerSegment(text)}` : `/${text}`;
  }
  return out;
}
export const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Keywords that may sit beside `$ref` without changing what it validates. */
const ANNOTATIONS = new Set(["$ref", "description", "summary", "title", "$comment", "example", "examples"]);

/** Resolved `$ref` targets per document: the same refs are followed again and again. */
const refCache = new WeakMap<object, Map<string, SchemaRef | null>>();

function resolveRefTarget(document: OpenApiDocument, ref: string): SchemaRef | undefined {
  let cache = refCache.get(document);
  if (!cache) {
    cache = new Map();
    refCache.set(document, cache);
  }
  let hit = cache.get(ref);
  if (hit === undefined) {
    const pointer = decodeURIComponent(ref.slice(1));
    const schema = ref.startsWith("#") ? getAtPointer(document, pointer) : undefined;
    hit = schema === undefined ? null : { schema, pointer };
    cache.set(ref, hit);
  }
  return hit ?? undefined;
}

/** Follows a `$ref` chain (whose siblings are only annotations) to the schema it names. */
export function followRef(document: OpenApiDocument, ref: SchemaRef): SchemaRef & { viaRef?: boolean } {
  let current = ref;
  let viaRef = false;
  let hops = 0;
  while (isObject(current.schema) && typeof current.schema.$ref === "string" && onlyRef(current.schema)) {
    const target = resolveRefTarget(document, current.schema.$ref);
    // A chain longer than any sane document is a loop.
    if (!target || ++hops > 64) break;
    current = target;
    viaRef = true;
  }
  return viaRef ? { ...current, viaRef } : current;
}

function onlyRef(schema: Obj): boolean {
  for (const key in schema) if (!ANNOTATIONS.has(key)) return false;
  return true;
}

/** Identity of a set of parts for the pair memo, and whether reaching it crossed a `$ref`. */
export function partsKey(document: OpenApiDocument, parts: SchemaParts): { key: string; viaRef: boolean } {
  let viaRef = false;
  const keys: string[] = [];
  for (const part of parts) {
    const resolved = followRef(document, part);
    viaRef ||= resolved.viaRef || (isObject(part.schema) && typeof part.schema.$ref === "string");
    keys.push(resolved.pointer);
  }
  return { key: keys.join("|"), viaRef };
}

/**
 * Strips nullable wrappers around a single schema: `anyOf/oneOf: [X, {type: null}]` (3.1) and
 * `{nullable: true, allOf: [X]}` (3.0). The wrapper only adds null; comparing X itself lets a
 * component wrapped in many places be compared (and reported) once.
 */
export function unwrapNullable(
  document: OpenApiDocument,
  parts: SchemaParts,
): { parts: SchemaParts; nullable: boolean } {
  let current = parts;
  let nullable = false;
  for (;;) {
    if (current.length !== 1) return { parts: current, nullable };
    const { schema, pointer } = followRef(document, current[0]!);
    if (!isObject(schema)) return { parts: current, nullable };
    let inner: SchemaRef | undefined;
    let addsNull = schema.nullable === true;
    for (const key in schema) {
      // readOnly/writeOnly are read from the outer parts by whoever decides to skip a property.
      if (ANNOTATIONS.has(key) || key === "nullable" || key === "readOnly" || key === "writeOnly") continue;
      const list = schema[key];
      if (inner || !Array.isArray(list) || !(key === "allOf" || key === "oneOf" || key === "anyOf")) {
        return { parts: current, nullable };
      }
      const members = list.map((m, i) => ({ schema: m, pointer: joinPointer(pointer, key, i) }));
      const others = members.filter((m) => !isNullSchema(followRef(document, m).schema));
      if (others.length !== 1 || (key === "allOf" && members.length !== 1))
        return { parts: current, nullable };
      addsNull ||= others.length < members.length;
      inner = others[0];
    }
    if (!inner) return { parts: current, nullable };
    current = [inner];
    nullable ||= addsNull;
  }
}

export function isNullSchema(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const t = schema.type;
  return t === "null" || (Array.isArray(t) && t.length === 1 && t[0] === "null");
}

/** Stable identity of a JSON value (enum members, defaults), independent of key order. */
export function valueKey(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    const out: Obj = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical(value[key]);
    return out;
  }
  return value;
}

/**
 * When is an object in a webhook payload "the thing a GET operation returns"? Three answers, from
 * the most to the least certain:
 *
 * - `same-ref`: both schemas are a `$ref` to the same schema;
 * - `structurally-equal`: after following the top-level `$ref`s, the two schemas have the same
 *   keywords and values, annotations (`title`, `description`, `example(s)`, `x-*`...) ignored and
 *   nested `$ref`s compared by target (not expanded: cheap, and cycles need no care);
 * - `same-shape`: both are objects with at least MIN_SHAPE_PROPERTIES properties and their property
 *   names overlap by at least SHAPE_THRESHOLD (Jaccard index): the case of specs that inline a
 *   slightly different copy of a schema in each payload.
 */
import type { SchemaObject } from "./schema-view.js";

export type MatchKind = "same-ref" | "structurally-equal" | "same-shape";

export const SHAPE_THRESHOLD = 0.8;
export const MIN_SHAPE_PROPERTIES = 4;

/** Keywords that say nothing about which values a schema accepts. */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "example",
  "examples",
  "$comment",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "xml",
  "default",
]);

const canonicalCache = new WeakMap<object, string>();

/** A string equal for two schemas exactly when they are structurally equal (see above). */
export function canonicalForm(schema: unknown): string {
  if (schema === null || typeof schema !== "object") return JSON.stringify(schema) ?? "null";
  const cached = canonicalCache.get(schema);
  if (cached !== undefined) return cached;
  let out: string;
  if (Array.isArray(schema)) out = `[${schema.map(canonicalForm).join(",")}]`;
  else {
    const keys = Object.keys(schema)
      .filter((k) => !ANNOTATIONS.has(k) && !k.startsWith("x-"))
      .sort();
    const record = schema as Record<string, unknown>;
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalForm(record[k])}`).join(",")}}`;
  }
  canonicalCache.set(schema, out);
  return out;
}

/** Jaccard index of two sets of property names. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const name of small) if (large.has(name)) common++;
  const union = a.size + b.size - common;
  return union === 0 ? 0 : common / union;
}

/** The canonical form of a resolved schema, for the `structurally-equal` index. */
export function structuralKey(schema: SchemaObject): string {
  return canonicalForm(schema);
}

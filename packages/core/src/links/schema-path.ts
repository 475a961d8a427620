/**
 * Where a JSON pointer into a payload lands in the payload's schema: whether the schema declares
 * it, whether it may be absent (an optional property, an array item, a `null`), and which JSON
 * types it may hold. `$ref` and `allOf` are followed; `oneOf`/`anyOf` alternatives are each walked
 * and the pointer must exist in every one of them (a payload may be any of them).
 */
import type { OpenApiDocument } from "../openapi.js";
import { getAtPointer, parsePointer } from "../pointer.js";

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

export type SchemaPath =
  | {
      found: true;
      /** May be absent or `null` in a valid payload. */
      optional: boolean;
      /** JSON types the value may have; `undefined` when the schema does not say. */
      types: Set<JsonType> | undefined;
    }
  | { found: false; missing: string };

type Obj = Record<string, unknown>;
const asObject = (v: unknown): Obj | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;

/** One way a value can be described: the conjunction of schemas that all apply to it. */
interface Facet {
  schemas: Obj[];
  optional: boolean;
}

const MAX_DEPTH = 64;

export function walkSchemaPath(document: OpenApiDocument, schema: unknown, pointer: string): SchemaPath {
  const segments = parsePointer(pointer);
  let facets: Facet[] = expand(document, schema, false, 0);
  let walked = "";
  for (const segment of segments) {
    walked += `/${segment.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const next: Facet[] = [];
    for (const facet of facets) {
      const child = childOf(facet, segment);
      if (!child) return { found: false, missing: walked };
      next.push(...expand(document, child.schemas, facet.optional || child.optional, 0));
    }
    facets = next;
  }
  let optional = false;
  let types: Set<JsonType> | undefined = new Set();
  for (const facet of facets) {
    if (facet.optional) optional = true;
    const own = typesOf(facet.schemas);
    if (own === undefined) types = undefined;
    else if (types) for (const t of own) types.add(t);
  }
  if (types?.has("null")) optional = true;
  return { found: true, optional, types };
}

/** Follows `$ref`s and splits `oneOf`/`anyOf` into facets; `allOf` members join the same facet. */
function expand(document: OpenApiDocument, schema: unknown, optional: boolean, depth: number): Facet[] {
  const list = Array.isArray(schema) ? schema : [schema];
  let facets: Facet[] = [{ schemas: [], optional }];
  for (const item of list) {
    const resolved = resolve(document, item);
    if (!resolved || depth > MAX_DEPTH) continue;
    let combined = facets.map((f) => ({ schemas: [...f.schemas, resolved], optional: f.optional }));
    const all = Array.isArray(resolved.allOf) ? resolved.allOf : [];
    for (const member of all) {
      const sub = expand(document, member, false, depth + 1);
      combined = combined.flatMap((f) =>
        sub.map((s) => ({ schemas: [...f.schemas, ...s.schemas], optional: f.optional || s.optional })),
      );
    }
    for (const key of ["oneOf", "anyOf"] as const) {
      const alternatives = Array.isArray(resolved[key]) ? (resolved[key] as unknown[]) : [];
      if (alternatives.length === 0) continue;
      const branches = alternatives.flatMap((a) => expand(document, a, false, depth + 1));
      combined = combined.flatMap((f) =>
        branches.map((b) => ({ schemas: [...f.schemas, ...b.schemas], optional: f.optional || b.optional })),
      );
    }
    facets = combined;
  }
  return facets;
}

function resolve(document: OpenApiDocument, schema: unknown): Obj | undefined {
  let current = schema;
  const seen = new Set<string>();
  while (asObject(current) && typeof (current as Obj).$ref === "string") {
    const ref = (current as Obj).$ref as string;
    if (!ref.startsWith("#") || seen.has(ref)) return undefined;
    seen.add(ref);
    const target = getAtPointer(document, ref);
    // A `$ref` with siblings (3.1) still applies them: keep the siblings as an `allOf` member.
    const { $ref: _ref, ...siblings } = current as Obj;
    current =
      Object.keys(siblings).length > 0 && asObject(target)
        ? { ...siblings, allOf: [...(Array.isArray(siblings.allOf) ? siblings.allOf : []), target] }
        : target;
  }
  return asObject(current);
}

/** The schemas describing `segment` of a value described by `facet`, or undefined when none declares it. */
function childOf(facet: Facet, segment: string): { schemas: unknown[]; optional: boolean } | undefined {
  const schemas: unknown[] = [];
  let required = false;
  let declared = false;
  for (const schema of facet.schemas) {
    const properties = asObject(schema.properties);
    if (properties && Object.hasOwn(properties, segment)) {
      schemas.push(properties[segment]);
      declared = true;
    }
    if (Array.isArray(schema.required) && schema.required.includes(segment)) required = true;
    if (/^(0|[1-9][0-9]*)$/.test(segment)) {
      const items =
        schema.items ?? (Array.isArray(schema.prefixItems) ? schema.prefixItems[Number(segment)] : undefined);
      if (items !== undefined && items !== false) {
        schemas.push(items);
        declared = true;
      }
    }
  }
  if (!declared) {
    // Only an explicit schema for other properties counts as declaring the field.
    for (const schema of facet.schemas) {
      const extra = asObject(schema.additionalProperties);
      if (extra) {
        schemas.push(extra);
        declared = true;
      }
    }
  }
  if (!declared) return undefined;
  return { schemas, optional: !required };
}

const JSON_TYPES: readonly JsonType[] = ["string", "number", "integer", "boolean", "object", "array", "null"];

/** The JSON types a conjunction of schemas allows: the narrowest `type` given, or those of `const`/`enum`. */
function typesOf(schemas: Obj[]): Set<JsonType> | undefined {
  let out: Set<JsonType> | undefined;
  for (const schema of schemas) {
    const own = declaredTypes(schema);
    if (!own) continue;
    out = out ? new Set([...out].filter((t) => own.has(t) || (t === "integer" && own.has("number")))) : own;
  }
  return out;
}

function declaredTypes(schema: Obj): Set<JsonType> | undefined {
  const type = schema.type;
  if (typeof type === "string" && (JSON_TYPES as string[]).includes(type)) return new Set([type as JsonType]);
  if (Array.isArray(type))
    return new Set(type.filter((t): t is JsonType => (JSON_TYPES as unknown[]).includes(t)));
  if (Object.hasOwn(schema, "const")) return new Set([jsonTypeOf(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonTypeOf));
  return undefined;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "object")
    return typeof value as JsonType;
  return "string";
}

/** JSON types a parameter schema accepts (through `$ref`, `allOf`, `oneOf`); undefined when unconstrained. */
export function acceptedTypes(document: OpenApiDocument, schema: unknown): Set<JsonType> | undefined {
  const facets = expand(document, schema, false, 0);
  const out: Set<JsonType> | undefined = new Set();
  for (const facet of facets) {
    const own = typesOf(facet.schemas);
    if (own === undefined) return undefined;
    for (const t of own) out.add(t);
  }
  return out;
}

/** The non-null types of a value a parameter does not accept (integers fit numbers); empty when it fits. */
export function misfitTypes(
  value: Set<JsonType> | undefined,
  accepted: Set<JsonType> | undefined,
): JsonType[] {
  if (!value || !accepted) return [];
  return [...value].filter(
    (t) => t !== "null" && !accepted.has(t) && !(t === "integer" && accepted.has("number")),
  );
}

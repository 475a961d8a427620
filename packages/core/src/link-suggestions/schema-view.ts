/**
 * Reading schemas of the bundled document for link suggestions: follow `$ref`s, gather the
 * properties of an object schema (its own and those of its `allOf` parts), and tell which kind of
 * JSON value a schema describes. Nothing here expands a whole schema: the analysis reads only as
 * deep as it walks, so cycles and huge documents cost nothing extra.
 */
import type { OpenApiDocument } from "../openapi.js";
import { getAtPointer } from "../pointer.js";

export type SchemaObject = Record<string, unknown>;

export interface ResolvedSchema {
  schema: SchemaObject;
  /** The last `$ref` followed to reach `schema` (absent when it was written inline). */
  ref?: string;
}

/** Follows a chain of internal `$ref`s; undefined for boolean schemas, remote refs and loops. */
export function resolveSchema(document: OpenApiDocument, schema: unknown): ResolvedSchema | undefined {
  let current = schema;
  let ref: string | undefined;
  const seen = new Set<string>();
  while (isSchemaObject(current) && typeof current.$ref === "string") {
    const target = current.$ref;
    if (!target.startsWith("#") || seen.has(target)) return undefined;
    seen.add(target);
    ref = target;
    current = getAtPointer(document, decodeURIComponent(target.slice(1)));
  }
  if (!isSchemaObject(current)) return undefined;
  return ref === undefined ? { schema: current } : { schema: current, ref };
}

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The properties an object schema declares, its `allOf` parts included (followed through `$ref`,
 * `depth` levels at most): name → the property's schema as written.
 */
export function propertiesOf(
  document: OpenApiDocument,
  schema: SchemaObject,
  depth = 4,
): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const own = schema.properties;
  if (isSchemaObject(own)) for (const [name, value] of Object.entries(own)) out.set(name, value);
  if (depth > 0 && Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) {
      const resolved = resolveSchema(document, part);
      if (!resolved) continue;
      for (const [name, value] of propertiesOf(document, resolved.schema, depth - 1))
        if (!out.has(name)) out.set(name, value);
    }
  }
  return out;
}

/** Primitive JSON types a schema admits (`null` left out): from `type`, `const` or `enum`. */
export function scalarTypes(document: OpenApiDocument, schema: unknown): Set<string> {
  const resolved = resolveSchema(document, schema);
  const out = new Set<string>();
  if (!resolved) return out;
  const s = resolved.schema;
  const types = Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type];
  for (const t of types) if (typeof t === "string" && t !== "null") out.add(t);
  if (out.size === 0) {
    const values = "const" in s ? [s.const] : Array.isArray(s.enum) ? s.enum : [];
    for (const v of values) {
      if (typeof v === "string") out.add("string");
      else if (typeof v === "number") out.add(Number.isInteger(v) ? "integer" : "number");
    }
  }
  if (out.size === 0) {
    // `anyOf: [{type: integer}, {type: null}]`, the usual way of writing a nullable reference.
    for (const key of ["anyOf", "oneOf"] as const) {
      const branches = s[key];
      if (Array.isArray(branches))
        for (const b of branches) for (const t of scalarTypes(document, b)) out.add(t);
    }
  }
  return out;
}

/** Branches of `oneOf`/`anyOf`/`allOf`, the schemas a payload object may be described by. */
export function branchesOf(schema: SchemaObject): unknown[] {
  const out: unknown[] = [];
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const list = schema[key];
    if (Array.isArray(list)) out.push(...list);
  }
  return out;
}

/** Whether a schema admits `null` (`type: [x, "null"]`, a null `enum` value, or a null branch). */
export function admitsNull(document: OpenApiDocument, schema: unknown): boolean {
  const resolved = resolveSchema(document, schema);
  if (!resolved) return false;
  const s = resolved.schema;
  if (s.type === "null" || (Array.isArray(s.type) && s.type.includes("null"))) return true;
  if (Array.isArray(s.enum) && s.enum.includes(null)) return true;
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.some((b) => admitsNull(document, b))) return true;
  }
  return false;
}

/**
 * Where JSON Schema 2020-12 (plus the draft keywords ajv still honours) keeps subschemas. Every
 * schema transformation of the validators generator walks schemas through this one table, so a
 * keyword is never treated as a subschema in one place and as data in another.
 */

/** Keywords whose value is one schema. */
export const SCHEMA_KEYWORDS = new Set([
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "propertyNames",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "additionalItems",
  "contentSchema",
]);

/** Keywords whose value is an array of schemas. */
export const SCHEMA_ARRAY_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

/** Keywords whose value maps names to schemas. */
export const SCHEMA_MAP_KEYWORDS = new Set([
  "properties",
  "patternProperties",
  "dependentSchemas",
  "$defs",
  "definitions",
]);

/**
 * Keywords that never change a verdict (annotations in 2020-12 and the OpenAPI dialect). They are
 * dropped before compiling: smaller output, and schemas that differ only in prose can share code.
 */
export const ANNOTATION_KEYWORDS = new Set([
  "title",
  "description",
  "default",
  "examples",
  "example",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
  "discriminator",
  "xml",
  "externalDocs",
]);

/** Keywords that make JSON pointers resolve against something other than the document root. */
export const RESOURCE_KEYWORDS = [
  "$id",
  "$anchor",
  "$dynamicAnchor",
  "$dynamicRef",
  "$recursiveRef",
  "$recursiveAnchor",
];

export type SchemaObject = { [keyword: string]: unknown };
export type Schema = boolean | SchemaObject;

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Calls `visit` for every direct subschema of `schema` with the path segments that lead to it. */
export function forEachSubschema(
  schema: SchemaObject,
  visit: (sub: unknown, segments: string[]) => void,
): void {
  for (const [keyword, value] of Object.entries(schema)) {
    if (SCHEMA_KEYWORDS.has(keyword)) visit(value, [keyword]);
    else if (keyword === "items") {
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) visit(item, [keyword, String(i)]);
      } else visit(value, [keyword]);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(keyword) && Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [keyword, String(i)]);
    } else if (SCHEMA_MAP_KEYWORDS.has(keyword) && isSchemaObject(value)) {
      for (const [name, sub] of Object.entries(value)) visit(sub, [keyword, name]);
    } else if (keyword === "dependencies" && isSchemaObject(value)) {
      for (const [name, sub] of Object.entries(value)) if (!Array.isArray(sub)) visit(sub, [keyword, name]);
    }
  }
}

/**
 * A copy of `schema` with each direct subschema replaced by `map(sub)`. Non-schema values are
 * shared, not copied: callers never mutate them.
 */
export function mapSubschemas(schema: SchemaObject, map: (sub: unknown) => unknown): SchemaObject {
  const out: SchemaObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (SCHEMA_KEYWORDS.has(keyword)) out[keyword] = map(value);
    else if (keyword === "items") out[keyword] = Array.isArray(value) ? value.map(map) : map(value);
    else if (SCHEMA_ARRAY_KEYWORDS.has(keyword) && Array.isArray(value)) out[keyword] = value.map(map);
    else if (SCHEMA_MAP_KEYWORDS.has(keyword) && isSchemaObject(value)) out[keyword] = mapValues(value, map);
    else if (keyword === "dependencies" && isSchemaObject(value)) {
      out[keyword] = mapValues(value, (sub) => (Array.isArray(sub) ? sub : map(sub)));
    } else setOwn(out, keyword, value);
  }
  return out;
}

function mapValues(record: SchemaObject, map: (sub: unknown) => unknown): SchemaObject {
  const out: SchemaObject = {};
  for (const [name, sub] of Object.entries(record)) setOwn(out, name, map(sub));
  return out;
}

/** Sets an own property; unlike assignment, a `__proto__` key stays an ordinary key. */
export function setOwn(target: SchemaObject, key: string, value: unknown): void {
  // Plain assignment is several times faster and only `__proto__` needs the slow path.
  if (key !== "__proto__") target[key] = value;
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

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
  for (const [keyword, value] of Object.entries(schema))
    setOwn(out, keyword, mapKeyword(keyword, value, map));
  return out;
}

/**
 * mapSubschemas on an object the caller owns, replacing its values in place (the keys keep their
 * order): one copy fewer for a caller that built `schema` itself. Values inside it are not
 * mutated, arrays and maps of subschemas are new.
 */
export function mapSubschemasInPlace(schema: SchemaObject, map: (sub: unknown) => unknown): void {
  for (const [keyword, value] of Object.entries(schema)) {
    const mapped = mapKeyword(keyword, value, map);
    if (mapped !== value) setOwn(schema, keyword, mapped);
  }
}

/** The value of `keyword` with each subschema in it replaced by `map(sub)`; data as it is. */
function mapKeyword(keyword: string, value: unknown, map: (sub: unknown) => unknown): unknown {
  if (SCHEMA_KEYWORDS.has(keyword)) return map(value);
  if (keyword === "items") return Array.isArray(value) ? value.map(map) : map(value);
  if (SCHEMA_ARRAY_KEYWORDS.has(keyword) && Array.isArray(value)) return value.map(map);
  if (SCHEMA_MAP_KEYWORDS.has(keyword) && isSchemaObject(value)) return mapValues(value, map);
  if (keyword === "dependencies" && isSchemaObject(value))
    return mapValues(value, (sub) => (Array.isArray(sub) ? sub : map(sub)));
  return value;
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

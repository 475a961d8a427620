/**
 * Parameters and form fields arrive as text; their schemas speak of numbers, booleans, arrays and
 * objects. This turns the text into the value the schema describes (when it reads as one) so that
 * ajv validates what the client meant: `?limit=10` is the integer 10, `?limit=ten` stays a string and
 * fails with a pointer.
 */
import { getAtPointer } from "../pointer.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** What a schema (looking through `$ref`, `allOf`, `oneOf`, `anyOf`) says about a value's shape. */
export interface Shape {
  types: Set<string>;
  items?: unknown;
  properties: Record<string, unknown>;
}

// Schemas are parts of one loaded document that never changes: a shape is worked out once per schema.
const shapes = new WeakMap<object, Shape>();

export function shapeOf(schema: unknown, document: unknown): Shape {
  const cached = isObj(schema) ? shapes.get(schema) : undefined;
  if (cached) return cached;
  const shape: Shape = { types: new Set(), properties: {} };
  merge(shape, schema, document, 0);
  if (isObj(schema)) shapes.set(schema, shape);
  return shape;
}

function merge(shape: Shape, schema: unknown, document: unknown, depth: number): void {
  if (!isObj(schema) || depth > 16) return;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#")) {
    merge(shape, getAtPointer(document, decodeURIComponent(schema.$ref.slice(1))), document, depth + 1);
  }
  const type = schema.type;
  if (typeof type === "string") shape.types.add(type);
  else if (Array.isArray(type)) for (const t of type) if (typeof t === "string") shape.types.add(t);
  if (schema.items !== undefined && shape.items === undefined) shape.items = schema.items;
  if (isObj(schema.properties)) Object.assign(shape.properties, schema.properties);
  if (shape.types.size === 0) {
    if (Array.isArray(schema.enum)) for (const v of schema.enum) addTypeOf(shape, v);
    if ("const" in schema) addTypeOf(shape, schema.const);
  }
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const branch of list) merge(shape, branch, document, depth + 1);
  }
}

function addTypeOf(shape: Shape, value: unknown): void {
  if (typeof value === "number") shape.types.add(Number.isInteger(value) ? "integer" : "number");
  else if (typeof value === "boolean") shape.types.add("boolean");
  else if (value === null) shape.types.add("null");
  else if (typeof value === "string") shape.types.add("string");
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** One piece of text as the scalar the shape allows; text that reads as none of them stays text. */
export function coerceScalar(text: string, shape: Shape): unknown {
  const t = shape.types;
  if (t.size === 0 || t.has("string")) {
    // A string is always acceptable; still read numbers when the schema allows them too.
    if (t.has("string") && !(t.has("number") || t.has("integer") || t.has("boolean"))) return text;
  }
  if ((t.has("integer") || t.has("number")) && NUMBER.test(text)) return Number(text);
  if (t.has("boolean") && (text === "true" || text === "false")) return text === "true";
  if (t.has("null") && text === "null") return null;
  return text;
}

/** A deserialized parameter (text, list of texts, or record of texts) coerced into the schema's shape. */
export function coerce(value: unknown, schema: unknown, document: unknown, depth = 0): unknown {
  if (depth > 16) return value;
  const shape = shapeOf(schema, document);
  if (typeof value === "string") {
    // One value where an array is expected: `?tag=a` is the list `["a"]`.
    if (shape.types.has("array") && !shape.types.has("string"))
      return [coerce(value, shape.items, document, depth + 1)];
    return coerceScalar(value, shape);
  }
  if (Array.isArray(value)) return value.map((item) => coerce(item, shape.items, document, depth + 1));
  if (isObj(value)) {
    const out: Obj = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = coerce(item, shape.properties[key], document, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Visits every Schema Object of an OpenAPI 3.0/3.1 document by following the document structure
 * (components, path items, operations, parameters, headers, media types, callbacks) and then JSON
 * Schema's subschema keywords. Property *names* are never mistaken for keywords: `properties` is
 * walked as a map of schemas, so a property called `nullable` or `example` is just a name.
 *
 * `visit` runs after a schema's subschemas (post-order) and may return a replacement.
 */
import { escapePointerSegment } from "../pointer.js";

/**
 * Where a schema sits, as a parent chain: building pointer strings for the ~500,000 schemas of a
 * big spec costs more than the walk itself, and only a few of them are ever reported.
 */
export interface SchemaPath {
  readonly parent: SchemaPath | undefined;
  readonly key: string;
}

export function pathToPointer(path: SchemaPath | undefined): string {
  const segments: string[] = [];
  for (let p = path; p; p = p.parent) segments.push(escapePointerSegment(p.key));
  return segments.length === 0 ? "" : `/${segments.reverse().join("/")}`;
}

export type SchemaVisitor = (schema: Record<string, unknown>, path: SchemaPath) => unknown;

type Obj = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];
/** How each subschema keyword holds its subschemas. */
const SUBSCHEMAS = new Map<string, "map" | "list" | "single">([
  ...["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"].map(
    (k) => [k, "map"] as const,
  ),
  ...["allOf", "anyOf", "oneOf", "prefixItems"].map((k) => [k, "list"] as const),
  ...[
    "additionalProperties",
    "items",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
  ].map((k) => [k, "single"] as const),
]);

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function at(parent: SchemaPath | undefined, key: string): SchemaPath {
  return { parent, key };
}

/**
 * `mayShareObjects`: the document may reach one object from two places (YAML aliases). Only then
 * are visited objects remembered, which is what keeps a cyclic alias from looping forever.
 */
export function walkSchemas(document: unknown, visit: SchemaVisitor, mayShareObjects = true): void {
  // Plain Set/Map: they live only for this walk, and are cheaper than their weak variants.
  const seen = new Set<object>();
  const replaced = new Map<object, unknown>();
  const once = (o: Obj) => {
    if (!mayShareObjects) return true;
    if (seen.has(o)) return false;
    seen.add(o);
    return true;
  };

  const eachIn = (container: unknown, pointer: SchemaPath, fn: (v: Obj, p: SchemaPath) => void) => {
    if (!isObj(container)) return;
    for (const key of Object.keys(container)) {
      const v = container[key];
      if (isObj(v)) fn(v, at(pointer, key));
    }
  };
  const eachOf = (list: unknown, pointer: SchemaPath, fn: (v: Obj, p: SchemaPath) => void) => {
    if (!Array.isArray(list)) return;
    list.forEach((v, i) => {
      if (isObj(v)) fn(v, at(pointer, String(i)));
    });
  };

  /** Walks the schema in `holder[key]` and stores the visitor's replacement there. */
  const schemaAt = (holder: Obj | unknown[], key: string | number, pointer: SchemaPath): void => {
    const slots = holder as Record<string | number, unknown>;
    const schema = slots[key];
    if (!isObj(schema)) return;
    if (!once(schema)) {
      // Shared by YAML anchors: every holder gets the same replacement.
      const earlier = replaced.get(schema);
      if (earlier !== undefined) slots[key] = earlier;
      return;
    }
    // Iterating the schema's own keys is far cheaper than probing ~20 mostly absent keywords.
    for (const k in schema) {
      const kind = SUBSCHEMAS.get(k);
      if (kind === undefined) continue;
      const v = schema[k];
      if (kind === "map") {
        if (!isObj(v)) continue;
        const mapPath = at(pointer, k);
        for (const name in v) if (isObj(v[name])) schemaAt(v, name, at(mapPath, name));
      } else if (Array.isArray(v)) {
        // `items` as an array is the draft-04 tuple form, still seen in the wild.
        schemaList(v, at(pointer, k));
      } else if (kind === "single" && isObj(v)) {
        schemaAt(schema, k, at(pointer, k));
      }
    }
    const replacement = visit(schema, pointer);
    if (replacement !== schema) {
      replaced.set(schema, replacement);
      slots[key] = replacement;
    }
  };

  const schemaList = (list: unknown[], path: SchemaPath) => {
    for (let i = 0; i < list.length; i++) if (isObj(list[i])) schemaAt(list, i, at(path, String(i)));
  };

  const mediaTypes = (content: unknown, pointer: SchemaPath) =>
    eachIn(content, pointer, (mt, p) => {
      if (isObj(mt.schema)) schemaAt(mt, "schema", at(p, "schema"));
      eachIn(mt.encoding, at(p, "encoding"), (enc, ep) => eachIn(enc.headers, at(ep, "headers"), parameter));
    });
  // Parameters and headers share the shape that matters here: `schema` or `content`.
  const parameter = (param: Obj, pointer: SchemaPath) => {
    if (!once(param)) return;
    if (isObj(param.schema)) schemaAt(param, "schema", at(pointer, "schema"));
    mediaTypes(param.content, at(pointer, "content"));
  };
  const body = (b: Obj, pointer: SchemaPath) => {
    if (!once(b)) return;
    mediaTypes(b.content, at(pointer, "content"));
    eachIn(b.headers, at(pointer, "headers"), parameter);
  };
  const callback = (cb: Obj, pointer: SchemaPath) => eachIn(cb, pointer, pathItem);
  const operation = (op: Obj, pointer: SchemaPath) => {
    if (!once(op)) return;
    eachOf(op.parameters, at(pointer, "parameters"), parameter);
    if (isObj(op.requestBody)) body(op.requestBody, at(pointer, "requestBody"));
    eachIn(op.responses, at(pointer, "responses"), body);
    eachIn(op.callbacks, at(pointer, "callbacks"), callback);
  };
  function pathItem(item: Obj, pointer: SchemaPath): void {
    if (!once(item)) return;
    eachOf(item.parameters, at(pointer, "parameters"), parameter);
    for (const method of METHODS)
      if (isObj(item[method])) operation(item[method] as Obj, at(pointer, method));
  }

  if (!isObj(document)) return;
  eachIn(document.paths, at(undefined, "paths"), pathItem);
  eachIn(document.webhooks, at(undefined, "webhooks"), pathItem);
  eachIn(document["x-webhooks"], at(undefined, "x-webhooks"), pathItem);
  const components = document.components;
  if (!isObj(components)) return;
  const schemas = components.schemas;
  if (isObj(schemas))
    for (const name of Object.keys(schemas))
      schemaAt(schemas, name, at(at(at(undefined, "components"), "schemas"), name));
  eachIn(components.parameters, at(at(undefined, "components"), "parameters"), parameter);
  eachIn(components.headers, at(at(undefined, "components"), "headers"), parameter);
  eachIn(components.responses, at(at(undefined, "components"), "responses"), body);
  eachIn(components.requestBodies, at(at(undefined, "components"), "requestBodies"), body);
  eachIn(components.callbacks, at(at(undefined, "components"), "callbacks"), callback);
  eachIn(components.pathItems, at(at(undefined, "components"), "pathItems"), pathItem);
}

/**
 * Finds the subschema that says something (a property, `items`, `contentEncoding`) by following what
 * a schema is made of: its local `$ref` and its `allOf`/`anyOf`/`oneOf` branches. The answer is a
 * pointer into the spec, so a report can point at the keyword that applies.
 */
import { getAtPointer, joinPointer } from "@contract/core";

type Schema = Record<string, unknown>;

/** Pointer of the first subschema, from `pointer` down, for which `test` holds. */
export function findSubschema(
  document: unknown,
  pointer: string,
  test: (schema: Schema) => boolean,
  depth = 0,
): string | undefined {
  const schema = getAtPointer(document, pointer);
  if (!isSchema(schema) || depth > 16) return undefined;
  if (test(schema)) return pointer;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith("#")) {
    const found = findSubschema(document, decodeURIComponent(schema.$ref.slice(1)), test, depth + 1);
    if (found !== undefined) return found;
  }
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    for (let index = 0; index < branches.length; index++) {
      const found = findSubschema(document, joinPointer(pointer, key, index), test, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Pointer of the schema of property `name` of the object schema at `pointer`. */
export function propertyPointer(document: unknown, pointer: string, name: string): string | undefined {
  const holder = findSubschema(
    document,
    pointer,
    (s) => isSchema(s.properties) && Object.hasOwn(s.properties, name),
  );
  return holder === undefined ? undefined : joinPointer(holder, "properties", name);
}

/** Pointer of the `items` schema of the array schema at `pointer`. */
export function itemsPointer(document: unknown, pointer: string): string | undefined {
  const holder = findSubschema(document, pointer, (s) => isSchema(s.items));
  return holder === undefined ? undefined : joinPointer(holder, "items");
}

/** A string keyword (`contentEncoding`, `contentMediaType`) of the schema at `pointer`, with its own pointer. */
export function stringKeyword(
  document: unknown,
  pointer: string,
  keyword: string,
): { value: string; pointer: string } | undefined {
  const holder = findSubschema(document, pointer, (s) => typeof s[keyword] === "string");
  if (holder === undefined) return undefined;
  const schema = getAtPointer(document, holder) as Schema;
  return { value: schema[keyword] as string, pointer: joinPointer(holder, keyword) };
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

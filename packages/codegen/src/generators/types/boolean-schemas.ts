/**
 * openapi-typescript's discriminator scan uses `"$ref" in item` on every `allOf` entry, which throws
 * on a boolean schema (`allOf: [{...}, true]`, valid JSON Schema 2020-12). Boolean entries of
 * `allOf`/`anyOf`/`oneOf` are handed over as their object equivalents, `{}` for `true` and
 * `{not: {}}` for `false`, on a copy made only when the document has any.
 */
import type { OpenAPI3 } from "openapi-typescript";

const isList = (key: string) => key === "allOf" || key === "anyOf" || key === "oneOf";

/**
 * Walks every object of the document (about a million in GitHub's), so it reads keys with `for…in`
 * rather than allocating an entries array per object, and keeps no set of visited objects: the
 * passes after it walk the document as a tree too (a cycle fails there as here, on the stack), and
 * filling a set with a million objects cost three times the walk itself.
 */
function hasBooleanEntries(node: object): boolean {
  if (Array.isArray(node)) {
    for (const item of node)
      if (item !== null && typeof item === "object" && hasBooleanEntries(item)) return true;
    return false;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (value === null || typeof value !== "object") continue;
    if (isList(key) && Array.isArray(value) && value.some((v) => typeof v === "boolean")) return true;
    if (hasBooleanEntries(value)) return true;
  }
  return false;
}

export function withoutBooleanListEntries(document: OpenAPI3): OpenAPI3 {
  if (document === null || typeof document !== "object" || !hasBooleanEntries(document)) return document;
  const copy = structuredClone(document);
  const stack: unknown[] = [copy];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === "object") stack.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (isList(key) && Array.isArray(value))
        record[key] = value.map((v) => (v === true ? {} : v === false ? { not: {} } : v));
      if (value !== null && typeof value === "object") stack.push(record[key]);
    }
  }
  return copy;
}

/**
 * Schemas openapi-typescript's transform throws on or misreads, handed over as equivalents it
 * prints right, on a copy made only when the document has any:
 * - Boolean entries of `allOf`/`anyOf`/`oneOf` (valid JSON Schema 2020-12): its discriminator scan
 *   uses `"$ref" in item` on every `allOf` entry, which throws on a boolean. They become their
 *   object equivalents, `{}` for `true` and `{not: {}}` for `false`.
 * - An `enum` whose values the schema's `type` rejects. With `type: object` it reads the values as
 *   schemas (and throws on a string: "Expected SchemaObject"); with another type it prints the
 *   values as if they were valid. When no value is of the type, nothing is valid and the schema
 *   becomes `enum: []` (printed `never`, as validators reject everything); under `type: object`,
 *   the values that are not objects are dropped. Other mismatches print as before.
 */
import { enumValuesOutsideType } from "@contract/core";
import type { OpenAPI3 } from "openapi-typescript";

const isList = (key: string) => key === "allOf" || key === "anyOf" || key === "oneOf";

/** Annotations kept on a schema replaced by `enum: []`: what openapi-typescript prints as JSDoc. */
const KEPT_ON_EMPTY = ["title", "description", "deprecated", "readOnly", "writeOnly"];

/** The schema to print instead of `record`, or undefined when it prints right as it is. */
function enumRepair(record: Record<string, unknown>): Record<string, unknown> | undefined {
  const values = record.enum;
  if (!Array.isArray(values) || values.length === 0 || !("type" in record)) return undefined;
  const outside = enumValuesOutsideType(record);
  if (outside.length === values.length) {
    const empty: Record<string, unknown> = { enum: [] };
    for (const key of KEPT_ON_EMPTY) if (key in record) empty[key] = record[key];
    return empty;
  }
  if (outside.length === 0 || record.type !== "object") return undefined;
  return { ...record, enum: values.filter((value) => !outside.includes(value)) };
}

/**
 * Walks every object of the document (about a million in GitHub's), so it reads keys with `for…in`
 * rather than allocating an entries array per object, and keeps no set of visited objects: the
 * passes after it walk the document as a tree too (a cycle fails there as here, on the stack), and
 * filling a set with a million objects cost three times the walk itself.
 */
function hasUnreadableSchemas(node: object): boolean {
  if (Array.isArray(node)) {
    for (const item of node)
      if (item !== null && typeof item === "object" && hasUnreadableSchemas(item)) return true;
    return false;
  }
  const record = node as Record<string, unknown>;
  if (record.enum !== undefined && enumRepair(record) !== undefined) return true;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (value === null || typeof value !== "object") continue;
    if (isList(key) && Array.isArray(value) && value.some((v) => typeof v === "boolean")) return true;
    if (hasUnreadableSchemas(value)) return true;
  }
  return false;
}

export function withoutUnreadableSchemas(document: OpenAPI3): OpenAPI3 {
  if (document === null || typeof document !== "object" || !hasUnreadableSchemas(document)) return document;
  const copy = structuredClone(document);
  const stack: unknown[] = [copy];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const holder = node as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const value = holder[key];
      if (isList(key) && Array.isArray(value))
        holder[key] = value.map((v) => (v === true ? {} : v === false ? { not: {} } : v));
      const child = holder[key];
      if (child === null || typeof child !== "object") continue;
      const repaired = Array.isArray(child) ? undefined : enumRepair(child as Record<string, unknown>);
      if (repaired) holder[key] = repaired;
      stack.push(holder[key]);
    }
  }
  return copy;
}

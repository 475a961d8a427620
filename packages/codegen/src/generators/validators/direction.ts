/**
 * `readOnly`/`writeOnly` per direction. A read-only property is managed by the server: a request
 * does not send it, so a request validator must not require it (it still accepts it, as the server
 * is expected to ignore it). A write-only property (a password) is never returned, so a response
 * validator must not require it. `asWritten` keeps `required` untouched (component validators).
 */
import { getAtPointer, parsePointer } from "@contract/core";
import { isSchemaObject, type SchemaObject } from "./keywords.js";

export type Direction = "request" | "response" | "asWritten";

const FLAG_BY_DIRECTION = { request: "readOnly", response: "writeOnly" } as const;

/** Follows `$ref`s (a few hops, cycles stop) to see whether a property schema carries `flag`. */
function hasFlag(document: unknown, schema: unknown, flag: string): boolean {
  let current = schema;
  for (let hop = 0; hop < 16 && isSchemaObject(current); hop++) {
    if (current[flag] === true) return true;
    const ref = current.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#")) return false;
    current = getAtPointer(document, parsePointer(ref));
  }
  return false;
}

/** `schema.required` without the properties that the direction does not carry. */
export function requiredFor(document: unknown, schema: SchemaObject, direction: Direction): unknown {
  const required = schema.required;
  if (direction === "asWritten" || !Array.isArray(required) || !isSchemaObject(schema.properties))
    return required;
  const properties = schema.properties;
  const flag = FLAG_BY_DIRECTION[direction];
  const kept = required.filter(
    (name) =>
      !(
        typeof name === "string" &&
        Object.hasOwn(properties, name) &&
        hasFlag(document, properties[name], flag)
      ),
  );
  return kept.length === required.length ? required : kept;
}

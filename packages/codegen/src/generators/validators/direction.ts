/**
 * `readOnly`/`writeOnly` per direction, as core's schema checker reads them (so a generated
 * validator and `contract verify`/`contract mock` agree): a request validator does not require a
 * read-only property (it still accepts it, as the server is expected to ignore it), a response
 * validator does not require a write-only one. `asWritten` keeps `required` untouched (component
 * validators).
 */
import { requiredFor as requiredWhenTravelling, type Direction as TravelDirection } from "@contract/core";
import type { SchemaObject } from "./keywords.js";

export type Direction = TravelDirection | "asWritten";

/** `schema.required` without the properties that the direction does not carry. */
export function requiredFor(document: unknown, schema: SchemaObject, direction: Direction): unknown {
  return direction === "asWritten" ? schema.required : requiredWhenTravelling(document, schema, direction);
}

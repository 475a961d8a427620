/**
 * `not`, in the forms specs use it: `not: {type: …}` removes types, `not: {const|enum: …}` removes
 * values, `not: {required: [a, b]}` (mutually exclusive fields) keeps those keys from all being
 * present. Other forms are left to the caller's check: a general `not` has no constructive reading.
 */
import { type JsonType, resolveRef, type Shape, sameJson } from "./shape.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function plain(schema: unknown, document: unknown): Obj | undefined {
  let node = schema;
  for (let hops = 0; isObj(node) && typeof node.$ref === "string" && hops < 8; hops++)
    node = resolveRef(document, node.$ref);
  return isObj(node) ? node : undefined;
}

/** Types and values the `not`s exclude, folded into the shape before a value is chosen. */
export function applyNots(shape: Shape, document: unknown): void {
  for (const raw of shape.nots) {
    const not = plain(raw, document);
    if (!not) continue;
    const keys = Object.keys(not).filter((k) => !["description", "title", "$comment"].includes(k));
    if (keys.length === 1 && keys[0] === "type") {
      const banned = new Set<JsonType>((Array.isArray(not.type) ? not.type : [not.type]) as JsonType[]);
      const all: JsonType[] = ["null", "boolean", "object", "array", "number", "integer", "string"];
      const current = shape.types ? [...shape.types] : all;
      shape.types = new Set(
        current.filter((t) => !banned.has(t) && !(t === "integer" && banned.has("number"))),
      );
    }
    if (keys.length === 1 && (keys[0] === "const" || keys[0] === "enum")) {
      const banned = keys[0] === "const" ? [not.const] : Array.isArray(not.enum) ? not.enum : [];
      if (shape.enumValues)
        shape.enumValues = shape.enumValues.filter((v) => !banned.some((b) => sameJson(b, v)));
      shape.bannedValues.push(...banned);
    }
  }
}

/** Keys that must not all be present together (`not: {required: [...]}`), one group per `not`. */
export function exclusiveKeyGroups(shape: Shape, document: unknown): string[][] {
  const groups: string[][] = [];
  for (const raw of shape.nots) {
    const not = plain(raw, document);
    if (
      not &&
      Array.isArray(not.required) &&
      Object.keys(not).every((k) => k === "required" || k === "description")
    ) {
      groups.push(not.required.filter((k): k is string => typeof k === "string"));
    }
  }
  return [...groups, ...shape.exclusiveKeys];
}

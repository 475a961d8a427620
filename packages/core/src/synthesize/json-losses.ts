/**
 * What `JSON.stringify` would change in a value. A payload built from a spec's examples can hold
 * values JSON cannot carry (YAML reads `.nan` and `.inf` as numbers; a document built in code can
 * hold a Date, `undefined` or a bigint); the schema check passes them in memory, yet the receiver
 * gets null, a string, or nothing in their place.
 */
import { escapePointerSegment } from "../pointer.js";

/** One line per change, each starting with its JSON pointer (`/` for the value itself). */
export function jsonLosses(value: unknown): string[] {
  const out: string[] = [];
  visit(value, "", "top", new Set(), out);
  return out;
}

/** Where a value sits decides what JSON does with one it cannot write: left out, or null. */
type Slot = "top" | "item" | "property";

function visit(value: unknown, pointer: string, slot: Slot, enclosing: Set<object>, out: string[]): void {
  const at = pointer === "" ? "/" : pointer;
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      // -0 is written as 0, the same number to every JSON reader.
      if (!Number.isFinite(value)) out.push(`${at}: ${value} is sent as null`);
      return;
    case "bigint":
      out.push(`${at}: the bigint ${value}n cannot be written as JSON`);
      return;
    case "undefined":
    case "function":
    case "symbol":
      out.push(`${at}: ${describe(value)} is ${slot === "item" ? "sent as null" : "left out"}`);
      return;
  }
  if (value === null) return;
  const object = value as object;
  if (enclosing.has(object)) {
    out.push(`${at}: refers to a value that encloses it, which JSON cannot write`);
    return;
  }
  if (!isPlain(object)) {
    out.push(`${at}: ${describe(object)} is sent as ${written(object)}`);
    return;
  }
  enclosing.add(object);
  if (Array.isArray(object)) {
    for (let index = 0; index < object.length; index++) {
      if (!(index in object)) out.push(`${pointer}/${index}: an empty slot is sent as null`);
      else visit(object[index], `${pointer}/${index}`, "item", enclosing, out);
    }
  } else {
    for (const [key, item] of Object.entries(object))
      visit(item, `${pointer}/${escapePointerSegment(key)}`, "property", enclosing, out);
  }
  enclosing.delete(object);
}

/** An array or an object JSON writes key by key: no `toJSON`, no class of its own (Date, Map, …). */
function isPlain(object: object): boolean {
  if ("toJSON" in object && typeof object.toJSON === "function") return false;
  if (Array.isArray(object)) return true;
  const prototype = Object.getPrototypeOf(object);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : "an object";
}

function written(object: object): string {
  try {
    return JSON.stringify(object) ?? "nothing";
  } catch (error) {
    return `an error (${(error as Error).message})`;
  }
}

/**
 * A payload check that judges a value as it is sent: what JSON would change in it, else `check`'s
 * verdict. Given to `payloadFor`, it passes over examples a receiver would not get as written.
 */
export function checkAsSent(check: (value: unknown) => string[]): (value: unknown) => string[] {
  return (value) => {
    const losses = jsonLosses(value);
    return losses.length > 0 ? losses : check(value);
  };
}

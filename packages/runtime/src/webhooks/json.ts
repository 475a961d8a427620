/**
 * JSON parsing for untrusted bodies. `JSON.parse` itself is safe (a `"__proto__"` key becomes an own
 * property), but handlers routinely merge payloads into other objects (`Object.assign`, spreads into
 * config, lodash merge), where such a key rewrites prototypes. Those keys are dropped.
 *
 * Detection walks the parsed value (a few µs for a 10 KB payload) instead of scanning the text: on
 * two-byte strings (any payload with a non-Latin-1 character) a substring search costs about half
 * of the parse itself. The slow reviver only runs when a walk finds such a key.
 */

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonSafely(text: string): JsonParseResult {
  try {
    const value = JSON.parse(text);
    return { ok: true, value: hasPrototypeKeys(value) ? JSON.parse(text, dropPrototypeKeys) : value };
  } catch (error) {
    // Includes nesting deeper than the stack allows: a malformed delivery, not a crash.
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const isPollutingConstructor = (value: unknown): boolean =>
  value !== null && typeof value === "object" && Object.hasOwn(value, "prototype");

function hasPrototypeKeys(value: unknown): boolean {
  return value !== null && typeof value === "object" && hasPrototypeKeysIn(value);
}

// One `for...in` per object (JSON.parse makes every key, `__proto__` included, an own enumerable
// property) and no call for primitives, which most values are: this walk runs on every delivery.
function hasPrototypeKeysIn(object: object): boolean {
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      const item: unknown = object[i];
      if (typeof item === "object" && item !== null && hasPrototypeKeysIn(item)) return true;
    }
    return false;
  }
  for (const key in object) {
    if (key === "__proto__") return true;
    const item: unknown = (object as Record<string, unknown>)[key];
    if (typeof item === "object" && item !== null) {
      if (key === "constructor" && isPollutingConstructor(item)) return true;
      if (hasPrototypeKeysIn(item)) return true;
    }
  }
  return false;
}

function dropPrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === "__proto__") return undefined;
  if (key === "constructor" && isPollutingConstructor(value)) return undefined;
  return value;
}

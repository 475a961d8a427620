/**
 * JSON parsing for untrusted bodies. `JSON.parse` itself is safe (a `"__proto__"` key becomes an own
 * property), but handlers routinely merge payloads into other objects (`Object.assign`, spreads into
 * config, lodash merge), where such a key rewrites prototypes. Those keys are dropped. The scan is
 * only paid when the text contains one of them.
 */
const DANGEROUS = /"(?:__proto__|constructor|prototype)"\s*:/;

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonSafely(text: string): JsonParseResult {
  try {
    const value = DANGEROUS.test(text) ? JSON.parse(text, dropPrototypeKeys) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    // Deeply nested input overflows the stack in JSON.parse: still a malformed delivery, not a crash.
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

function dropPrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === "__proto__") return undefined;
  if (
    key === "constructor" &&
    value !== null &&
    typeof value === "object" &&
    Object.hasOwn(value, "prototype")
  ) {
    return undefined;
  }
  return value;
}

/** Content-Type handling: which declared media type a delivery is, and how its bytes become a value. */
import { fromUtf8Strict } from "./bytes.js";
import { parseJsonSafely } from "./json.js";

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeEssence(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const essence = contentType.split(";", 1)[0]!.trim().toLowerCase();
  return essence === "" ? undefined : essence;
}

export const isJsonMediaType = (mediaType: string): boolean =>
  mediaType === "application/json" || mediaType.endsWith("+json");

/**
 * Picks the declared media type that describes the delivery: the exact Content-Type when declared,
 * else a wildcard declaration (`application/*`, `*\/*`), else the only declared type when the request
 * has no Content-Type at all.
 */
export function selectMediaType(declared: readonly string[], actual: string | undefined): string | undefined {
  if (actual === undefined) return declared.length === 1 ? declared[0] : declared.find(isJsonMediaType);
  const lowered = declared.map((d) => d.toLowerCase());
  const exact = lowered.indexOf(actual);
  if (exact >= 0) return declared[exact];
  const slash = actual.indexOf("/");
  const range = lowered.indexOf(`${actual.slice(0, slash)}/*`);
  if (range >= 0) return declared[range];
  const any = lowered.indexOf("*/*");
  return any >= 0 ? declared[any] : undefined;
}

/**
 * `selectMediaType` over one fixed list of declared types, remembering its last answer: a sender
 * uses one Content-Type for all its deliveries, so the list is matched once, not once per delivery.
 */
export function mediaTypeSelector(
  declared: readonly string[],
): (actual: string | undefined) => string | undefined {
  let asked = false;
  let lastActual: string | undefined;
  let lastSelected: string | undefined;
  return (actual) => {
    if (!asked || actual !== lastActual) {
      lastSelected = selectMediaType(declared, actual);
      lastActual = actual;
      asked = true;
    }
    return lastSelected;
  };
}

export type DecodeResult = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON (and `+json`) is parsed, forms become objects of strings, text stays text, anything else bytes. */
export function decodeBody(body: Uint8Array, mediaType: string | undefined): DecodeResult {
  const isText =
    mediaType === undefined ||
    isJsonMediaType(mediaType) ||
    mediaType === "application/x-www-form-urlencoded" ||
    mediaType.startsWith("text/");
  if (!isText) return { ok: true, value: body };
  // Invalid UTF-8 is malformed, not text with U+FFFD in it that a handler would act on.
  const text = fromUtf8Strict(body);
  if (text === undefined) return { ok: false, message: "the body is not valid UTF-8" };
  if (mediaType === undefined || isJsonMediaType(mediaType)) {
    const parsed = parseJsonSafely(text);
    return parsed.ok ? parsed : { ok: false, message: `the body is not valid JSON: ${parsed.message}` };
  }
  if (mediaType === "application/x-www-form-urlencoded") {
    const value: Record<string, string> = Object.create(null);
    new URLSearchParams(text).forEach((field, key) => {
      value[key] = field;
    });
    return { ok: true, value: { ...value } };
  }
  return { ok: true, value: text };
}

/**
 * Byte helpers shared by signing and verifying. Only Web platform APIs (TextEncoder, atob/btoa), so
 * the receiver runs unchanged in Node, Bun, Deno, browsers and Workers.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

const strictDecoder = new TextDecoder("utf-8", { fatal: true });
/** Decodes UTF-8, or `undefined` when the bytes are not valid UTF-8 (no U+FFFD substitution). */
export function fromUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

// Each character code's hex digit value, -1 for anything else: one load per digit instead of
// three range tests (decoding a signature header runs on every delivery).
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUE[digit.toString(16).charCodeAt(0)] = digit;
  HEX_VALUE[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/**
 * Decodes hex from `start` on (a header's value after its prefix, without slicing it off first);
 * `undefined` for an odd number of digits or a non-hex one (a malformed header, not a mismatch).
 */
export function fromHex(text: string, start = 0): Uint8Array | undefined {
  const digits = text.length - start;
  if (digits < 0 || digits % 2 !== 0) return undefined;
  const out = new Uint8Array(digits / 2);
  for (let i = 0, at = start; i < out.length; i++, at += 2) {
    const hi = hexValue(text.charCodeAt(at));
    const lo = hexValue(text.charCodeAt(at + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const hexValue = (code: number): number => (code < 256 ? HEX_VALUE[code]! : -1);

/**
 * Whether the hex digits of `text` from `start` on spell `mac` (either case), in time that depends
 * only on their lengths, as `timingSafeEqual` on the decoded bytes would: one pass, nothing
 * allocated (decoding the header first cost more than the HMAC's JavaScript side on a 10 KB body).
 * A non-hex digit never matches: its value, -1, turns the byte's comparison negative.
 */
export function hexEquals(mac: Uint8Array, text: string, start: number): boolean {
  if (text.length - start !== mac.length * 2) return false;
  let diff = 0;
  for (let i = 0, at = start; i < mac.length; i++, at += 2) {
    diff |= ((hexValue(text.charCodeAt(at)) << 4) | hexValue(text.charCodeAt(at + 1))) ^ mac[i]!;
  }
  return diff === 0;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decodes standard or URL-safe base64; `undefined` when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const normalized = text.replace(/-/g, "+").replace(/_/g, "/");
  try {
    const binary = atob(normalized);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Compares two MACs in time that depends only on their length (which is public: it is fixed by the
 * algorithm), so an attacker cannot learn how many leading bytes of a forged signature were right.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

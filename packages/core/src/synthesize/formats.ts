/**
 * Values for the `format` keyword. Each generator returns a canonical, realistic instance of its
 * format (what ajv-formats accepts in full mode), drawn from the seeded generator so output is
 * reproducible. Dates are drawn from a fixed window, never from the clock.
 */
import type { Random } from "./prng.js";

const WORDS = ["alpha", "bravo", "delta", "echo", "kilo", "lima", "nova", "oscar", "sierra", "tango"];
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** 2026-01-01T00:00:00Z: dates fall in the year after, so they look current and never depend on the clock. */
const EPOCH_MS = Date.UTC(2026, 0, 1);

const hex = (random: Random, length: number) =>
  Array.from({ length }, () => random.int(0, 15).toString(16)).join("");

function instant(random: Random): Date {
  return new Date(EPOCH_MS + random.int(0, 365 * 24 * 3600) * 1000);
}

function date(random: Random): string {
  return instant(random).toISOString().slice(0, 10);
}

function time(random: Random): string {
  return `${instant(random).toISOString().slice(11, 19)}Z`;
}

function dateTime(random: Random): string {
  return `${instant(random).toISOString().slice(0, 19)}Z`;
}

function uuid(random: Random): string {
  const variant = "89ab"[random.int(0, 3)];
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}

function base64(random: Random, bytes = 12): string {
  // 12 bytes → 16 characters without padding: always valid base64.
  return Array.from({ length: Math.ceil((bytes * 4) / 3) }, () => BASE64[random.int(0, 63)]).join("");
}

const word = (random: Random) => random.pick(WORDS);

/**
 * `value` (a `date-time` or `time` ending in `Z`) written to a length from `min` to `max`: with
 * fractional seconds (1 to 9 digits) and/or a `+00:00` offset instead of `Z`, the same instant
 * either way. Undefined when no such spelling has a length in the bounds.
 */
function stretchInstant(value: string, min: number, max: number): string | undefined {
  const base = value.slice(0, -1);
  for (const offset of ["Z", "+00:00"]) {
    for (let digits = 0; digits <= 9; digits++) {
      const text = `${base}${digits === 0 ? "" : `.${"0".repeat(digits)}`}${offset}`;
      if (text.length >= min && text.length <= max) return text;
    }
  }
  return undefined;
}

/**
 * A value of `format` whose length is within [min, max]: `value` itself when it fits, else another
 * spelling of it for the formats that have one (a schema may fix a `date-time` at 25 characters);
 * undefined when there is none.
 */
export function fitFormatLength(format: string, value: string, min: number, max: number): string | undefined {
  if (value.length >= min && value.length <= max) return value;
  return format === "date-time" || format === "time" ? stretchInstant(value, min, max) : undefined;
}

export const FORMAT_GENERATORS: Record<string, (random: Random) => string> = {
  "date-time": dateTime,
  date,
  time,
  duration: (r) => `P${r.int(1, 30)}DT${r.int(1, 23)}H`,
  email: (r) => `${word(r)}.${word(r)}@example.com`,
  "idn-email": (r) => `${word(r)}@example.com`,
  hostname: (r) => `${word(r)}.example.com`,
  "idn-hostname": (r) => `${word(r)}.example.com`,
  ipv4: (r) => `192.0.2.${r.int(1, 254)}`,
  ipv6: (r) => `2001:db8::${r.int(1, 0xffff).toString(16)}`,
  uri: (r) => `https://example.com/${word(r)}/${r.int(1, 9999)}`,
  "uri-reference": (r) => `/${word(r)}/${r.int(1, 9999)}`,
  iri: (r) => `https://example.com/${word(r)}`,
  "iri-reference": (r) => `/${word(r)}`,
  "uri-template": (r) => `https://example.com/${word(r)}/{id}`,
  url: (r) => `https://example.com/${word(r)}/${r.int(1, 9999)}`,
  uuid,
  "json-pointer": (r) => `/${word(r)}/${r.int(0, 9)}`,
  "relative-json-pointer": (r) => `${r.int(0, 3)}/${word(r)}`,
  regex: () => "^[a-z]+$",
  byte: (r) => base64(r),
  binary: (r) => `${word(r)}-${hex(r, 8)}`,
  password: (r) => `pw-${hex(r, 12)}`,
  "unix-time": (r) => String(Math.floor(instant(r).getTime() / 1000)),
};

/** Integer and number formats from OpenAPI's format registry: the ranges they imply. */
export const NUMERIC_FORMAT_RANGES: Record<string, { min: number; max: number }> = {
  int8: { min: -128, max: 127 },
  uint8: { min: 0, max: 255 },
  int16: { min: -32768, max: 32767 },
  int32: { min: -2147483648, max: 2147483647 },
  int64: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

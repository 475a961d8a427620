/** Strings, numbers and booleans for a flattened shape. */
import { numberFits } from "./fits.js";
import { FORMAT_GENERATORS, fitFormatLength, NUMERIC_FORMAT_RANGES } from "./formats.js";
import type { Random } from "./prng.js";
import { stringForPatterns } from "./regex.js";
import type { Shape } from "./shape.js";

const WORDS = ["amber", "birch", "cedar", "dune", "ember", "fjord", "grove", "harbor", "iris", "juniper"];

/**
 * A string for the shape: format first (when it fits the length bounds), then pattern, then a
 * readable word derived from the property name. `name` is the property the string is for, if any.
 */
export function synthesizeString(shape: Shape, random: Random, name?: string): string {
  const min = shape.minLength ?? 0;
  const max = shape.maxLength ?? Number.POSITIVE_INFINITY;
  if (shape.patterns.length > 0) {
    const matched = stringForPatterns(shape.patterns, random, { minLength: min, maxLength: max });
    if (matched !== undefined) return matched;
  }
  const formatter = shape.format ? FORMAT_GENERATORS[shape.format] : undefined;
  if (formatter && shape.format) {
    const formatted = fitFormatLength(shape.format, formatter(random), min, max);
    if (formatted !== undefined) return formatted;
  }
  const stem = name
    ? name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || random.pick(WORDS)
    : random.pick(WORDS);
  let text = `${stem}-${random.int(100, 9999)}`;
  if (text.length < min) text += "x".repeat(min - text.length);
  // Too long: the bare stem reads best when it fits both bounds; otherwise the text cut to `max`
  // (at least `min` long, as `max` is).
  if (text.length > max) text = stem.length >= min && stem.length <= max ? stem : text.slice(0, max);
  return text;
}

/** A number (or integer when `integer`) inside every bound and multiple of the shape. */
export function synthesizeNumber(shape: Shape, random: Random, integer: boolean): number {
  const formatRange = shape.format ? NUMERIC_FORMAT_RANGES[shape.format] : undefined;
  let lo = Math.max(shape.minimum ?? Number.NEGATIVE_INFINITY, formatRange?.min ?? Number.NEGATIVE_INFINITY);
  let hi = Math.min(shape.maximum ?? Number.POSITIVE_INFINITY, formatRange?.max ?? Number.POSITIVE_INFINITY);
  const step = integer ? 1 : 0.5;
  if (shape.exclusiveMinimum !== undefined) lo = Math.max(lo, shape.exclusiveMinimum + step);
  if (shape.exclusiveMaximum !== undefined) hi = Math.min(hi, shape.exclusiveMaximum - step);
  // Prefer small positive numbers: what a human would put in an example.
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) [lo, hi] = [1, 1000];
  else if (!Number.isFinite(lo)) lo = hi >= 1 ? Math.max(1, hi - 1000) : hi - 1000;
  else if (!Number.isFinite(hi)) hi = lo + 1000;
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];

  const multiple = combinedMultiple(shape.multipleOf, integer);
  for (let attempt = 0; attempt < 20; attempt++) {
    let value: number;
    if (multiple !== undefined) {
      const k = random.int(
        Math.ceil(lo / multiple),
        Math.max(Math.ceil(lo / multiple), Math.floor(hi / multiple)),
      );
      value = roundLike(k * multiple, multiple);
    } else if (integer || hi - lo < 1)
      value = integer ? random.int(lo, Math.max(lo, hi)) : lo + (hi - lo) / 2;
    else value = random.int(Math.ceil(lo), Math.floor(hi)) + (hi - lo >= 2 ? random.int(0, 1) * 0.5 : 0);
    if (value > hi && hi >= lo) value = hi;
    if (numberFits(value, shape) && (!integer || Number.isInteger(value))) return value;
  }
  return integer ? Math.max(lo, Math.min(hi, 1)) : lo;
}

/** One multiple satisfying all `multipleOf`s: their LCM for integers, the first otherwise. */
function combinedMultiple(multiples: readonly number[], integer: boolean): number | undefined {
  if (multiples.length === 0) return integer ? undefined : undefined;
  if (multiples.every(Number.isInteger)) {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    return multiples.reduce((acc, m) => (acc * m) / gcd(acc, m));
  }
  const first = multiples[0] as number;
  // An integer shape with a fractional multiple: every integer multiple of 1/m works when m divides 1.
  return integer && Number.isInteger(1 / first) ? 1 : first;
}

/** Removes binary noise: 3 * 0.1 → 0.3, so `(value / m) % 1 === 0` holds. */
function roundLike(value: number, multiple: number): number {
  const decimals = (String(multiple).split(".")[1] ?? "").length;
  return Number(value.toFixed(Math.min(decimals, 15)));
}

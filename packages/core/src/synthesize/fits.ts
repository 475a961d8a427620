/**
 * A quick check of a scalar against the scalar keywords of a shape: used to decide whether a
 * schema's `examples`, `default` or an `enum` member can be reused as-is. Real specs drift from
 * their own examples (`homepage: ""` under `format: uri`), so nothing is reused unchecked.
 */
import { compilePattern } from "./regex.js";
import type { JsonType, Shape } from "./shape.js";

export function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "number":
      return Number.isInteger(value) ? "integer" : Number.isFinite(value) ? "number" : undefined;
    case "object":
      return "object";
    default:
      return undefined;
  }
}

export function typeAllowed(value: unknown, types: Set<JsonType> | undefined): boolean {
  const t = jsonTypeOf(value);
  if (t === undefined) return false;
  if (!types) return true;
  return types.has(t) || (t === "integer" && types.has("number"));
}

const FORMAT_CHECKS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i,
  date: /^\d{4}-\d\d-\d\d$/,
  time: /^\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  url: /^[a-z][a-z0-9+.-]*:[^\s]*$/i,
  "uri-reference": /^[^\s]*$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  ipv4: /^(\d{1,3}\.){3}\d{1,3}$/,
  hostname: /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i,
};

/** True when the scalar `value` satisfies every scalar keyword of `shape` that we can check here. */
export function scalarFits(value: unknown, shape: Shape): boolean {
  if (!typeAllowed(value, shape.types)) return false;
  if (typeof value === "string") return stringFits(value, shape);
  if (typeof value === "number") return numberFits(value, shape);
  return value === null || typeof value === "boolean";
}

function stringFits(value: string, shape: Shape): boolean {
  const length = [...value].length;
  if (shape.minLength !== undefined && length < shape.minLength) return false;
  if (shape.maxLength !== undefined && length > shape.maxLength) return false;
  for (const pattern of shape.patterns) if (!compilePattern(pattern)?.test(value)) return false;
  const check = shape.format ? FORMAT_CHECKS[shape.format] : undefined;
  return !check || check.test(value);
}

export function numberFits(value: number, shape: Shape): boolean {
  if (shape.minimum !== undefined && value < shape.minimum) return false;
  if (shape.maximum !== undefined && value > shape.maximum) return false;
  if (shape.exclusiveMinimum !== undefined && value <= shape.exclusiveMinimum) return false;
  if (shape.exclusiveMaximum !== undefined && value >= shape.exclusiveMaximum) return false;
  // Same test as ajv's default `multipleOf`: the quotient must be an integer.
  return shape.multipleOf.every((m) => Number.isInteger(value / m));
}

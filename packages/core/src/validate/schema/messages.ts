/**
 * One readable sentence per (collapsed) ajv error, and the pointer it is about. Unknown properties
 * point at the property itself, so the code frame lands on the offending key.
 */
import type { ErrorObject } from "ajv";
import { joinPointer, parsePointer } from "../../pointer.js";
import type { CollapsedError } from "./collapse-errors.js";

export interface SchemaFinding {
  pointer: string;
  message: string;
}

export function describeSchemaError({ error: e, merged }: CollapsedError): SchemaFinding {
  const at = e.instancePath;
  if (merged?.kind === "enum") {
    return {
      pointer: merged.pointer,
      message: `${subject(merged.pointer)} must be one of ${list(merged.values)}`,
    };
  }
  if (merged?.kind === "one-of-required") {
    const names = merged.names.map((n) => `\`${n}\``).join(", ");
    return {
      pointer: at,
      message: merged.exactlyOne
        ? `${subject(at)} must have exactly one of ${names}`
        : `${subject(at)} must have at least one of ${names}`,
    };
  }
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return {
        pointer: at,
        message: `${subject(at)} is missing the required property \`${params.missingProperty}\``,
      };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const pointer = joinPointer(at, name);
      return { pointer, message: `property \`${name}\` is not allowed ${where(at)}` };
    }
    case "type":
      return {
        pointer: at,
        message: `${subject(at)} must be ${typeList(params.type)}, found ${kindOf(e.data)}`,
      };
    case "enum":
      return {
        pointer: at,
        message: `${subject(at)} must be one of ${list(params.allowedValues as unknown[])}${found(e.data)}`,
      };
    case "const":
      return {
        pointer: at,
        message: `${subject(at)} must be ${JSON.stringify(params.allowedValue)}${found(e.data)}`,
      };
    case "pattern":
      return {
        pointer: at,
        message: `${subject(at)} must match the pattern ${params.pattern}${found(e.data)}`,
      };
    case "format":
      return { pointer: at, message: `${subject(at)} must be a valid ${params.format}${found(e.data)}` };
    case "propertyNames":
      return {
        pointer: joinPointer(at, String(params.propertyName)),
        message: `\`${params.propertyName}\` is not a valid name ${where(at)}`,
      };
    case "uniqueItems":
      return {
        pointer: at,
        message: `${subject(at)} must not contain duplicates (items ${params.j} and ${params.i} are equal)`,
      };
    case "dependentRequired":
    case "dependencies":
      return {
        pointer: at,
        message: `\`${params.property}\` requires \`${params.missingProperty}\` ${where(at)}`,
      };
    case "not":
      return { pointer: at, message: notMessage(e) };
    default:
      return { pointer: at, message: `${subject(at)} ${e.message ?? "is invalid"}` };
  }
}

function notMessage(e: ErrorObject): string {
  const forbidden = (e.schema as { required?: unknown } | undefined)?.required;
  if (Array.isArray(forbidden) && forbidden.length > 1) {
    const names = forbidden.map((n) => `\`${n}\``);
    return `${names.slice(0, -1).join(", ")} and ${names.at(-1)} cannot be used together ${where(e.instancePath)}`;
  }
  return `${subject(e.instancePath)} must not match the schema in \`not\``;
}

/** OpenAPI and JSON Schema keywords whose value is an array: a numeric segment below them is an index. */
const ARRAY_KEYWORDS = new Set([
  "parameters",
  "servers",
  "tags",
  "security",
  "allOf",
  "anyOf",
  "oneOf",
  "prefixItems",
  "required",
  "enum",
  "examples",
  "type",
]);

/** "`in`", "item 3 of `parameters`", "the document". */
function subject(pointer: string): string {
  const segments = parsePointer(pointer);
  const last = segments.at(-1);
  if (last === undefined) return "the document";
  const parent = segments.at(-2);
  if (/^\d+$/.test(last) && parent !== undefined && ARRAY_KEYWORDS.has(parent))
    return `item ${last} of \`${parent}\``;
  return `\`${last}\``;
}

function where(pointer: string): string {
  const last = parsePointer(pointer).at(-1);
  return last === undefined ? "at the top level" : `in ${subject(pointer)}`;
}

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function typeList(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(",");
  const named = types.map((t) => (t === "object" || t === "array" || t === "integer" ? `an ${t}` : `a ${t}`));
  return named.length > 1 ? `${named.slice(0, -1).join(", ")} or ${named.at(-1)}` : (named[0] ?? "valid");
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `a string (${preview(value)})`;
  return `${typeof value === "number" ? (Number.isInteger(value) ? "an integer" : "a number") : `a ${typeof value}`} (${String(value)})`;
}

function found(value: unknown): string {
  if (value === undefined || (typeof value === "object" && value !== null)) return "";
  return `, found ${typeof value === "string" ? preview(value) : String(value)}`;
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

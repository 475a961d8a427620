/**
 * Turns the raw error objects of precompiled validators into `ValidationIssue`s.
 *
 * Validators are generated without message strings (they would be repeated at every check and
 * make the code several times larger); messages are written here from the keyword and its
 * parameters, in the wording ajv uses.
 */
import type { ValidationIssue } from "./index.js";

/** The error object a precompiled (ajv standalone) validator records. */
export interface RawValidationError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

const plural = (count: unknown, word: string): string => `${String(count)} ${word}${count === 1 ? "" : "s"}`;

type MessageFor = (params: Record<string, unknown>) => string;

const comparison: MessageFor = (p) => `must be ${String(p.comparison)} ${String(p.limit)}`;
const fewer =
  (word: string): MessageFor =>
  (p) =>
    `must NOT have fewer than ${plural(p.limit, word)}`;
const more =
  (word: string): MessageFor =>
  (p) =>
    `must NOT have more than ${plural(p.limit, word)}`;

const MESSAGES: Record<string, MessageFor> = {
  type: (p) => `must be ${String(p.type)}`,
  required: (p) => `must have required property '${String(p.missingProperty)}'`,
  additionalProperties: () => "must NOT have additional properties",
  unevaluatedProperties: () => "must NOT have unevaluated properties",
  dependentRequired: (p) =>
    `must have ${p.depsCount === 1 ? "property" : "properties"} ${String(p.deps)} when property ${String(p.property)} is present`,
  enum: () => "must be equal to one of the allowed values",
  const: () => "must be equal to constant",
  format: (p) => `must match format "${String(p.format)}"`,
  pattern: (p) => `must match pattern "${String(p.pattern)}"`,
  minimum: comparison,
  maximum: comparison,
  exclusiveMinimum: comparison,
  exclusiveMaximum: comparison,
  multipleOf: (p) => `must be multiple of ${String(p.multipleOf)}`,
  minLength: fewer("character"),
  maxLength: more("character"),
  minItems: fewer("item"),
  maxItems: more("item"),
  minProperties: fewer("property"),
  maxProperties: more("property"),
  items: more("item"),
  unevaluatedItems: more("item"),
  uniqueItems: (p) =>
    `must NOT have duplicate items (items ## ${String(p.j)} and ${String(p.i)} are identical)`,
  contains: (p) =>
    p.maxContains === undefined
      ? `must contain at least ${String(p.minContains)} valid item(s)`
      : `must contain at least ${String(p.minContains)} and no more than ${String(p.maxContains)} valid item(s)`,
  propertyNames: (p) => `property name '${String(p.propertyName)}' is invalid`,
  oneOf: () => "must match exactly one schema in oneOf",
  anyOf: () => "must match a schema in anyOf",
  not: () => "must NOT be valid",
  if: (p) => `must match "${String(p.failingKeyword)}" schema`,
};
// `false schema` is not an identifier; set it with its real key.
MESSAGES["false schema"] = () => "boolean schema is false";

/**
 * Where an issue points: the failing value, or, for a missing or unexpected property, the
 * property itself (`/order/customer` rather than `/order`), which is what a form or a log needs.
 */
function pointerOf(error: RawValidationError): string {
  const property =
    error.keyword === "required"
      ? error.params.missingProperty
      : error.keyword === "additionalProperties"
        ? error.params.additionalProperty
        : error.keyword === "unevaluatedProperties"
          ? error.params.unevaluatedProperty
          : undefined;
  return typeof property === "string"
    ? `${error.instancePath}/${escapePointerToken(property)}`
    : error.instancePath;
}

export function toValidationIssues(
  errors: readonly RawValidationError[] | null | undefined,
): ValidationIssue[] {
  if (!errors || errors.length === 0) return [{ pointer: "", message: "is invalid", keyword: "unknown" }];
  return errors.map((error) => ({
    pointer: pointerOf(error),
    message:
      error.message ??
      MESSAGES[error.keyword]?.(error.params) ??
      `must pass "${error.keyword}" keyword validation`,
    keyword: error.keyword,
  }));
}

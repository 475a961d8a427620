/**
 * The validation contract between generated validators (`validators.js`) and everything that
 * uses them generically: the client's `validateResponses`, the webhook receiver, the sender.
 */

/** One reason a value failed validation. */
export interface ValidationIssue {
  /** JSON pointer into the validated value ("" is the value itself). */
  pointer: string;
  message: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `format`...). */
  keyword: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/** A compiled validator as the generated module exposes it. */
export interface Validator<T = unknown> {
  /** Type guard. */
  (value: unknown): value is T;
  /** Result form, never throws. */
  validate(value: unknown): ValidationResult<T>;
  /** Throws a ValidationError naming `name` when the value is invalid. */
  assert(value: unknown): asserts value is T;
  /** Spec-level name of what it validates, for error messages (e.g. `webhook orderPaid payload`). */
  readonly validatorName: string;
}

/**
 * Keys under which the generated module registers its validators, so generic tools find them
 * by spec name:
 *   `schema:<ComponentName>`
 *   `request:<operationId-or-id>:<mediaType>`              request body
 *   `response:<operationId-or-id>:<status>:<mediaType>`    status as written (`200`, `2XX`, `default`)
 *   `parameters:<operationId-or-id>:<path|query|header|cookie>`  object of that location's parameters
 *   `webhook:<webhookName>:<mediaType>`                    webhook payload (request body of the webhook)
 *   `webhook-headers:<webhookName>`                         declared webhook headers, when any
 *
 * Parameter objects are keyed by parameter name; `webhook-headers:` objects by the lower-cased
 * header name (as HTTP delivers headers), and they allow undeclared headers. Request bodies and
 * webhook payloads are validated as requests (`readOnly` properties not required), response bodies
 * as responses (`writeOnly` properties not required), `schema:` validators as written.
 * A generated module exports `validatorFor` and `validators` (format checks on) and
 * `validatorForWithoutFormats`/`validatorsWithoutFormats` (every `format` only an annotation).
 */
export type ValidatorLookup = (key: string) => Validator | undefined;

export class ValidationError extends Error {
  readonly errors: ValidationIssue[];
  readonly validatorName: string;
  constructor(validatorName: string, errors: ValidationIssue[]) {
    const first = errors[0];
    super(
      `${validatorName} is invalid${first ? `: ${first.pointer || "(root)"} ${first.message}` : ""}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""),
    );
    this.name = "ValidationError";
    this.errors = errors;
    this.validatorName = validatorName;
  }
}

// Helpers that generated `validators.js` modules import (ajv standalone code's runtime, without
// `require`), and the wrappers that give their functions the `Validator` shape.
export { equal } from "./equal.js";
export { concatErrors, fail } from "./fail.js";
export { type FormatCheck, type FormatTable, formats, noFormats } from "./formats.js";
export { type RawValidationError, toValidationIssues } from "./issues.js";
export {
  backtrackingDegree,
  LengthGuardedPattern,
  LinearPattern,
  mayBacktrack,
  type PatternMatcher,
  patternRegExp,
} from "./pattern/index.js";
export { ucs2length } from "./ucs2length.js";
export {
  type CompiledValidateFunction,
  createValidator,
  createValidatorSet,
  createValidatorSets,
  type ValidatorBuild,
  type ValidatorEntry,
  type ValidatorSet,
} from "./validator.js";

/**
 * Wraps the bare validate functions of a generated `validators.js` into `Validator`s and indexes
 * them by spec key. Generated modules stay small (they only list keys and code) and every contract
 * shares this one implementation of the result form, `assert` and error translation.
 */
import { type FormatTable, formats, noFormats } from "./formats.js";
import { ValidationError, type ValidationResult, type Validator, type ValidatorLookup } from "./index.js";
import { type RawValidationError, toValidationIssues } from "./issues.js";

/** A precompiled validate function as ajv's standalone code defines it. */
export interface CompiledValidateFunction {
  (data: unknown): boolean;
  errors?: RawValidationError[] | null;
}

export function createValidator<T>(validatorName: string, compiled: CompiledValidateFunction): Validator<T> {
  const guard = (value: unknown): value is T => compiled(value);
  const validate = (value: unknown): ValidationResult<T> => {
    if (compiled(value)) return { ok: true, value: value as T };
    return { ok: false, errors: toValidationIssues(compiled.errors) };
  };
  const assert = (value: unknown): asserts value is T => {
    if (!compiled(value)) throw new ValidationError(validatorName, toValidationIssues(compiled.errors));
  };
  return Object.assign(guard, { validate, assert, validatorName }) as Validator<T>;
}

/** One validator of a generated module: its lookup key, its name in messages, its function's export. */
export type ValidatorEntry = readonly [key: string, validatorName: string, exportName: string];

/** Evaluates the generated code with one format table and returns its validate functions by export name. */
export type ValidatorBuild = (formatTable: FormatTable) => Readonly<Record<string, CompiledValidateFunction>>;

export interface ValidatorSet {
  /** Every validator by key; built on first use, so importing the module stays cheap. */
  readonly validators: Readonly<Record<string, Validator>>;
  readonly validatorFor: ValidatorLookup;
}

/**
 * Validators by key over one build of the generated code. The build runs on first access only:
 * a module whose format-free variant is never used never evaluates it.
 */
export function createValidatorSet(
  entries: readonly ValidatorEntry[],
  build: ValidatorBuild,
  formatTable: FormatTable = formats,
): ValidatorSet {
  let compiled: Readonly<Record<string, CompiledValidateFunction>> | undefined;
  const byKey = new Map<string, ValidatorEntry>();
  for (const entry of entries) byKey.set(entry[0], entry);
  const cache = new Map<string, Validator>();

  const validatorFor: ValidatorLookup = (key) => {
    const hit = cache.get(key);
    if (hit) return hit;
    const entry = byKey.get(key);
    if (!entry) return undefined;
    compiled ??= build(formatTable);
    const fn = compiled[entry[2]];
    if (!fn) throw new Error(`validators module is inconsistent: no function ${entry[2]} for ${key}`);
    const validator = createValidator(entry[1], fn);
    cache.set(key, validator);
    return validator;
  };

  // A null-prototype object with lazy getters: `validators["__proto__"]` is just a missing key.
  const validators = Object.create(null) as Record<string, Validator>;
  for (const [key] of entries) {
    Object.defineProperty(validators, key, {
      enumerable: true,
      configurable: false,
      get: () => validatorFor(key),
    });
  }
  return { validators: Object.freeze(validators), validatorFor };
}

/** Both sets of a generated module: with format checks (the default) and without. */
export function createValidatorSets(
  entries: readonly ValidatorEntry[],
  build: ValidatorBuild,
): { withFormats: ValidatorSet; withoutFormats: ValidatorSet } {
  return {
    withFormats: createValidatorSet(entries, build, formats),
    withoutFormats: createValidatorSet(entries, build, noFormats),
  };
}

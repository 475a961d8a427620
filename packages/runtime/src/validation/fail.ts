import type { RawValidationError } from "./issues.js";

/**
 * Records the one error of a failed check and returns `false`. Generated validators call it at
 * every error site instead of repeating the error object literal (it is most of their size).
 */
export function fail(
  validate: { errors?: RawValidationError[] | null },
  instancePath: string,
  keyword: string,
  params: Record<string, unknown>,
): false {
  validate.errors = [{ instancePath, keyword, params }];
  return false;
}

/** Appends a called validator's errors to the caller's (ajv's `vErrors` bookkeeping, shortened). */
export function concatErrors(
  errors: RawValidationError[] | null,
  more: RawValidationError[] | null | undefined,
): RawValidationError[] {
  return errors === null ? (more ?? []) : errors.concat(more ?? []);
}

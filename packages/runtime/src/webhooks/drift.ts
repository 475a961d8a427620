/**
 * What to do with an authentic delivery whose payload does not match the contract.
 *
 * Providers drift from their own specs: only 207 of GitHub's 329 published example payloads pass
 * GitHub's own webhook schemas. Rejecting them all would drop real deliveries (and GitHub does not
 * retry), while passing them on unchecked would hand typed code data its types do not describe.
 * The default, `report`, runs the handler, marks the event `validation.state: "invalid"` with the
 * issues, and calls `onValidationError` (which by default writes one warning line), so drift is
 * never silent in either direction. `reject` answers 400; `off` skips validation.
 */
import type { ValidationIssue, Validator } from "../validation/index.js";

export type DriftPolicy = "reject" | "report" | "off";

/** One policy for everything, or a separate one for `format` failures (URIs, dates, e-mails...). */
export type DriftConfig = DriftPolicy | { payload?: DriftPolicy; formats?: DriftPolicy };

export const DEFAULT_DRIFT: DriftPolicy = "report";

export type ValidationStatus =
  | { state: "valid" }
  | { state: "invalid"; errors: ValidationIssue[] }
  /** `off`: validation disabled; `no-validator`: the contract has no schema for this payload. */
  | { state: "unchecked"; reason: "off" | "no-validator" };

export interface DriftDecision {
  status: ValidationStatus;
  /** The policy that applied to a failure (`undefined` when the payload is valid or unchecked). */
  action?: DriftPolicy;
}

export function resolveDrift(config: DriftConfig | undefined): {
  payload: DriftPolicy;
  formats: DriftPolicy;
} {
  if (config === undefined || typeof config === "string") {
    const payload = config ?? DEFAULT_DRIFT;
    return { payload, formats: payload };
  }
  const payload = config.payload ?? DEFAULT_DRIFT;
  return { payload, formats: config.formats ?? payload };
}

/**
 * Applies the policy. A failure counts as format-only (and gets the `formats` policy) when the
 * same payload passes the format-free variant of the validator; without one, when every reported
 * issue is a `format` one (which assumes the validator reports all errors, not just the first).
 */
export function checkPayload(
  validator: Validator | undefined,
  payload: unknown,
  policy: { payload: DriftPolicy; formats: DriftPolicy },
  withoutFormats?: Validator,
): DriftDecision {
  if (policy.payload === "off" && policy.formats === "off")
    return { status: { state: "unchecked", reason: "off" } };
  if (!validator) return { status: { state: "unchecked", reason: "no-validator" } };
  // One run: `validate` costs the same as the guard on valid payloads and collects issues otherwise.
  const result = validator.validate(payload);
  if (result.ok) return { status: { state: "valid" } };
  const status: ValidationStatus = { state: "invalid", errors: result.errors };
  if (policy.formats === policy.payload) return { status, action: policy.payload };
  const formatsOnly = withoutFormats
    ? withoutFormats(payload)
    : result.errors.length > 0 && result.errors.every((issue) => issue.keyword === "format");
  return { status, action: formatsOnly ? policy.formats : policy.payload };
}

/** What every signature scheme implements: verifying a delivery and signing one (for senders). */

/** Reads one request header by lower-case name. */
export type HeaderReader = (lowerCaseName: string) => string | undefined;

export interface VerifyInput {
  headers: HeaderReader;
  /** The exact bytes received. Signatures are always checked on these, never on re-serialized JSON. */
  body: Uint8Array;
  /** Clock, in Unix seconds. */
  now: number;
  /** Accepted distance between the signed timestamp and `now`, for schemes that sign a timestamp. */
  toleranceSeconds: number;
}

export type VerifyFailure =
  /** A header the scheme needs is absent. */
  | "missing-signature"
  /** Headers present but unparsable (bad encoding, non-numeric timestamp...). */
  | "malformed-signature"
  /** Well-formed but no signature matches any secret. */
  | "bad-signature"
  /** Authentic, but signed outside the tolerance window (replay protection). */
  | "stale-timestamp";

export type VerifyResult =
  | { ok: true; deliveryId?: string; timestamp?: number }
  | { ok: false; reason: VerifyFailure; message: string };

export interface SignInput {
  body: Uint8Array | string;
  /** Unique message id, stable across retries of the same message (schemes that sign one). */
  id?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

export interface SignatureScheme {
  readonly name: string;
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** Headers to send with `body`, signed with the first (current) secret. */
  sign(input: SignInput): Promise<Record<string, string>>;
  /** Top-level payload field holding the delivery id, for schemes whose headers carry none (Stripe: `id`). */
  readonly payloadDeliveryIdField?: string;
}

export const fail = (reason: VerifyFailure, message: string): VerifyResult => ({
  ok: false,
  reason,
  message,
});

/** Normalizes `secret | secrets` into a non-empty list; the first one signs, all of them verify. */
export function secretList(secrets: string | readonly string[], scheme: string): string[] {
  const list = (typeof secrets === "string" ? [secrets] : [...secrets]).filter((s) => s.length > 0);
  if (list.length === 0) throw new TypeError(`${scheme}: at least one non-empty secret is required`);
  return list;
}

/** Checks a signed Unix timestamp against the clock; `undefined` when inside the window. */
export function timestampProblem(timestamp: number, input: VerifyInput): VerifyResult | undefined {
  if (Math.abs(input.now - timestamp) > input.toleranceSeconds) {
    return fail(
      "stale-timestamp",
      `signed at ${timestamp}, ${Math.round(input.now - timestamp)} s from now; tolerance is ${input.toleranceSeconds} s`,
    );
  }
  return undefined;
}

/** A Unix timestamp in seconds as schemes write it: digits only (no sign, fraction or exponent). */
export function parseUnixSeconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

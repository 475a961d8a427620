/** What every signature scheme implements: verifying a delivery and signing one (for senders). */
import { fromUtf8, utf8 } from "../bytes.js";

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
  /**
   * The URL the sender delivered to, as the sender saw it (the receiver's `publicUrl` behind a proxy).
   * Needed by schemes that sign it (Twilio, Square, HubSpot).
   */
  url?: string;
  /** The request method. */
  method?: string;
}

/** A request a provider sends to check an endpoint before (or besides) real deliveries. */
export interface HandshakeInput {
  method: string;
  url?: string;
  headers: HeaderReader;
  body: Uint8Array;
}

/** What the receiver answers to a handshake, bypassing routing, validation and handlers. */
export interface HandshakeReply {
  status: number;
  headers: Record<string, string>;
  body: string;
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
  | {
      ok: false;
      reason: VerifyFailure;
      message: string;
      /** A `WWW-Authenticate` challenge for the 401 (schemes that are HTTP authentication: Basic). */
      challenge?: string;
    };

export interface SignInput {
  body: Uint8Array | string;
  /** Unique message id, stable across retries of the same message (schemes that sign one). */
  id?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** The URL the delivery goes to (schemes that sign it: Twilio, Square, HubSpot). */
  url?: string;
}

export interface SignatureScheme {
  readonly name: string;
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** Headers to send with `body`, signed with the first (current) secret. */
  sign(input: SignInput): Promise<Record<string, string>>;
  /**
   * Schemes that carry their signature inside the body (Mailgun's `signature` object, Adyen's
   * `additionalData.hmacSignature`): the body to send in place of `input.body`, signed. `sign` then
   * gives the headers for that body; `signDelivery` does both. Such a signature covers some fields
   * of the payload at most (Mailgun's none), never its bytes.
   */
  signBody?(input: SignInput): Promise<string>;
  /**
   * The media type of the provider's bodies whatever their Content-Type says (AWS SNS sends JSON
   * as `text/plain`): the receiver reads and routes them as this.
   */
  readonly bodyMediaType?: string;
  /** Top-level payload field holding the delivery id, for schemes whose headers carry none (Stripe: `id`). */
  readonly payloadDeliveryIdField?: string;
  /**
   * Handshakes the provider does not sign (Meta's and Dropbox's `GET` challenges, Microsoft Graph's
   * `validationToken`): answered before verification; `undefined` when the request is none.
   */
  unsignedHandshake?(input: HandshakeInput): HandshakeReply | undefined | Promise<HandshakeReply | undefined>;
  /**
   * Handshakes the provider signs (Slack `url_verification`, Zoom `endpoint.url_validation`, Discord
   * PING): answered after verification, before routing; `undefined` when the delivery is none.
   */
  signedHandshake?(input: HandshakeInput): HandshakeReply | undefined | Promise<HandshakeReply | undefined>;
}

/** Reads a JSON object body, or `undefined` (handshake detection must never throw). */
export function jsonObject(body: Uint8Array, maxBytes = 65_536): Record<string, unknown> | undefined {
  if (body.length === 0 || body.length > maxBytes) return undefined;
  return jsonObjectOfText(fromUtf8(body));
}

/** `jsonObject` of a text (a body to sign, given as a string), any size. */
export function jsonObjectOfText(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A body to sign (`SignInput.body`) as bytes. */
export const bodyBytes = (body: Uint8Array | string): Uint8Array =>
  typeof body === "string" ? utf8(body) : body;

/** A body to sign (`SignInput.body`) as text. */
export const bodyText = (body: Uint8Array | string): string =>
  typeof body === "string" ? body : fromUtf8(body);

export const textReply = (status: number, body: string): HandshakeReply => ({
  status,
  headers: {
    "content-type": "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
  },
  body,
});

export const jsonReply = (body: unknown): HandshakeReply => ({
  status: 200,
  headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  body: JSON.stringify(body),
});

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

/** A delivery ready to send: its body (signed, for schemes that sign inside it) and its headers. */
export interface SignedDelivery {
  body: Uint8Array | string;
  headers: Record<string, string>;
}

/** Signs a delivery with any scheme: the body first where the scheme signs inside it, then the headers. */
export async function signDelivery(scheme: SignatureScheme, input: SignInput): Promise<SignedDelivery> {
  const body = scheme.signBody ? await scheme.signBody(input) : input.body;
  return { body, headers: await scheme.sign({ ...input, body }) };
}

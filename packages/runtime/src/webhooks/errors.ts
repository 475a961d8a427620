/** Every way a delivery can be turned away, with its HTTP status; `onError` receives these. */
import type { ValidationIssue } from "../validation/index.js";
import type { VerifyFailure } from "./signatures/types.js";

export const RECEIVER_ERRORS = {
  method_not_allowed: 405,
  payload_too_large: 413,
  body_timeout: 408,
  missing_signature: 401,
  invalid_signature: 401,
  stale_timestamp: 401,
  malformed_body: 400,
  unsupported_media_type: 415,
  unknown_webhook: 404,
  invalid_payload: 400,
  delivery_in_progress: 503,
  handler_timeout: 503,
  handler_failed: 500,
  internal_error: 500,
} as const;

export type ReceiverErrorCode = keyof typeof RECEIVER_ERRORS;

export class WebhookReceiverError extends Error {
  readonly code: ReceiverErrorCode;
  /** The status answered (may differ from the code's default, e.g. a configured unknown-webhook status). */
  readonly status: number;
  readonly webhook?: string;
  readonly deliveryId?: string;
  readonly issues?: ValidationIssue[];
  /** Headers the answer carries besides the JSON ones (a 401's `WWW-Authenticate` challenge). */
  readonly headers?: Readonly<Record<string, string>>;

  constructor(
    code: ReceiverErrorCode,
    message: string,
    details: {
      status?: number | undefined;
      webhook?: string | undefined;
      deliveryId?: string | undefined;
      issues?: ValidationIssue[] | undefined;
      headers?: Readonly<Record<string, string>> | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "WebhookReceiverError";
    this.code = code;
    this.status = details.status ?? RECEIVER_ERRORS[code];
    if (details.webhook !== undefined) this.webhook = details.webhook;
    if (details.deliveryId !== undefined) this.deliveryId = details.deliveryId;
    if (details.issues !== undefined) this.issues = details.issues;
    if (details.headers !== undefined) this.headers = details.headers;
  }
}

/** The refusal of a delivery whose signature did not verify (401, with the scheme's reason). */
export function signatureError(failure: {
  reason: VerifyFailure;
  message: string;
  challenge?: string | undefined;
}): WebhookReceiverError {
  const code =
    failure.reason === "missing-signature"
      ? "missing_signature"
      : failure.reason === "stale-timestamp"
        ? "stale_timestamp"
        : "invalid_signature";
  return new WebhookReceiverError(
    code,
    failure.message,
    failure.challenge === undefined ? {} : { headers: { "www-authenticate": failure.challenge } },
  );
}

/** How much of a validation failure the 400 answer shows the sender. */
export type ErrorDetail = "full" | "pointer" | "none";

/** What the receiver answers, independent of any HTTP framework. */
export interface ReceiverResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `Retry-After` on 503 answers (a delivery in progress, a handler timed out). */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const MAX_ISSUES_SHOWN = 20;

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ReceiverResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** The answer for an error: code and message, never a stack or a handler's own error text. */
export function errorResponse(
  error: WebhookReceiverError,
  detail: ErrorDetail,
  retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS,
): ReceiverResponse {
  const body: Record<string, unknown> = { error: error.code, message: publicMessage(error) };
  if (error.issues && detail !== "none") {
    body.issues = error.issues
      .slice(0, MAX_ISSUES_SHOWN)
      .map((issue) =>
        detail === "full"
          ? { pointer: issue.pointer, keyword: issue.keyword, message: issue.message }
          : { pointer: issue.pointer },
      );
  }
  const headers: Record<string, string> = { ...error.headers };
  if (error.status === 503 || error.status === 429) headers["retry-after"] = String(retryAfterSeconds);
  return jsonResponse(error.status, body, headers);
}

function publicMessage(error: WebhookReceiverError): string {
  switch (error.code) {
    case "handler_failed":
      return "the delivery could not be handled; retry later";
    case "handler_timeout":
      return "the delivery was not handled in time; retry later";
    case "internal_error":
      return "internal error; retry later";
    default:
      return error.message;
  }
}

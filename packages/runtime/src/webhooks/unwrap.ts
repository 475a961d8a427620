/**
 * `unwrap`: the receiver's verify → route → validate, framework-free and without handlers. It runs
 * the very pipeline `createReceiver` runs (same scheme, handshakes, router, drift policy), and returns
 * a typed result instead of an HTTP answer: the event as a union discriminated by webhook name, or a
 * typed failure. Nothing is de-duplicated unless a `dedupe` store is passed.
 */
import type { ValidationIssue } from "../validation/index.js";
import { utf8 } from "./bytes.js";
import type { DedupeStore } from "./dedupe.js";
import type { ValidationStatus } from "./drift.js";
import { RECEIVER_ERRORS, type ReceiverErrorCode, WebhookReceiverError } from "./errors.js";
import { createReceiver, receiverPipeline } from "./receiver.js";
import type { ReceiverDefinition, ReceiverOptions } from "./receiver-types.js";
import type { HandshakeReply, HeaderReader } from "./signatures/index.js";

export interface UnwrapInput {
  /** The exact bytes (or text) received. */
  body: Uint8Array | string;
  headers: HeaderReader | Headers | Record<string, string | readonly string[] | undefined>;
  /** The full URL the sender used: needed by URL-signing schemes (Twilio, Square, HubSpot) and URL handshakes. */
  url?: string;
  /** Default `POST`. */
  method?: string;
  /** Path for path routing; default: the path of `url`, else `/`. */
  path?: string;
}

/** One authentic delivery, routed: narrow on `webhook` to get its payload type. */
export type UnwrappedEvent<Payloads> = {
  [K in keyof Payloads & string]: {
    webhook: K;
    payload: Payloads[K];
    validation: ValidationStatus;
    deliveryId?: string;
    timestamp?: number;
    mediaType?: string;
    /**
     * Present when a `dedupe` store was passed and the delivery id claimed: call with `true` once
     * handled (later copies are `duplicate`), `false` to release it for a retry. Resolves `false`
     * when the claim had lapsed and the store left another request's claim alone.
     */
    settle?: (handled: boolean) => Promise<boolean>;
  };
}[keyof Payloads & string];

export type UnwrapFailureCode =
  | Exclude<ReceiverErrorCode, "handler_failed" | "handler_timeout" | "body_timeout">
  /** Only with a `dedupe` store: this delivery id was already handled. */
  | "duplicate";

export interface UnwrapFailure {
  ok: false;
  error: UnwrapFailureCode;
  /** The status the receiver answers for the same delivery. */
  status: number;
  message: string;
  webhook?: string;
  deliveryId?: string;
  /** `invalid_payload`: where the payload fails its schema. */
  issues?: ValidationIssue[];
}

/** A provider's endpoint check (Slack, Zoom, Discord, Meta, Dropbox, Graph): send `response` back. */
export interface UnwrapHandshake {
  ok: false;
  error: "handshake";
  status: number;
  response: HandshakeReply;
}

export type UnwrapResult<Payloads> =
  | { ok: true; event: UnwrappedEvent<Payloads> }
  | UnwrapFailure
  | UnwrapHandshake;

export type UnwrapOptions = Omit<
  ReceiverOptions,
  | "handlers"
  | "dedupe"
  | "handlerTimeoutMs"
  | "retryAfterSeconds"
  | "onError"
  | "onWarning"
  | "bodyTimeoutMs"
  | "errorDetail"
> & {
  /** Claims delivery ids in this store (default: nothing is de-duplicated). */
  dedupe?: DedupeStore;
};

function headerReader(headers: UnwrapInput["headers"]): HeaderReader {
  if (typeof headers === "function") return headers;
  if (typeof Headers !== "undefined" && headers instanceof Headers)
    return (name) => headers.get(name) ?? undefined;
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (value === undefined) continue;
    lower.set(name.toLowerCase(), typeof value === "string" ? value : value.join(", "));
  }
  return (name) => lower.get(name);
}

function pathOf(input: UnwrapInput): string {
  if (input.path !== undefined) return input.path;
  if (input.url === undefined) return "/";
  try {
    return new URL(input.url).pathname;
  } catch {
    return "/";
  }
}

const failure = (error: WebhookReceiverError): UnwrapFailure => ({
  ok: false,
  error: error.code as UnwrapFailureCode,
  status: error.status,
  message: error.message,
  ...(error.webhook !== undefined ? { webhook: error.webhook } : {}),
  ...(error.deliveryId !== undefined ? { deliveryId: error.deliveryId } : {}),
  ...(error.issues !== undefined ? { issues: error.issues } : {}),
});

/** Builds `unwrap` for a contract (generated code binds it to the contract's webhooks and validators). */
export function createUnwrapper<Payloads>(
  definition: ReceiverDefinition,
  options: UnwrapOptions,
): (input: UnwrapInput) => Promise<UnwrapResult<Payloads>> {
  const { dedupe, onValidationError, ...rest } = options;
  const receiver = createReceiver(definition, {
    ...rest,
    handlers: {},
    dedupe: false,
    onError: () => {},
    onWarning: () => {},
  });
  const pipeline = receiverPipeline(receiver)!;

  return async (input) => {
    let prepared: Awaited<ReturnType<typeof pipeline.prepare>>;
    try {
      prepared = await pipeline.prepare(
        {
          method: input.method ?? "POST",
          path: pathOf(input),
          headers: headerReader(input.headers),
          body: typeof input.body === "string" ? utf8(input.body) : input.body,
          ...(input.url !== undefined ? { url: input.url } : {}),
        },
        onValidationError,
      );
    } catch (cause) {
      return failure(new WebhookReceiverError("internal_error", "the receiver failed", { cause }));
    }
    if (prepared instanceof WebhookReceiverError) return failure(prepared);
    if (!("webhook" in prepared))
      return { ok: false, error: "handshake", status: prepared.status, response: prepared };
    const event = { ...prepared } as UnwrappedEvent<Payloads> & {
      settle?: (handled: boolean) => Promise<boolean>;
    };
    const id = prepared.deliveryId;
    if (dedupe !== undefined && id !== undefined) {
      const claim = await dedupe.claim(id);
      const ids = { webhook: prepared.webhook, deliveryId: id };
      if (claim.state === "done")
        return {
          ok: false,
          error: "duplicate",
          status: 200,
          message: "this delivery was already handled",
          ...ids,
        };
      if (claim.state === "pending")
        return {
          ok: false,
          error: "delivery_in_progress",
          status: RECEIVER_ERRORS.delivery_in_progress,
          message: "this delivery is being handled; retry later",
          ...ids,
        };
      const { token } = claim;
      event.settle = async (handled) =>
        (await (handled ? dedupe.complete(id, token) : dedupe.release(id, token))) !== false;
    }
    return { ok: true, event };
  };
}

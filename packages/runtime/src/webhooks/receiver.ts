/**
 * The transport-agnostic receiver. Adapters (Web `Request`, node:http, Express, Fastify) only read
 * the raw body within `maxBodyBytes` and turn a `ReceiverResponse` into their own response type.
 *
 * Order, so that nothing reaches a handler unless it is authentic and valid, and so that the cheap
 * checks run before the expensive ones: size → signature on the raw bytes → timestamp window →
 * parse → route → validate → de-duplicate → handler → answer. Each step is a module of its own:
 * `authenticate.ts` (the request path, on headers and raw bytes), `routing.ts` (parse → route →
 * validate) and `dispatch.ts` (de-duplicate → handler); this one configures and composes them.
 */
import { createAuthenticator } from "./authenticate.js";
import { type Awaitable, isThenable, safely } from "./awaitable.js";
import { type DedupeStore, describeEarlyEviction, memoryDedupeStore } from "./dedupe.js";
import { DeliveryEvent } from "./delivery-event.js";
import { createDispatcher } from "./dispatch.js";
import { resolveDrift } from "./drift.js";
import { errorResponse, jsonResponse, type ReceiverResponse, WebhookReceiverError } from "./errors.js";
import { bindLinks } from "./links.js";
import { mediaTypeEssence } from "./media-type.js";
import type {
  IncomingDelivery,
  ReceiverDefinition,
  ReceiverOptions,
  ReceiverWarning,
  ValidationReport,
  VerifiedDelivery,
  VerifyOutcome,
  WebhookEvent,
  WebhookHandler,
  WebhookReceiver,
} from "./receiver-types.js";
import { createRouting, type PreparedDelivery } from "./routing.js";
import { type HandshakeReply, resolveSignatureScheme } from "./signatures/index.js";

export { resolvePublicUrl } from "./authenticate.js";
export type { DriftConfig, DriftPolicy, ValidationStatus } from "./drift.js";
export type * from "./receiver-types.js";
export type { PreparedDelivery } from "./routing.js";

export const DEFAULT_MAX_BODY_BYTES = 25 * 1024 * 1024;
export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
/** Below GitHub's 10 s answer deadline, with room to read the body and answer. */
export const DEFAULT_HANDLER_TIMEOUT_MS = 8_000;

const defaultOnWarning = (warning: ReceiverWarning) => {
  console.warn(
    `[contract] webhook${warning.deliveryId ? ` delivery ${warning.deliveryId}` : ""}: ${warning.message}`,
  );
};

const defaultOnError = (error: WebhookReceiverError) => {
  console.warn(`[contract] webhook delivery answered ${error.status} (${error.code}): ${error.message}`);
};
const defaultOnValidationError = (report: ValidationReport) => {
  const first = report.errors[0];
  console.warn(
    `[contract] webhook ${report.webhook}${report.deliveryId ? ` (${report.deliveryId})` : ""} payload does not match the contract: ` +
      `${report.errors.length} issue(s), first ${first ? `${first.pointer || "/"} ${first.message}` : "?"}; ${report.outcome}`,
  );
};

/** What `unwrap` shares with the receiver it is built from (not a public API). */
export interface ReceiverPipeline {
  prepare(
    delivery: IncomingDelivery,
    reportValidation: ((report: ValidationReport) => void) | undefined,
  ): Promise<WebhookReceiverError | HandshakeReply | PreparedDelivery>;
  dedupe: DedupeStore | undefined;
  /**
   * `handle` without the promise when nothing on the way needs one (node:crypto HMAC, a synchronous
   * router, store and handler): the Node adapter answers in the same turn the body ended.
   */
  handle(delivery: IncomingDelivery): ReceiverResponse | Promise<ReceiverResponse>;
}

const pipelines = new WeakMap<WebhookReceiver, ReceiverPipeline>();

/** The pipeline of a receiver made by `createReceiver` (for `createUnwrap`). */
export function receiverPipeline(receiver: WebhookReceiver): ReceiverPipeline | undefined {
  return pipelines.get(receiver);
}

const IGNORED = jsonResponse(200, { status: "ignored" });

export function createReceiver<Payloads>(
  definition: ReceiverDefinition,
  options: ReceiverOptions<Payloads>,
): WebhookReceiver {
  const signatureConfig = options.signature ?? definition.signature ?? "standard-webhooks";
  const scheme = resolveSignatureScheme(signatureConfig, options.secrets ?? options.secret, {
    verifyToken: options.verifyToken,
  });
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const detail = options.errorDetail ?? "full";
  const onError = options.onError ?? defaultOnError;
  const onWarning = options.onWarning ?? defaultOnWarning;
  const warn = (warning: ReceiverWarning) => safely(() => onWarning(warning));
  const dedupe =
    options.dedupe === false
      ? undefined
      : (options.dedupe ??
        memoryDedupeStore({
          onEarlyEviction: (eviction) =>
            warn({ code: "dedupe_evicted", message: describeEarlyEviction(eviction) }),
        }));
  const handlerTimeoutMs =
    options.handlerTimeoutMs === false ? undefined : (options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS);
  const retryAfterSeconds = options.retryAfterSeconds;
  const onValidationError = options.onValidationError ?? defaultOnValidationError;
  const handlers = options.handlers as Record<string, WebhookHandler | undefined>;
  const methods = new Set(definition.webhooks.flatMap((w) => w.methods.map((m) => m.toUpperCase())));
  if (methods.size === 0) methods.add("POST");
  const allow = [...methods].join(", ");
  const linksOf = (webhook: string) =>
    definition.links !== undefined && Object.hasOwn(definition.links, webhook)
      ? definition.links[webhook]
      : undefined;
  // A sender uses one Content-Type for all its deliveries: remember the last one parsed.
  let lastContentType: string | undefined;
  let lastEssence: string | undefined;
  const essenceOf = (contentType: string | undefined): string | undefined => {
    // Providers that label their JSON otherwise (AWS SNS: text/plain) are read as the scheme says.
    if (scheme.bodyMediaType !== undefined) return scheme.bodyMediaType;
    if (contentType !== lastContentType) {
      lastEssence = mediaTypeEssence(contentType);
      lastContentType = contentType;
    }
    return lastEssence;
  };
  const authenticate = createAuthenticator({
    scheme,
    publicUrl: options.publicUrl,
    methods,
    allow,
    maxBodyBytes,
    toleranceSeconds,
    now: options.now ?? Date.now,
    mediaTypes: [...new Set(definition.webhooks.flatMap((w) => w.mediaTypes))],
    essenceOf,
  });
  const route = createRouting({
    definition,
    route: options.route ?? definition.route ?? { by: "validators" },
    drift: resolveDrift(options.drift ?? definition.drift),
    deliveryId: options.deliveryId,
    payloadDeliveryIdField: scheme.payloadDeliveryIdField,
    unknownWebhookStatus: options.unknownWebhookStatus ?? 404,
    essenceOf,
  });

  const reject = (error: WebhookReceiverError): ReceiverResponse => {
    safely(() => onError(error));
    return errorResponse(error, detail, retryAfterSeconds);
  };
  // Claim → handler → complete or release, for each delivery that reaches its handler.
  const dispatch = createDispatcher({ dedupe, handlerTimeoutMs, warn, reject });
  const bodyTimedOut = (): ReceiverResponse => {
    const response = reject(
      new WebhookReceiverError("body_timeout", `the body did not arrive within ${bodyTimeoutMs} ms`),
    );
    return { ...response, headers: { ...response.headers, connection: "close" } };
  };
  // Adapters drain the unread rest of an oversized body up to a bound, then close the connection.
  const tooLarge = (): ReceiverResponse => {
    const response = reject(
      new WebhookReceiverError("payload_too_large", `the body exceeds ${maxBodyBytes} bytes`),
    );
    return { ...response, headers: { ...response.headers, connection: "close" } };
  };

  /** A refusal's answer: 413 closes the connection, 405 names the methods allowed. */
  const answerRefusal = (error: WebhookReceiverError): ReceiverResponse => {
    if (error.code === "payload_too_large") return tooLarge();
    const response = reject(error);
    return error.code === "method_not_allowed"
      ? { ...response, headers: { ...response.headers, allow } }
      : response;
  };

  // Every step below answers synchronously when what it calls does (node:crypto's HMAC, header,
  // body and path routes, the memory store, a synchronous handler), and returns a promise only
  // from the first step that needs one: a delivery that never waits takes no microtask turn.

  /**
   * Everything before the handler, for `unwrap`: authenticate, then parse → route → validate.
   * Returns the refusal, a handshake answer, or the routed event.
   */
  async function prepare(
    delivery: IncomingDelivery,
    reportValidation: ((report: ValidationReport) => void) | undefined,
  ): Promise<WebhookReceiverError | HandshakeReply | PreparedDelivery> {
    const verified = await authenticate(delivery);
    return "ok" in verified ? route(delivery, verified, reportValidation) : verified;
  }

  /** The request-path half of `handle`; an ack-then-process front end runs only this. */
  function verify(delivery: IncomingDelivery): Awaitable<VerifyOutcome> {
    const authenticating = authenticate(delivery);
    return isThenable(authenticating)
      ? Promise.resolve(authenticating).then(outcomeOf)
      : outcomeOf(authenticating);
  }

  function outcomeOf(verified: WebhookReceiverError | HandshakeReply | VerifiedDelivery): VerifyOutcome {
    if (verified instanceof WebhookReceiverError) return { ok: false, response: answerRefusal(verified) };
    return "ok" in verified ? verified : { ok: false, response: verified };
  }

  /**
   * What follows a successful `verify`: parse → route → validate → de-duplicate → handler → answer.
   * An ack-then-process worker runs only this, later, on the stored delivery.
   */
  function processDelivery(
    delivery: IncomingDelivery,
    verified: VerifiedDelivery,
  ): Awaitable<ReceiverResponse> {
    const routing = route(delivery, verified, onValidationError);
    return isThenable(routing)
      ? Promise.resolve(routing).then((prepared) => deliver(delivery, prepared))
      : deliver(delivery, routing);
  }

  /** A prepared delivery to its handler: the event (and its links), then `dispatch`. */
  function deliver(
    delivery: IncomingDelivery,
    prepared: WebhookReceiverError | PreparedDelivery,
  ): Awaitable<ReceiverResponse> {
    if (prepared instanceof WebhookReceiverError) return answerRefusal(prepared);
    const { webhook, payload, mediaType, deliveryId, timestamp } = prepared;
    // Own properties only: a webhook named `constructor` or `__proto__` is not a handler of Object.prototype.
    const handler = Object.hasOwn(handlers, webhook) ? handlers[webhook] : undefined;
    if (typeof handler !== "function") return IGNORED;
    const event: WebhookEvent = new DeliveryEvent(
      webhook,
      payload,
      prepared.validation,
      delivery.headers,
      delivery.body,
    );
    // Absent rather than `undefined`, as handlers may spread or serialize the event.
    if (mediaType !== undefined) event.mediaType = mediaType;
    if (deliveryId !== undefined) event.deliveryId = deliveryId;
    if (timestamp !== undefined) event.timestamp = timestamp;
    const links = linksOf(webhook);
    if (links !== undefined) {
      const linked = event as DeliveryEvent;
      linked.links = bindLinks(
        links,
        { payload, headers: delivery.headers, signal: () => linked.signal },
        options.client,
      );
    }
    return dispatch(handler, event);
  }

  function handle(delivery: IncomingDelivery): Awaitable<ReceiverResponse> {
    const verifying = verify(delivery);
    return isThenable(verifying)
      ? Promise.resolve(verifying).then((verified) => processVerified(delivery, verified))
      : processVerified(delivery, verifying);
  }

  const processVerified = (
    delivery: IncomingDelivery,
    verified: VerifyOutcome,
  ): Awaitable<ReceiverResponse> => (verified.ok ? processDelivery(delivery, verified) : verified.response);

  // The entry points never throw: a throwing store, verifier or router is answered 500 so that the
  // sender retries, and `onError` says why.
  const internalError = (cause: unknown): ReceiverResponse =>
    reject(new WebhookReceiverError("internal_error", "the receiver failed", { cause }));
  const refusedInternally = (cause: unknown): VerifyOutcome => ({
    ok: false,
    response: internalError(cause),
  });

  function handleNow(delivery: IncomingDelivery): Awaitable<ReceiverResponse> {
    let handling: Awaitable<ReceiverResponse>;
    try {
      handling = handle(delivery);
    } catch (cause) {
      return internalError(cause);
    }
    return isThenable(handling) ? Promise.resolve(handling).catch(internalError) : handling;
  }

  function verifyNow(delivery: IncomingDelivery): Awaitable<VerifyOutcome> {
    let verifying: Awaitable<VerifyOutcome>;
    try {
      verifying = verify(delivery);
    } catch (cause) {
      return refusedInternally(cause);
    }
    return isThenable(verifying) ? Promise.resolve(verifying).catch(refusedInternally) : verifying;
  }

  function processNow(delivery: IncomingDelivery, verified: VerifiedDelivery): Awaitable<ReceiverResponse> {
    let processing: Awaitable<ReceiverResponse>;
    try {
      processing = processDelivery(delivery, verified);
    } catch (cause) {
      return internalError(cause);
    }
    return isThenable(processing) ? Promise.resolve(processing).catch(internalError) : processing;
  }

  const receiver: WebhookReceiver = {
    maxBodyBytes,
    bodyTimeoutMs,
    answersGetHandshakes: scheme.unsignedHandshake !== undefined,
    tooLarge,
    bodyTimedOut,
    reject,
    verify(delivery) {
      return Promise.resolve(verifyNow(delivery));
    },
    process(delivery, verified) {
      return Promise.resolve(processNow(delivery, verified));
    },
    handle(delivery) {
      return Promise.resolve(handleNow(delivery));
    },
  };
  pipelines.set(receiver, { prepare, dedupe, handle: handleNow });
  return receiver;
}

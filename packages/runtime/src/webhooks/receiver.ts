/**
 * The transport-agnostic receiver. Adapters (Web `Request`, node:http, Express, Fastify) only read
 * the raw body within `maxBodyBytes` and turn a `ReceiverResponse` into their own response type.
 *
 * Order, so that nothing reaches a handler unless it is authentic and valid, and so that the cheap
 * checks run before the expensive ones: size → signature on the raw bytes → timestamp window →
 * parse → route → validate → de-duplicate → handler → answer.
 */
import type { Validator, ValidatorLookup } from "../validation/index.js";
import { type Awaitable, isThenable, safely } from "./awaitable.js";
import { type DedupeStore, describeEarlyEviction, memoryDedupeStore } from "./dedupe.js";
import { DeliveryEvent } from "./delivery-event.js";
import { createDispatcher } from "./dispatch.js";
import { checkPayload, resolveDrift, type ValidationStatus } from "./drift.js";
import {
  errorResponse,
  jsonResponse,
  type ReceiverResponse,
  signatureError,
  WebhookReceiverError,
} from "./errors.js";
import { bindLinks } from "./links.js";
import { decodeBody, mediaTypeEssence, mediaTypeSelector } from "./media-type.js";
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
import { createRouter, type RouteResult } from "./router.js";
import { immediateVerifier } from "./signatures/immediate.js";
import {
  type HandshakeReply,
  resolveSignatureScheme,
  type VerifyInput,
  type VerifyResult,
} from "./signatures/index.js";

export type { DriftConfig, DriftPolicy, ValidationStatus } from "./drift.js";
export type * from "./receiver-types.js";

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

/** An authentic delivery, routed and checked against its contract, before any handler. */
export interface PreparedDelivery {
  webhook: string;
  payload: unknown;
  validation: ValidationStatus;
  mediaType?: string;
  deliveryId?: string;
  timestamp?: number;
}

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
  const verifySignature = immediateVerifier(scheme);
  const publicUrl = options.publicUrl;
  const urlOf = (delivery: IncomingDelivery): string | undefined =>
    delivery.url === undefined ? undefined : resolvePublicUrl(delivery.url, publicUrl);
  const names = definition.webhooks.map((w) => w.name);
  const router = createRouter(options.route ?? definition.route ?? { by: "validators" }, names);
  const drift = resolveDrift(options.drift ?? definition.drift);
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
  const now = options.now ?? Date.now;
  const handlers = options.handlers as Record<string, WebhookHandler | undefined>;
  // Per webhook: its declared media types and which of them a Content-Type selects.
  const declarations = new Map(
    definition.webhooks.map((w) => [
      w.name,
      { mediaTypes: w.mediaTypes, select: mediaTypeSelector(w.mediaTypes) },
    ]),
  );
  const methods = new Set(definition.webhooks.flatMap((w) => w.methods.map((m) => m.toUpperCase())));
  if (methods.size === 0) methods.add("POST");
  const allow = [...methods].join(", ");
  const linksOf = (webhook: string) =>
    definition.links !== undefined && Object.hasOwn(definition.links, webhook)
      ? definition.links[webhook]
      : undefined;
  const allMediaTypes = [...new Set(definition.webhooks.flatMap((w) => w.mediaTypes))];
  const selectAnyMediaType = mediaTypeSelector(allMediaTypes);

  // Looked up on every delivery: cached per webhook and media type, without building the key string.
  const cached = (lookup: ValidatorLookup | undefined) => {
    const cache = new Map<string, Map<string, Validator | undefined>>();
    return (webhook: string, mediaType: string | undefined): Validator | undefined => {
      if (mediaType === undefined || !lookup) return undefined;
      let byMediaType = cache.get(webhook);
      if (byMediaType === undefined) {
        byMediaType = new Map();
        cache.set(webhook, byMediaType);
      }
      let validator = byMediaType.get(mediaType);
      if (validator === undefined && !byMediaType.has(mediaType)) {
        validator = lookup(`webhook:${webhook}:${mediaType}`);
        byMediaType.set(mediaType, validator);
      }
      return validator;
    };
  };
  const validatorFor = cached(definition.validators);
  const formatFreeValidatorFor = cached(definition.validatorsWithoutFormats);
  // The format-free validators only tell format-only failures apart when formats have their own policy.
  const formatsApart = drift.formats !== drift.payload;

  // A sender uses one Content-Type for all its deliveries: remember the last one parsed.
  let lastContentType: string | undefined;
  let lastEssence: string | undefined;
  const essenceOf = (contentType: string | undefined): string | undefined => {
    if (contentType !== lastContentType) {
      lastEssence = mediaTypeEssence(contentType);
      lastContentType = contentType;
    }
    return lastEssence;
  };

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
   * The request-path checks, on the method, headers and raw bytes only (no parsing): handshake →
   * method → size → signature → timestamp window → signed handshake → Content-Type.
   */
  function authenticate(
    delivery: IncomingDelivery,
  ): Awaitable<WebhookReceiverError | HandshakeReply | VerifiedDelivery> {
    const url = urlOf(delivery);
    if (scheme.unsignedHandshake) {
      const answering = scheme.unsignedHandshake(handshakeInput(delivery, url));
      if (isThenable(answering))
        return Promise.resolve(answering).then((answer) => answer ?? checkSignature(delivery, url));
      if (answering) return answering;
    }
    return checkSignature(delivery, url);
  }

  function handshakeInput(delivery: IncomingDelivery, url: string | undefined) {
    return {
      method: delivery.method,
      headers: delivery.headers,
      body: delivery.body,
      ...(url !== undefined ? { url } : {}),
    };
  }

  function checkSignature(
    delivery: IncomingDelivery,
    url: string | undefined,
  ): Awaitable<WebhookReceiverError | HandshakeReply | VerifiedDelivery> {
    // Senders write methods in capitals: upper-case only what is not found as it is.
    const method = delivery.method;
    if (!methods.has(method) && !methods.has(method.toUpperCase())) {
      return new WebhookReceiverError("method_not_allowed", `use ${allow}`);
    }
    if (delivery.body.length > maxBodyBytes)
      return new WebhookReceiverError("payload_too_large", `the body exceeds ${maxBodyBytes} bytes`);

    const input: VerifyInput = {
      headers: delivery.headers,
      body: delivery.body,
      now: Math.floor(now() / 1000),
      toleranceSeconds,
      method: delivery.method,
    };
    if (url !== undefined) input.url = url;
    const verifying = verifySignature(input);
    return isThenable(verifying)
      ? Promise.resolve(verifying).then((verified) => afterSignature(delivery, url, verified))
      : afterSignature(delivery, url, verifying);
  }

  function afterSignature(
    delivery: IncomingDelivery,
    url: string | undefined,
    verified: VerifyResult,
  ): Awaitable<WebhookReceiverError | HandshakeReply | VerifiedDelivery> {
    if (!verified.ok) return signatureError(verified);
    if (scheme.signedHandshake) {
      return Promise.resolve(scheme.signedHandshake(handshakeInput(delivery, url))).then(
        (answer) => answer ?? checkMediaType(delivery, verified),
      );
    }
    return checkMediaType(delivery, verified);
  }

  function checkMediaType(
    delivery: IncomingDelivery,
    verified: Extract<VerifyResult, { ok: true }>,
  ): WebhookReceiverError | VerifiedDelivery {
    const contentType = essenceOf(delivery.headers("content-type"));
    if (
      contentType !== undefined &&
      allMediaTypes.length > 0 &&
      selectAnyMediaType(contentType) === undefined
    ) {
      return new WebhookReceiverError(
        "unsupported_media_type",
        `no webhook of this contract is sent as ${contentType}`,
      );
    }
    const result: VerifiedDelivery = { ok: true };
    if (verified.deliveryId !== undefined) result.deliveryId = verified.deliveryId;
    if (verified.timestamp !== undefined) result.timestamp = verified.timestamp;
    return result;
  }

  /** What follows authentication: parse → route → validate (drift policy). */
  function route(
    delivery: IncomingDelivery,
    verified: VerifiedDelivery,
    reportValidation: ((report: ValidationReport) => void) | undefined,
  ): Awaitable<WebhookReceiverError | PreparedDelivery> {
    const contentType = essenceOf(delivery.headers("content-type"));
    const decoded = decodeBody(delivery.body, contentType);
    if (!decoded.ok)
      return new WebhookReceiverError("malformed_body", decoded.message, { deliveryId: verified.deliveryId });
    const payload = decoded.value;

    const routing = router({
      headers: delivery.headers,
      payload,
      path: delivery.path,
      accepts: (name) => {
        const mediaType = declarations.get(name)?.select(contentType);
        return validatorFor(name, mediaType)?.(payload);
      },
    });
    // Header, body and path routes answer synchronously.
    return isThenable(routing)
      ? Promise.resolve(routing).then((routed) =>
          check(delivery, verified, reportValidation, contentType, payload, routed),
        )
      : check(delivery, verified, reportValidation, contentType, payload, routing);
  }

  /** The routed delivery against its contract: media type, then the drift policy. */
  function check(
    delivery: IncomingDelivery,
    verified: VerifiedDelivery,
    reportValidation: ((report: ValidationReport) => void) | undefined,
    contentType: string | undefined,
    payload: unknown,
    routed: RouteResult,
  ): WebhookReceiverError | PreparedDelivery {
    const deliveryId =
      options.deliveryId?.({ headers: delivery.headers, payload }) ??
      verified.deliveryId ??
      payloadField(payload, scheme.payloadDeliveryIdField);
    if (!routed.ok) {
      return new WebhookReceiverError("unknown_webhook", routed.reason, {
        status: options.unknownWebhookStatus ?? 404,
        ...(deliveryId ? { deliveryId } : {}),
      });
    }
    const webhook = routed.webhook;
    const declaration = declarations.get(webhook)!;
    const declared = declaration.mediaTypes;
    const mediaType = declaration.select(contentType);
    if (declared.length > 0 && mediaType === undefined) {
      return new WebhookReceiverError(
        "unsupported_media_type",
        `webhook ${webhook} is sent as ${declared.join(" or ")}`,
        {
          webhook,
          ...(deliveryId ? { deliveryId } : {}),
        },
      );
    }

    const decision = checkPayload(
      validatorFor(webhook, mediaType),
      payload,
      drift,
      formatsApart ? formatFreeValidatorFor(webhook, mediaType) : undefined,
    );
    if (decision.status.state === "invalid" && decision.action !== "off") {
      const errors = decision.status.errors;
      const outcome = decision.action === "reject" ? "rejected" : "delivered";
      if (reportValidation) {
        // Built field by field: a conditional spread costs a temporary object and a generic copy,
        // and drifting payloads (a third of GitHub's examples) take this path on every delivery.
        const report: ValidationReport = { webhook, errors, outcome };
        if (deliveryId) report.deliveryId = deliveryId;
        try {
          reportValidation(report);
        } catch {
          // A failing logger must not change the answer.
        }
      }
      if (decision.action === "reject") {
        return new WebhookReceiverError("invalid_payload", `the payload does not match webhook ${webhook}`, {
          webhook,
          issues: errors,
          ...(deliveryId ? { deliveryId } : {}),
        });
      }
    }

    const prepared: PreparedDelivery = { webhook, payload, validation: decision.status };
    if (mediaType !== undefined) prepared.mediaType = mediaType;
    if (deliveryId !== undefined) prepared.deliveryId = deliveryId;
    if (verified.timestamp !== undefined) prepared.timestamp = verified.timestamp;
    return prepared;
  }

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

/**
 * The URL the sender used: the request's own, or, behind a proxy, `publicUrl` — a string replaces
 * the origin (and is prefixed to the path when it has one), a function maps the request URL.
 * `X-Forwarded-*` headers are never read: anyone can send them.
 */
export function resolvePublicUrl(
  requestUrl: string,
  publicUrl: string | ((requestUrl: URL) => string) | undefined,
): string {
  if (publicUrl === undefined) return requestUrl;
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return requestUrl;
  }
  if (typeof publicUrl === "function") return publicUrl(parsed);
  const base = publicUrl.endsWith("/") ? publicUrl.slice(0, -1) : publicUrl;
  return `${base}${parsed.pathname}${parsed.search}`;
}

function payloadField(payload: unknown, field: string | undefined): string | undefined {
  if (field === undefined || payload === null || typeof payload !== "object") return undefined;
  const value = (payload as Record<string, unknown>)[field];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The request-path checks of a delivery, on its method, headers and raw bytes only (no parsing):
 * handshake → method → size → signature → timestamp window → signed handshake → Content-Type. An
 * ack-then-process front end runs only these before it queues the delivery.
 */
import { type Awaitable, isThenable } from "./awaitable.js";
import { signatureError, WebhookReceiverError } from "./errors.js";
import { mediaTypeSelector } from "./media-type.js";
import type { IncomingDelivery, VerifiedDelivery } from "./receiver-types.js";
import { immediateVerifier } from "./signatures/immediate.js";
import type { HandshakeReply, SignatureScheme, VerifyInput, VerifyResult } from "./signatures/index.js";

export interface AuthenticateOptions {
  scheme: SignatureScheme;
  /** The URL the sender used, behind a proxy (see `resolvePublicUrl`). */
  publicUrl: string | ((requestUrl: URL) => string) | undefined;
  /** The methods webhooks are sent with, in capitals. */
  methods: ReadonlySet<string>;
  /** `methods` as an `Allow` header says them. */
  allow: string;
  maxBodyBytes: number;
  toleranceSeconds: number;
  /** The clock, in ms since the epoch. */
  now: () => number;
  /** Every media type some webhook is declared with; none: any Content-Type passes. */
  mediaTypes: readonly string[];
  /** The essence of a Content-Type (shared with routing, which reads it again). */
  essenceOf: (contentType: string | undefined) => string | undefined;
}

/**
 * Returns `authenticate(delivery)`: the refusal, a handshake's answer, or the verified delivery
 * (its id and timestamp from the signature headers). Synchronous when the scheme's MAC is.
 */
export function createAuthenticator({
  scheme,
  publicUrl,
  methods,
  allow,
  maxBodyBytes,
  toleranceSeconds,
  now,
  mediaTypes: allMediaTypes,
  essenceOf,
}: AuthenticateOptions) {
  const verifySignature = immediateVerifier(scheme);
  const selectAnyMediaType = mediaTypeSelector(allMediaTypes);
  const urlOf = (delivery: IncomingDelivery): string | undefined =>
    delivery.url === undefined ? undefined : resolvePublicUrl(delivery.url, publicUrl);

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

  return authenticate;
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

/** The receiver's public shapes: what generated code passes in and what handlers receive. */
import type { ValidationIssue, ValidatorLookup } from "../validation/index.js";
import type { DedupeStore } from "./dedupe.js";
import type { DriftConfig, ValidationStatus } from "./drift.js";
import type { ErrorDetail, ReceiverResponse, WebhookReceiverError } from "./errors.js";
import type { LinkDescriptor } from "./links.js";
import type { RouteConfig } from "./router.js";
import type { HeaderReader, SignatureConfig, SignatureScheme } from "./signatures/index.js";

/** What generated code tells the runtime about one webhook of the contract. */
export interface WebhookDescriptor {
  name: string;
  /** Lower-case HTTP methods the webhook is sent with (`post` almost always). */
  methods: readonly string[];
  /** Declared request body media types; empty when the webhook has no body. */
  mediaTypes: readonly string[];
}

/** The contract side of a receiver, emitted by the generator. */
export interface ReceiverDefinition {
  webhooks: readonly WebhookDescriptor[];
  /** Looks validators up as `webhook:<name>:<mediaType>`. */
  validators?: ValidatorLookup;
  /** The same validators with format checks off: tells format-only drift apart (`drift.formats`). */
  validatorsWithoutFormats?: ValidatorLookup;
  /** Defaults chosen in the contract's configuration; options given at run time win. */
  signature?: SignatureConfig;
  route?: RouteConfig;
  drift?: DriftConfig;
  /** The follow-up calls each webhook declares (Link Objects on its 2xx responses), by webhook and link name. */
  links?: Readonly<Record<string, Readonly<Record<string, LinkDescriptor>>>>;
}

/** One authentic, routed (and, unless configured otherwise, valid) delivery. */
export interface WebhookEvent<Name extends string = string, Payload = unknown> {
  webhook: Name;
  payload: Payload;
  /** Delivery id from the signature headers (or payload, per scheme), when there is one. */
  deliveryId?: string;
  /** Signed timestamp (Unix seconds), when the scheme signs one. */
  timestamp?: number;
  /** Whether `payload` matched the contract. Check it when the drift policy is `report` or `off`. */
  validation: ValidationStatus;
  mediaType?: string;
  headers: HeaderReader;
  rawBody: Uint8Array;
  /**
   * Aborted when the handler runs out of time (`handlerTimeoutMs`): pass it to fetch, database
   * drivers and the like, and stop. The delivery is answered 503 and retried. A getter, made on
   * first read (a copy made with `{ ...event }` does not carry it: pass `event.signal` itself).
   */
  readonly signal: AbortSignal;
  /**
   * The follow-up calls the contract declares for this webhook (`event.links.order()`), bound to
   * this delivery and to the receiver's `client`. Present only for webhooks that declare links;
   * the generated `WebhookEvent` types each one.
   */
  readonly links?: unknown;
}

export type WebhookHandler<Payload = unknown, Name extends string = string> = (
  event: WebhookEvent<Name, Payload>,
) => unknown;

/** Handlers keyed by webhook name (a keyed map: unions of hundreds of events hit TypeScript's limits). */
export type WebhookHandlerMap<Payloads> = {
  [K in keyof Payloads & string]?: WebhookHandler<Payloads[K], K>;
};

export interface ValidationReport {
  webhook: string;
  deliveryId?: string;
  errors: ValidationIssue[];
  /** `rejected` (answered 400) or `delivered` (handler ran). */
  outcome: "rejected" | "delivered";
}

export interface ReceiverOptions<Payloads = Record<string, unknown>> {
  handlers: WebhookHandlerMap<Payloads>;
  /**
   * The API client (the generated `createClient(...)`) that `event.links` call. Without one, a
   * contract's links are not callable (a type error in generated code; a `TypeError` otherwise).
   */
  client?: unknown;
  /** The secret; `secrets` lists several during rotation (the first signs, all verify). */
  secret?: string;
  secrets?: readonly string[];
  signature?: SignatureConfig | SignatureScheme;
  /** Meta (`signature: "meta"`): the verify token typed into the app dashboard, checked on `hub.challenge` GETs. */
  verifyToken?: string;
  /**
   * The URL senders deliver to, for schemes that sign it (Twilio, Square, HubSpot) and URL handshakes, when a
   * proxy or load balancer sits in front: a string (`https://api.example.com`, or with a path prefix)
   * replaces the request's origin; a function maps the request URL. `X-Forwarded-*` headers are never
   * trusted: anyone can send them.
   */
  publicUrl?: string | ((requestUrl: URL) => string);
  route?: RouteConfig;
  /** Replay window for schemes that sign a timestamp. Default 300 s. */
  toleranceSeconds?: number;
  /** Default: in memory, 3 days, at most 500,000 ids (`memoryDedupeStore`). `false` turns de-duplication off. */
  dedupe?: DedupeStore | false;
  /** Largest accepted body. Default 25 MiB, GitHub's documented cap on payloads. */
  maxBodyBytes?: number;
  /**
   * Time for the whole body to arrive, in the adapters that read it (node:http, Express without a
   * body parser in front, Fastify, Web `Request`). A slower body is answered 408 and the connection
   * closed. Default 30 000 ms. The Node adapters check it in slots of an eighth of it, so a slow
   * body is answered between `bodyTimeoutMs` and `bodyTimeoutMs` + 12.5%.
   */
  bodyTimeoutMs?: number;
  drift?: DriftConfig;
  /** How much of a validation failure a 400 answer shows. Default `full` (pointer, keyword, message). */
  errorDetail?: ErrorDetail;
  /**
   * Status for an authentic delivery of a webhook the contract does not know. Default 404: the
   * sender records a failure you can see and redeliver once the contract knows the event; a 2xx
   * would make it disappear. Use 202 to acknowledge and drop instead.
   */
  unknownWebhookStatus?: number;
  /**
   * Time a handler has before its `event.signal` aborts and the delivery is answered 503 +
   * `Retry-After` (so every retrying sender retries it). Default 8 000 ms: below GitHub's 10 s, with
   * room for reading the body and answering. `false`: no timeout. The delivery id stays claimed
   * until the handler settles: a late success still counts (the retry is a duplicate), a late
   * failure releases it for the retry.
   */
  handlerTimeoutMs?: number | false;
  /** `Retry-After` of 503 answers (delivery in progress, handler timed out). Default 5 s. */
  retryAfterSeconds?: number;
  /** Every turned-away delivery and every handler failure. Default: one `console.warn` line. */
  onError?: (error: WebhookReceiverError) => void;
  /** Payloads that fail validation (`reject` and `report` policies). Default: one `console.warn` line. */
  onValidationError?: (report: ValidationReport) => void;
  /**
   * Conditions worth a log line that do not change the answer: de-duplication forgetting ids early,
   * a store failing after a handler ran, a timed-out handler settling late, a handler settling after
   * its claim lapsed (`claim_lost`). Default: `console.warn`.
   */
  onWarning?: (warning: ReceiverWarning) => void;
  /** Overrides where the delivery id comes from. */
  deliveryId?: (input: { headers: HeaderReader; payload: unknown }) => string | undefined;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

export interface ReceiverWarning {
  code:
    | "dedupe_evicted"
    | "store_complete_failed"
    | "store_release_failed"
    | "handler_settled_late"
    /** A handler settled after its claim lapsed: the store left a newer owner's claim alone. */
    | "claim_lost";
  message: string;
  webhook?: string;
  deliveryId?: string;
  cause?: unknown;
}

/** A delivery as an adapter hands it over. */
export interface IncomingDelivery {
  method: string;
  /** Request path without the query string. */
  path: string;
  /** The full request URL (scheme, host, path and query) as the adapter sees it. */
  url?: string;
  headers: HeaderReader;
  body: Uint8Array;
}

/** An authentic delivery, as `verify` found it (from headers and raw bytes; nothing parsed yet). */
export interface VerifiedDelivery {
  ok: true;
  /** Delivery id from the signature headers, when the scheme has one there. */
  deliveryId?: string;
  /** Signed timestamp (Unix seconds), when the scheme signs one. */
  timestamp?: number;
}

export type VerifyOutcome = VerifiedDelivery | { ok: false; response: ReceiverResponse };

export interface WebhookReceiver {
  /** Handles one delivery (`verify`, then `process`); never throws. */
  handle(delivery: IncomingDelivery): Promise<ReceiverResponse>;
  /**
   * The request-path half of `handle`: method, size, signature, timestamp window and Content-Type,
   * on headers and raw bytes only. Never throws. Front ends that acknowledge first and process later
   * (e.g. on a queue) call this on the request, store the delivery, and call `process` afterwards.
   */
  verify(delivery: IncomingDelivery): Promise<VerifyOutcome>;
  /**
   * The rest of `handle` for a delivery `verify` accepted: parse, route, validate, de-duplicate,
   * run the handler (within `handlerTimeoutMs`). Never throws. The signature is not checked again,
   * so the timestamp window does not apply to a delivery processed later.
   */
  process(delivery: IncomingDelivery, verified: VerifiedDelivery): Promise<ReceiverResponse>;
  /** The answer adapters give when the body exceeds `maxBodyBytes` while streaming. */
  tooLarge(): ReceiverResponse;
  /** The answer adapters give when the body does not arrive within `bodyTimeoutMs`. */
  bodyTimedOut(): ReceiverResponse;
  readonly bodyTimeoutMs: number;
  /** Reports an adapter-level failure to `onError` and builds its answer. */
  reject(error: WebhookReceiverError): ReceiverResponse;
  readonly maxBodyBytes: number;
  /** The signature scheme answers handshakes that come as `GET` (Meta, Dropbox): adapters routing by method let them in. */
  readonly answersGetHandshakes?: boolean;
}

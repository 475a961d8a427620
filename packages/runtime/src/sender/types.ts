/** Shapes of the webhook sender's options and results. */
import type { RetryOptions } from "../client/retry.js";
import type { ValidatorLookup } from "../validation/index.js";
import type { WebhookDescriptor } from "../webhooks/receiver.js";
import type { SignatureConfig, SignatureScheme } from "../webhooks/signatures/index.js";
import type { HostLookup } from "./targets.js";

/** The contract side of a sender, emitted by the generator (the same descriptors the receiver uses). */
export interface SenderDefinition {
  webhooks: readonly WebhookDescriptor[];
  /** Looks validators up as `webhook:<name>:<mediaType>`. */
  validators?: ValidatorLookup;
  /** The contract's scheme from its configuration; options given at run time win. */
  signature?: SignatureConfig;
}

/** Named retry schedules (delays before each retry, in ms); see `SCHEDULES`. */
export type ScheduleName = "standard-webhooks" | "short";

/** Retries of one message. Only `limit`, delays and statuses apply: every webhook is a POST-like push. */
export type SenderRetryOptions = Omit<RetryOptions, "methods"> & {
  /**
   * Fixed delays before each retry instead of exponential backoff: a preset name or milliseconds.
   * Its length is the number of retries (`limit` is ignored). A `Retry-After` longer than the
   * scheduled delay (up to `maxRetryAfterMs`) is waited for instead.
   */
  schedule?: ScheduleName | readonly number[];
};

export type Endpoint = string | URL;

export interface WebhookSenderOptions<Payloads = Record<string, unknown>> {
  /** Signing secret (`whsec_…` for Standard Webhooks). Not needed for a `custom` scheme. */
  secret?: string;
  /** Default: the contract's scheme, else Standard Webhooks. */
  signature?: SignatureConfig | SignatureScheme;
  /** One URL for every webhook, or one per webhook name. */
  endpoints?: Endpoint | Partial<Record<keyof Payloads & string, Endpoint>>;
  /** Chooses the URL per message (e.g. per tenant); wins over `endpoints`. */
  resolveEndpoint?: (webhook: keyof Payloads & string, payload: unknown) => Endpoint | Promise<Endpoint>;
  /**
   * Default: up to 5 retries on network errors, timeouts, 408, 429 and 5xx, exponential backoff
   * with full jitter from 500 ms capped at 30 s, `Retry-After` honoured up to 5 min. `false`: one attempt.
   */
  retry?: SenderRetryOptions | false;
  /** Per attempt. Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Deliver to loopback, private, link-local and other non-public addresses (`localhost`, 127/8,
   * 10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, 0.0.0.0, ::1, fc00::/7, fe80::/10, and
   * IPv4-mapped forms), checked on the URL and on what its name resolves to, before each attempt and
   * (on Node) when connecting. Default false: a URL a consumer registers must not reach the
   * provider's own network. Set it for local development and tests.
   */
  allowPrivateTargets?: boolean;
  /**
   * Resolves host names for that check and, on Node without a `fetch` option, for every new
   * connection, which goes only to the addresses it answered (checked again then). Default:
   * `node:dns` where the platform has it.
   */
  lookup?: HostLookup;
  /**
   * Deliver through this `fetch` (then without the connect-time check). Default: node:http on
   * Node, else the global `fetch`.
   */
  fetch?: typeof fetch;
  /** Default: the generated validators. */
  validators?: ValidatorLookup;
  /** Validate each payload before sending. Default true: a bug in the sender must not reach consumers. */
  validate?: boolean;
  /** Extra headers on every delivery, e.g. a routing header (`X-GitHub-Event`). */
  headers?: Record<string, string> | ((webhook: string, payload: unknown) => Record<string, string>);
  /** Message ids. Default `msg_` + 32 random hex digits. */
  messageId?: () => string;
  /** Called after every attempt (logging, metrics). */
  onAttempt?: (attempt: DeliveryAttempt, webhook: string) => void;
}

export interface SendOptions {
  /** Message id to reuse (e.g. when re-sending a stored message); stable across retries anyway. */
  id?: string;
  endpoint?: Endpoint;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Media type to send when the webhook declares several. Default: the first JSON one. */
  mediaType?: string;
}

export interface SentRequest {
  method: "POST";
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryAttempt {
  /** 1-based. */
  attempt: number;
  request: SentRequest;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  status?: number;
  responseHeaders?: Record<string, string>;
  /** The response body as text: at most 64 KiB are read (then `…` and the stream is cancelled). */
  responseBody?: string;
  /** Why no response was received (`refused`: the target is not a public address; nothing was sent). */
  error?: { kind: "network" | "timeout" | "aborted" | "refused"; message: string };
  /** Milliseconds waited before the next attempt; absent on the last one. */
  nextDelayMs?: number;
}

export interface DeliveryResult {
  /** A 2xx answer was received. */
  ok: boolean;
  webhook: string;
  /** The message id, identical in every attempt (the `webhook-id` of Standard Webhooks). */
  messageId: string;
  url: string;
  attempts: DeliveryAttempt[];
  /** Status of the last attempt, when one answered. */
  status?: number;
  /** Why delivery stopped without a 2xx, when it did. */
  reason?: string;
  /** The endpoint answered 410 Gone: stop sending to it. */
  gone?: boolean;
  /** The retry schedule used: a named or given list of delays, or exponential backoff. */
  schedule: DeliverySchedule;
}

export type DeliverySchedule =
  | { name: ScheduleName | "custom"; delaysMs: readonly number[] }
  | { name: "exponential-backoff"; limit: number; baseDelayMs: number; maxDelayMs: number }
  | { name: "none" };

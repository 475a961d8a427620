/**
 * Retry policy. The default is deliberately conservative, so that it is safe to leave on:
 * - at most 2 retries (3 attempts in all);
 * - only idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE): retrying a POST or PATCH
 *   could apply it twice;
 * - only on network errors and statuses 408, 429 and 5xx except 501 and 505 (which no retry fixes);
 * - `Retry-After` (seconds or HTTP date) is honoured when present; if it asks for more than
 *   `maxRetryAfterMs` (60 s), the response is returned instead of waiting;
 * - otherwise exponential backoff with full jitter: a random delay in [0, min(maxDelayMs, baseDelayMs × 2^n)),
 *   with baseDelayMs 300 and maxDelayMs 10 000, so that many clients failing together do not retry in step.
 * Timeouts and aborts are never retried, and neither is a request whose body is a stream (it was read once).
 */

export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  limit?: number;
  /** Lower-case methods that may be retried. Default: the idempotent ones. */
  methods?: readonly string[];
  /** Statuses that trigger a retry. Default: 408, 429 and 5xx except 501 and 505. */
  statuses?: readonly number[] | ((status: number) => boolean);
  /** Retry when fetch itself fails (connection refused, reset). Default true. */
  networkErrors?: boolean;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest `Retry-After` worth waiting for. Default 60 000. */
  maxRetryAfterMs?: number;
}

export interface RetryPolicy {
  limit: number;
  methods: ReadonlySet<string>;
  retriesStatus: (status: number) => boolean;
  networkErrors: boolean;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

const IDEMPOTENT = ["get", "head", "options", "put", "delete", "trace"];
const defaultStatuses = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);

export const NO_RETRY: RetryPolicy = {
  limit: 0,
  methods: new Set(),
  retriesStatus: () => false,
  networkErrors: false,
  baseDelayMs: 0,
  maxDelayMs: 0,
  maxRetryAfterMs: 0,
};

export function retryPolicy(options: RetryOptions | false | undefined, base?: RetryPolicy): RetryPolicy {
  if (options === false) return NO_RETRY;
  const from = base && base !== NO_RETRY ? base : undefined;
  if (!options && from) return from;
  const o = options ?? {};
  const statuses = o.statuses;
  return {
    limit: o.limit ?? from?.limit ?? 2,
    methods: o.methods
      ? new Set(o.methods.map((m) => m.toLowerCase()))
      : (from?.methods ?? new Set(IDEMPOTENT)),
    retriesStatus:
      typeof statuses === "function"
        ? statuses
        : statuses
          ? (s) => statuses.includes(s)
          : (from?.retriesStatus ?? defaultStatuses),
    networkErrors: o.networkErrors ?? from?.networkErrors ?? true,
    baseDelayMs: o.baseDelayMs ?? from?.baseDelayMs ?? 300,
    maxDelayMs: o.maxDelayMs ?? from?.maxDelayMs ?? 10_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? from?.maxRetryAfterMs ?? 60_000,
  };
}

/** `Retry-After` in milliseconds (delta-seconds or HTTP date), `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter backoff for the `retry`-th retry (0-based). */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

/** Delay before retrying after `response`, or `undefined` when it should not be retried. */
export function delayForResponse(policy: RetryPolicy, response: Response, retry: number): number | undefined {
  if (!policy.retriesStatus(response.status)) return undefined;
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (retryAfter === undefined) return backoffDelay(policy, retry);
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

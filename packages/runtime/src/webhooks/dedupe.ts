/**
 * Delivery de-duplication. Senders retry (timeouts, 5xx, their own crashes), so the same delivery
 * can arrive twice; a handler must see it once. A delivery id is claimed before the handler runs,
 * marked done when it succeeds, and released when it fails so that the sender's retry is handled.
 */

/** `new`: the caller owns the delivery; `pending`: another request is handling it; `done`: handled. */
export type ClaimState = "new" | "pending" | "done";

/**
 * Pluggable store: the extension point for several processes or instances (e.g. Redis `SET NX PX`
 * for `claim`, a longer `SET` for `complete`, `DEL` for `release`); the default lives in memory.
 * A pending claim must lapse on its own (after longer than the receiver's handler timeout), so
 * that a process dying mid-delivery does not hold the id forever.
 */
export interface DedupeStore {
  claim(deliveryId: string): ClaimState | Promise<ClaimState>;
  complete(deliveryId: string): void | Promise<void>;
  release(deliveryId: string): void | Promise<void>;
}

/** Told when the memory bound forgets handled ids before their time window has passed. */
export interface EarlyEviction {
  /** Ids evicted early since the previous report. */
  evicted: number;
  /** How long the most recently evicted id had been remembered: the window actually kept. */
  keptMs: number;
  ttlMs: number;
  maxEntries: number;
}

export interface MemoryDedupeOptions {
  /**
   * How long a handled id is remembered. Default 3 days: Stripe retries for 3 days, and Standard
   * Webhooks/Svix's schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) spans about 28 h.
   */
  ttlMs?: number;
  /**
   * Memory bound: ids remembered at most. Default 500,000 (enough for about 2 deliveries a second
   * over 3 days); each costs roughly 200-400 bytes of process memory with 30-40 character ids, so
   * about 100-200 MB when full. Beyond it the oldest are forgotten before `ttlMs` has passed, and
   * `onEarlyEviction` is told.
   */
  maxEntries?: number;
  /** A pending claim older than this is considered abandoned. Default 10 minutes. */
  pendingTimeoutMs?: number;
  /** Early evictions, reported at most once a minute. Default: one `console.warn` line. */
  onEarlyEviction?: (eviction: EarlyEviction) => void;
  now?: () => number;
}

export const DEFAULT_DEDUPE_TTL_MS = 3 * 24 * 3600 * 1000;
export const DEFAULT_DEDUPE_MAX_ENTRIES = 500_000;
export const DEFAULT_PENDING_TIMEOUT_MS = 10 * 60 * 1000;
const REPORT_EVERY_MS = 60_000;

export function describeEarlyEviction(e: EarlyEviction): string {
  return (
    `de-duplication forgot ${e.evicted} delivery id(s) before their ${Math.round(e.ttlMs / 60_000)} min window ` +
    `(memory bound of ${e.maxEntries} ids reached; ids are now kept about ${Math.round(e.keptMs / 60_000)} min): ` +
    "a redelivery older than that would run its handler again. Raise maxEntries or use a shared DedupeStore."
  );
}

/**
 * In-memory, one process, forgotten on restart: ids are kept for `ttlMs` after they were handled,
 * within a bound of `maxEntries`. Entries are one number each (handled-at time, or the negated
 * claim time plus one while pending), kept in a Map in the order they were last written, so the
 * oldest are at its front and expiry only ever looks there.
 */
export function memoryDedupeStore(options: MemoryDedupeOptions = {}): DedupeStore {
  const maxEntries = options.maxEntries ?? DEFAULT_DEDUPE_MAX_ENTRIES;
  const ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  const pendingTimeoutMs = options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const onEarlyEviction =
    options.onEarlyEviction ??
    ((e: EarlyEviction) => console.warn(`[contract] webhook ${describeEarlyEviction(e)}`));
  const entries = new Map<string, number>();
  let evictedSinceReport = 0;
  let lastReport = Number.NEGATIVE_INFINITY;

  const expired = (value: number, t: number) =>
    value >= 0 ? t - value > ttlMs : t - (-value - 1) > pendingTimeoutMs;

  const write = (id: string, value: number, t: number) => {
    entries.delete(id);
    entries.set(id, value);
    // Drop what has expired at the front; then, over the bound, the oldest even if it has not.
    for (;;) {
      const first = entries.entries().next();
      if (first.done) break;
      const [oldest, oldestValue] = first.value;
      if (expired(oldestValue, t)) {
        entries.delete(oldest);
        continue;
      }
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
      if (oldestValue >= 0) {
        evictedSinceReport++;
        if (t - lastReport >= REPORT_EVERY_MS) {
          lastReport = t;
          const evicted = evictedSinceReport;
          evictedSinceReport = 0;
          try {
            onEarlyEviction({ evicted, keptMs: t - oldestValue, ttlMs, maxEntries });
          } catch {
            // A failing logger must not fail the delivery.
          }
        }
      }
    }
  };

  return {
    claim(id) {
      const t = now();
      const value = entries.get(id);
      if (value !== undefined && !expired(value, t)) return value >= 0 ? "done" : "pending";
      write(id, -t - 1, t);
      return "new";
    },
    complete(id) {
      const t = now();
      write(id, t, t);
    },
    release(id) {
      entries.delete(id);
    },
  };
}

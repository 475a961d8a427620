/**
 * Delivery de-duplication. Senders retry (timeouts, 5xx, their own crashes), so the same delivery
 * can arrive twice; a handler must see it once. A delivery id is claimed before the handler runs,
 * marked done when it succeeds, and released when it fails so that the sender's retry is handled.
 */

/**
 * What `claim` answers. `claimed`: the caller owns the delivery until it passes `token` to
 * `complete` or `release`; `pending`: another request is handling it; `done`: handled.
 */
export type Claim = { state: "claimed"; token: string } | { state: "pending" } | { state: "done" };
export type ClaimState = Claim["state"];

/**
 * Pluggable store: the extension point for several processes or instances (e.g. Redis `SET NX PX`
 * for `claim`, a longer `SET` for `complete`, `DEL` for `release`); the default lives in memory.
 * A pending claim must lapse on its own (after longer than the receiver's handler timeout), so
 * that a process dying mid-delivery does not hold the id forever.
 *
 * Claims have owners: once a claim has lapsed and another request has claimed the id, a late
 * `complete` or `release` from the first owner must not touch the new claim. Both take the token
 * `claim` returned and answer whether they acted: `false` when the id is claimed by someone else
 * or already done (nothing changed). `complete` also records an id whose claim lapsed with
 * nobody claiming it since (the handler did run). `release` only ever deletes the caller's claim.
 */
export interface DedupeStore {
  claim(deliveryId: string): Claim | Promise<Claim>;
  complete(deliveryId: string, token: string): boolean | Promise<boolean>;
  release(deliveryId: string, token: string): boolean | Promise<boolean>;
}

/** The in-memory store answers at once. */
export interface MemoryDedupeStore extends DedupeStore {
  claim(deliveryId: string): Claim;
  complete(deliveryId: string, token: string): boolean;
  release(deliveryId: string, token: string): boolean;
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

/** Handled-at time, or a pending claim. */
type Entry = number | { claimedAt: number; token: string };

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
 * within a bound of `maxEntries`. Entries are a number when handled (the handled-at time) and the
 * claim time with the owner's token while pending, kept in a Map in the order they were last
 * written, so the oldest are at its front and expiry only ever looks there.
 */
export function memoryDedupeStore(options: MemoryDedupeOptions = {}): MemoryDedupeStore {
  const maxEntries = options.maxEntries ?? DEFAULT_DEDUPE_MAX_ENTRIES;
  const ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  const pendingTimeoutMs = options.pendingTimeoutMs ?? DEFAULT_PENDING_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const onEarlyEviction =
    options.onEarlyEviction ??
    ((e: EarlyEviction) => console.warn(`[contract] webhook ${describeEarlyEviction(e)}`));
  const entries = new Map<string, Entry>();
  let claims = 0;
  let evictedSinceReport = 0;
  let lastReport = Number.NEGATIVE_INFINITY;

  const expired = (value: Entry, t: number) =>
    typeof value === "number" ? t - value > ttlMs : t - value.claimedAt > pendingTimeoutMs;

  // No entry expires sooner than this long after it was written.
  const shortestLife = Math.min(ttlMs, pendingTimeoutMs);
  // When the front entry (the oldest write) can first have expired: until then, and within the
  // bound, a write need not look at the front (reads check expiry themselves, so this only decides
  // when memory is given back).
  let frontExpiresAt = Number.NEGATIVE_INFINITY;

  const write = (id: string, value: Entry, t: number, present: boolean) => {
    // Delete first so the entry moves to the back: the Map stays in order of last write.
    if (present) entries.delete(id);
    entries.set(id, value);
    if (t <= frontExpiresAt && entries.size <= maxEntries) return;
    // Drop what has expired at the front; then, over the bound, the oldest even if it has not.
    for (;;) {
      const first = entries.entries().next();
      if (first.done) break;
      const [oldest, oldestValue] = first.value;
      if (expired(oldestValue, t)) {
        entries.delete(oldest);
        continue;
      }
      if (entries.size <= maxEntries) {
        frontExpiresAt =
          (typeof oldestValue === "number" ? oldestValue : oldestValue.claimedAt) + shortestLife;
        break;
      }
      entries.delete(oldest);
      if (typeof oldestValue === "number") {
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
      if (value !== undefined && !expired(value, t)) {
        return typeof value === "number" ? { state: "done" } : { state: "pending" };
      }
      const token = String(++claims);
      write(id, { claimedAt: t, token }, t, value !== undefined);
      return { state: "claimed", token };
    },
    complete(id, token) {
      const t = now();
      const value = entries.get(id);
      // Ours, or lapsed with nobody claiming it since: the handler ran, record it.
      const free = value === undefined || expired(value, t);
      if (!free && (typeof value === "number" || value.token !== token)) return false;
      write(id, t, t, value !== undefined);
      return true;
    },
    release(id, token) {
      const value = entries.get(id);
      if (value === undefined || typeof value === "number" || value.token !== token) return false;
      entries.delete(id);
      // A lapsed claim was no longer the caller's: deleting it changes nothing anyone relies on.
      return !expired(value, now());
    },
  };
}

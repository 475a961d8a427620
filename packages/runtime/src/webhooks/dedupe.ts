/**
 * Delivery de-duplication. Senders retry (timeouts, 5xx, their own crashes), so the same delivery
 * can arrive twice; a handler must see it once. A delivery id is claimed before the handler runs,
 * marked done when it succeeds, and released when it fails so that the sender's retry is handled.
 */

/** `new`: the caller owns the delivery; `pending`: another request is handling it; `done`: handled. */
export type ClaimState = "new" | "pending" | "done";

/** Pluggable store (e.g. Redis `SET NX PX` for several instances); the default lives in memory. */
export interface DedupeStore {
  claim(deliveryId: string): ClaimState | Promise<ClaimState>;
  complete(deliveryId: string): void | Promise<void>;
  release(deliveryId: string): void | Promise<void>;
}

export interface MemoryDedupeOptions {
  /** Ids remembered at most (least recently seen are forgotten first). Default 10,000. */
  maxEntries?: number;
  /** How long a handled id is remembered. Default 3 days, longer than common retry schedules. */
  ttlMs?: number;
  /** A pending claim older than this is considered abandoned. Default 10 minutes. */
  pendingTimeoutMs?: number;
  now?: () => number;
}

interface Entry {
  state: "pending" | "done";
  at: number;
}

/** In-memory LRU: bounded memory, one process. */
export function memoryDedupeStore(options: MemoryDedupeOptions = {}): DedupeStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const ttlMs = options.ttlMs ?? 3 * 24 * 3600 * 1000;
  const pendingTimeoutMs = options.pendingTimeoutMs ?? 10 * 60 * 1000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on use makes its first key the least recent.
  const entries = new Map<string, Entry>();

  const set = (id: string, entry: Entry) => {
    entries.delete(id);
    entries.set(id, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  return {
    claim(id) {
      const entry = entries.get(id);
      const t = now();
      if (entry) {
        const expired = entry.state === "done" ? t - entry.at > ttlMs : t - entry.at > pendingTimeoutMs;
        if (!expired) {
          set(id, entry);
          return entry.state;
        }
      }
      set(id, { state: "pending", at: t });
      return "new";
    },
    complete(id) {
      set(id, { state: "done", at: now() });
    },
    release(id) {
      entries.delete(id);
    },
  };
}

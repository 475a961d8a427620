/**
 * The receiver's `DedupeStore` on Redis, shared by every process and instance that points at the
 * same Redis. One key per delivery id, each step one atomic Lua script:
 *
 * - `claim`: the key is absent → set it `pending:<token>` (a random owner token) with a lease
 *   (`PX leaseMs`) → `claimed` with the token; `done` → `done`; pending → `pending`. A process that
 *   dies holding a claim lets it lapse.
 * - `complete`: while the key holds the caller's claim, or is absent (the claim lapsed and nobody
 *   claimed it since), set it `done` for the window (`PX ttlMs`, default 3 days); otherwise no-op.
 * - `release`: delete it while it holds the caller's claim (a `done` mark or another process's
 *   claim is never deleted).
 *
 * `complete` and `release` answer `false` when they changed nothing because the claim was no longer
 * the caller's: a slow process whose lease lapsed cannot undo or finish the claim of the process
 * that took the id over.
 */
import { randomUUID } from "node:crypto";
import type { Claim, DedupeStore } from "@contract/runtime/webhooks";
import type { Cluster, Redis } from "ioredis";

export const DEFAULT_REDIS_DEDUPE_TTL_MS = 3 * 24 * 3600 * 1000;
export const DEFAULT_REDIS_LEASE_MS = 10 * 60 * 1000;
export const DEFAULT_KEY_PREFIX = "contract";
/** A pending claim's value is this followed by its owner's token. */
const PENDING = "pending:";

export interface RedisDedupeOptions {
  /** Names the receiver: receivers with different namespaces never see each other's ids. Default `webhooks`. */
  namespace?: string;
  /** First part of every key. Default `contract`: keys are `contract:dedupe:<namespace>:<id>`. */
  prefix?: string;
  /** How long a handled id is remembered. Default 3 days (Stripe retries for 3 days). */
  ttlMs?: number;
  /**
   * How long a claim holds without `complete` or `release`: longer than the receiver's
   * `handlerTimeoutMs`. A crashed process's claim lapses after it. Default 10 minutes.
   */
  leaseMs?: number;
}

export interface RedisDedupeStore extends DedupeStore {
  claim(deliveryId: string): Promise<Claim>;
  complete(deliveryId: string, token: string): Promise<boolean>;
  release(deliveryId: string, token: string): Promise<boolean>;
  /** The Redis key of a delivery id (for inspection). */
  keyOf(deliveryId: string): string;
}

// ARGV: the pending value (`pending:<token>`), then the lease or window in ms.
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v == 'done' then return 'done' end
if v then return 'pending' end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 'claimed'`;
const COMPLETE = `
local v = redis.call('GET', KEYS[1])
if v and v ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
return 1`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Scripted = (Redis | Cluster) & {
  contractDedupeClaimV2(key: string, pending: string, leaseMs: number): Promise<string>;
  contractDedupeCompleteV2(key: string, pending: string, ttlMs: number): Promise<number>;
  contractDedupeReleaseV2(key: string, pending: string): Promise<number>;
};

/**
 * A `DedupeStore` on a Redis connection you own (and close). Any ioredis `Redis` or `Cluster`
 * works: each step touches one key, so it runs on one cluster slot.
 */
export function redisDedupeStore(redis: Redis | Cluster, options: RedisDedupeOptions = {}): RedisDedupeStore {
  const ttlMs = positive(options.ttlMs ?? DEFAULT_REDIS_DEDUPE_TTL_MS, "ttlMs");
  const leaseMs = positive(options.leaseMs ?? DEFAULT_REDIS_LEASE_MS, "leaseMs");
  const base = `${options.prefix ?? DEFAULT_KEY_PREFIX}:dedupe:${options.namespace ?? "webhooks"}:`;
  const client = defineScripts(redis);
  const keyOf = (id: string) => base + id;
  return {
    keyOf,
    async claim(id) {
      // randomUUID draws from a cached pool of entropy: about 0.1–0.3 µs against 6–7 µs for
      // randomBytes(16) as hex, which asked the system for each claim (3% of a GitHub worker's
      // busy time in a CPU profile).
      const token = randomUUID();
      const state = await client.contractDedupeClaimV2(keyOf(id), PENDING + token, leaseMs);
      if (state === "claimed") return { state, token };
      if (state === "pending" || state === "done") return { state };
      throw new Error(`unexpected claim answer from Redis: ${String(state)}`);
    },
    async complete(id, token) {
      return (await client.contractDedupeCompleteV2(keyOf(id), PENDING + token, ttlMs)) === 1;
    },
    async release(id, token) {
      return (await client.contractDedupeReleaseV2(keyOf(id), PENDING + token)) === 1;
    },
  };
}

function defineScripts(redis: Redis | Cluster): Scripted {
  const scripted = redis as Scripted;
  // `defineCommand` sends EVALSHA and falls back to EVAL once per script (also after a restart).
  // The names carry the scripts' version: each copy of this package on a shared connection (an older
  // one during an upgrade) defines its names once and finds its own scripts under them.
  if (typeof scripted.contractDedupeClaimV2 !== "function") {
    redis.defineCommand("contractDedupeClaimV2", { numberOfKeys: 1, lua: CLAIM });
    redis.defineCommand("contractDedupeCompleteV2", { numberOfKeys: 1, lua: COMPLETE });
    redis.defineCommand("contractDedupeReleaseV2", { numberOfKeys: 1, lua: RELEASE });
  }
  return scripted;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be a positive number of ms`);
  return Math.floor(value);
}

/**
 * The receiver's `DedupeStore` on Redis, shared by every process and instance that points at the
 * same Redis. One key per delivery id, each step one atomic Lua script:
 *
 * - `claim`: the key is absent → set it `pending` with a lease (`PX leaseMs`) → `new`;
 *   `done` → `done`; `pending` → `pending`. A process that dies holding a claim lets it lapse.
 * - `complete`: set it `done` for the window (`PX ttlMs`, default 3 days).
 * - `release`: delete it while it is `pending` (a `done` mark is never deleted).
 */
import type { ClaimState, DedupeStore } from "@contract/runtime/webhooks";
import type { Cluster, Redis } from "ioredis";

export const DEFAULT_REDIS_DEDUPE_TTL_MS = 3 * 24 * 3600 * 1000;
export const DEFAULT_REDIS_LEASE_MS = 10 * 60 * 1000;
export const DEFAULT_KEY_PREFIX = "contract";

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
  claim(deliveryId: string): Promise<ClaimState>;
  complete(deliveryId: string): Promise<void>;
  release(deliveryId: string): Promise<void>;
  /** The Redis key of a delivery id (for inspection). */
  keyOf(deliveryId: string): string;
}

const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v == 'done' then return 'done' end
if v then return 'pending' end
redis.call('SET', KEYS[1], 'pending', 'PX', ARGV[1])
return 'new'`;
const COMPLETE = `redis.call('SET', KEYS[1], 'done', 'PX', ARGV[1]) return 1`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == 'pending' then return redis.call('DEL', KEYS[1]) end
return 0`;

type Scripted = (Redis | Cluster) & {
  contractDedupeClaim(key: string, leaseMs: number): Promise<string>;
  contractDedupeComplete(key: string, ttlMs: number): Promise<number>;
  contractDedupeRelease(key: string): Promise<number>;
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
      const state = await client.contractDedupeClaim(keyOf(id), leaseMs);
      if (state !== "new" && state !== "pending" && state !== "done") {
        throw new Error(`unexpected claim answer from Redis: ${String(state)}`);
      }
      return state;
    },
    async complete(id) {
      await client.contractDedupeComplete(keyOf(id), ttlMs);
    },
    async release(id) {
      await client.contractDedupeRelease(keyOf(id));
    },
  };
}

function defineScripts(redis: Redis | Cluster): Scripted {
  const scripted = redis as Scripted;
  // `defineCommand` sends EVALSHA and falls back to EVAL once per script (also after a restart).
  if (typeof scripted.contractDedupeClaim !== "function") {
    redis.defineCommand("contractDedupeClaim", { numberOfKeys: 1, lua: CLAIM });
    redis.defineCommand("contractDedupeComplete", { numberOfKeys: 1, lua: COMPLETE });
    redis.defineCommand("contractDedupeRelease", { numberOfKeys: 1, lua: RELEASE });
  }
  return scripted;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be a positive number of ms`);
  return Math.floor(value);
}

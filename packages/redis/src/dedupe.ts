/**
 * The receiver's `DedupeStore` on Redis, shared by every process and instance that points at the
 * same Redis. One key per delivery id, each step atomic in a Lua script:
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
 *
 * Claims (and completions) made in the same turn of the event loop — a worker's concurrent
 * deliveries — go to Redis as ONE script call over all their keys (`claimMany`, `completeMany`): the
 * script does for each key exactly what a claim of that key alone does, so each id's outcome is the
 * same as if it had been claimed by itself, in the order of the calls. On a Redis Cluster a script's
 * keys must share a hash slot, and delivery ids spread over all slots: there each id keeps a call of
 * its own. (A hash tag per namespace would put them in one slot, but it would rename every existing
 * key — the ids already marked done would be forgotten — and put a namespace on one node.)
 */
import { randomUUID } from "node:crypto";
import type { Claim, DedupeStore } from "@contract/runtime/webhooks";
import type { Cluster, Redis } from "ioredis";
import { batchedPerTurn } from "./same-turn.js";

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

/** A claim to complete: the delivery id and the token its `claim` answered. */
export interface OwnedClaim {
  deliveryId: string;
  token: string;
}

export interface RedisDedupeStore extends DedupeStore {
  claim(deliveryId: string): Promise<Claim>;
  complete(deliveryId: string, token: string): Promise<boolean>;
  release(deliveryId: string, token: string): Promise<boolean>;
  /**
   * Claims several ids in one call to Redis (one per id on a Cluster), each as `claim` would, in
   * their order: an id given twice is claimed by the first and `pending` for the second.
   */
  claimMany(deliveryIds: readonly string[]): Promise<Claim[]>;
  /** Completes several claims in one call to Redis (one per claim on a Cluster), each as `complete` would. */
  completeMany(claims: readonly OwnedClaim[]): Promise<boolean[]>;
  /** The Redis key of a delivery id (for inspection). */
  keyOf(deliveryId: string): string;
}

// Both scripts take any number of keys, one per delivery id. ARGV[1]: the lease (claim) or window
// (complete) in ms; ARGV[i + 1]: the pending value (`pending:<token>`) of KEYS[i]. Keys are handled
// in order, each exactly as a call for it alone would be.
// Claim answers per key: 0 claimed, 1 pending, 2 done.
const CLAIM = `
local answers = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if v == 'done' then answers[i] = 2
  elseif v then answers[i] = 1
  else
    redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1])
    answers[i] = 0
  end
end
return answers`;
// Complete answers per key: 1 marked done, 0 left alone (another claim, or done already).
const COMPLETE = `
local answers = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if v and v ~= ARGV[i + 1] then answers[i] = 0
  else
    redis.call('SET', key, 'done', 'PX', ARGV[1])
    answers[i] = 1
  end
end
return answers`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const CLAIM_STATES = ["claimed", "pending", "done"] as const;

type Scripted = (Redis | Cluster) & {
  // numkeys, the keys, then the lease or window, then one pending value per key.
  contractDedupeClaimV3(...args: (string | number)[]): Promise<number[]>;
  contractDedupeCompleteV3(...args: (string | number)[]): Promise<number[]>;
  contractDedupeReleaseV2(key: string, pending: string): Promise<number>;
};

/**
 * A `DedupeStore` on a Redis connection you own (and close). Any ioredis `Redis` or `Cluster`
 * works: on a Cluster each step touches one key, so it runs on one cluster slot.
 */
export function redisDedupeStore(redis: Redis | Cluster, options: RedisDedupeOptions = {}): RedisDedupeStore {
  const ttlMs = positive(options.ttlMs ?? DEFAULT_REDIS_DEDUPE_TTL_MS, "ttlMs");
  const leaseMs = positive(options.leaseMs ?? DEFAULT_REDIS_LEASE_MS, "leaseMs");
  const base = `${options.prefix ?? DEFAULT_KEY_PREFIX}:dedupe:${options.namespace ?? "webhooks"}:`;
  const client = defineScripts(redis);
  const keyOf = (id: string) => base + id;
  // One script call for all the keys, except on a Cluster (one slot per call): one call per key.
  const inOneSlot = !redis.isCluster;

  async function claimMany(ids: readonly string[]): Promise<Claim[]> {
    if (ids.length === 0) return [];
    if (!inOneSlot && ids.length > 1) return (await Promise.all(ids.map((id) => claimMany([id])))).flat();
    // randomUUID draws from a cached pool of entropy: about 0.1–0.3 µs against 6–7 µs for
    // randomBytes(16) as hex, which asked the system for each claim (3% of a GitHub worker's
    // busy time in a CPU profile).
    const tokens = ids.map(() => randomUUID());
    const answers = await client.contractDedupeClaimV3(
      ids.length,
      ...ids.map(keyOf),
      leaseMs,
      ...tokens.map((token) => PENDING + token),
    );
    return ids.map((_, i) => {
      const state = CLAIM_STATES[answers[i] as number];
      if (state === undefined) throw new Error(`unexpected claim answer from Redis: ${String(answers[i])}`);
      return state === "claimed" ? { state, token: tokens[i] as string } : { state };
    });
  }

  async function completeMany(claims: readonly OwnedClaim[]): Promise<boolean[]> {
    if (claims.length === 0) return [];
    if (!inOneSlot && claims.length > 1)
      return (await Promise.all(claims.map((claim) => completeMany([claim])))).flat();
    const answers = await client.contractDedupeCompleteV3(
      claims.length,
      ...claims.map((c) => keyOf(c.deliveryId)),
      ttlMs,
      ...claims.map((c) => PENDING + c.token),
    );
    return claims.map((_, i) => answers[i] === 1);
  }

  // A worker's deliveries claim and complete in the same turns: each turn's calls become one.
  const claimInTurn = batchedPerTurn(claimMany);
  const completeInTurn = batchedPerTurn(completeMany);
  return {
    keyOf,
    claimMany,
    completeMany,
    claim: (id) => claimInTurn(id),
    complete: (deliveryId, token) => completeInTurn({ deliveryId, token }),
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
  if (typeof scripted.contractDedupeClaimV3 !== "function") {
    // No `numberOfKeys`: each call passes its number of keys first.
    redis.defineCommand("contractDedupeClaimV3", { lua: CLAIM });
    redis.defineCommand("contractDedupeCompleteV3", { lua: COMPLETE });
  }
  if (typeof scripted.contractDedupeReleaseV2 !== "function")
    redis.defineCommand("contractDedupeReleaseV2", { numberOfKeys: 1, lua: RELEASE });
  return scripted;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 1) throw new RangeError(`${name} must be a positive number of ms`);
  return Math.floor(value);
}

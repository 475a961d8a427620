/**
 * Deleting raw-body hashes that no job refers to any more. A batch's hash (see `raw-bodies.ts`) is
 * deleted by the worker that completes its job; it stays behind when that worker dies between the
 * completion and the DEL, or when the request path wrote it and the job's add then failed.
 *
 * Why a sweep and not an expiry: a job may need its bodies for as long as it exists — waiting for
 * workers that are down, delayed by a backoff of hours or days, or failed as a whole and kept in
 * the failed set until someone replays it. No expiry is long enough for all of these and short
 * enough to matter. The sweep asks the one thing that decides it: is there a job that still refers
 * to the hash? Each batch job is named after its hash, and each hash is listed, by write time, in
 * the queue's bodies index; a hash older than `olderThanMs` whose job does not exist (or has
 * completed) is deleted, in one script with that check, so no job can come back in between. The
 * window covers an add that lands late (ioredis resends a command after a reconnection); a window
 * under a minute is refused unless asked for explicitly, since it could delete the bodies of a batch
 * whose add is still on its way. A hash still referred to is looked at again one window later.
 * Hashes written by versions before the index are listed in it by each sweep as it finds them, and
 * their job is looked up by what the queue's jobs refer to: see `legacy-bodies.ts`.
 */
import type { Queue } from "bullmq";
import {
  adoptLegacyBodies,
  isLegacyBodiesKey,
  type LegacyBodiesClient,
  legacyBodiesReferences,
} from "./legacy-bodies.js";
import { BODIES_INDEX, jobIdOfBodiesKey } from "./raw-bodies.js";

/** What a sweep needs of a queue (any job data). */
export type SweptQueue = Pick<Queue, "client" | "toKey">;

export interface BodiesSweepOptions {
  /** Only hashes written (or last found referred to) longer ago than this. Default a day. */
  olderThanMs?: number;
  /**
   * Take an `olderThanMs` under a minute (`MIN_SWEEP_WINDOW_MS`), e.g. in tests. Such a window can
   * delete the bodies of a batch whose job's add is still in flight (resent after a reconnection).
   */
  allowShortWindow?: boolean;
}

export interface BodiesSweepResult {
  /** Hashes deleted: no job referred to them. */
  deleted: number;
  /** Hashes looked at and kept: their job still exists (waiting, delayed, active or failed). */
  kept: number;
  /** Hashes written by versions before the bodies index, found and listed in it (scored now). */
  adopted: number;
}

export const DEFAULT_ORPHAN_AGE_MS = 24 * 3600_000;
/** The shortest window taken without `allowShortWindow`: room for an add resent after a reconnection. */
export const MIN_SWEEP_WINDOW_MS = 60_000;
const DEFAULT_SWEEP_EVERY_MS = 3600_000;
/** Index entries looked at per round trip. */
const SWEEP_PAGE = 100;

/**
 * KEYS: the hash, the bodies index, the queue's completed set, then the hashes of the jobs that may
 * refer to it (its batch job; for a legacy hash, every job found referring to it, maybe none).
 * ARGV: now, then those jobs' ids. A job that exists and has not completed keeps the bodies
 * (looked at again later); otherwise the hash and its index entry go.
 */
const SWEEP_ONE = `
for i = 4, #KEYS do
  if redis.call("EXISTS", KEYS[i]) == 1 and not redis.call("ZSCORE", KEYS[3], ARGV[i - 2]) then
    redis.call("ZADD", KEYS[2], "XX", ARGV[1], KEYS[1])
    return 0
  end
end
redis.call("DEL", KEYS[1])
redis.call("ZREM", KEYS[2], KEYS[1])
return 1
`;

interface SweepClient extends LegacyBodiesClient {
  zrangebyscore(
    key: string,
    min: string,
    max: number,
    limit: "LIMIT",
    offset: number,
    count: number,
  ): Promise<string[]>;
  set(key: string, value: string, unit: "PX", ms: number, nx: "NX"): Promise<string | null>;
}

/**
 * The window of a sweep with these options; throws when it is under `MIN_SWEEP_WINDOW_MS` and
 * that was not asked for with `allowShortWindow` (or is not a number of milliseconds).
 */
export function sweepWindowOf(options: BodiesSweepOptions): number {
  const olderThanMs = options.olderThanMs ?? DEFAULT_ORPHAN_AGE_MS;
  if (Number.isNaN(olderThanMs) || (olderThanMs < MIN_SWEEP_WINDOW_MS && options.allowShortWindow !== true)) {
    throw new RangeError(
      `sweepOrphanedBodies: olderThanMs ${olderThanMs} is under a minute: it can delete the bodies of a batch whose add is still in flight (ioredis resends a command after a reconnection). Pass allowShortWindow: true to sweep with it anyway.`,
    );
  }
  return olderThanMs;
}

/**
 * Deletes the queue's raw-body hashes that no job refers to any more and that are older than
 * `olderThanMs`; first lists in the index the hashes written by versions before it. Safe to run at
 * any time and from any number of processes.
 */
export async function sweepOrphanedBodies(
  queue: SweptQueue,
  options: BodiesSweepOptions = {},
): Promise<BodiesSweepResult> {
  const before = Date.now() - sweepWindowOf(options);
  const client = (await queue.client) as unknown as SweepClient;
  const index = queue.toKey(BODIES_INDEX);
  const completed = queue.toKey("completed");
  const queuePrefix = queue.toKey("");
  const adopted = await adoptLegacyBodies(client, queuePrefix, index, Date.now());
  const result: BodiesSweepResult = { deleted: 0, kept: 0, adopted };
  // Looked up once per sweep, when a legacy hash is due: a job that refers to one was added
  // within a window of its write, so before the adoption that scored it, so before this lookup.
  let legacy: Map<string, string[]> | undefined;
  for (;;) {
    // Each entry looked at leaves this range: deleted, or scored anew (after `before`).
    const keys = await client.zrangebyscore(index, "-inf", before, "LIMIT", 0, SWEEP_PAGE);
    if (keys.length === 0) return result;
    if (legacy === undefined && keys.some(isLegacyBodiesKey))
      legacy = await legacyBodiesReferences(client, queuePrefix);
    // (Later than `before` even within the same millisecond, so that kept ones leave the range.)
    const now = Math.max(Date.now(), before + 1);
    const outcomes = await Promise.all(
      keys.map((key) => {
        const jobIds = isLegacyBodiesKey(key) ? (legacy?.get(key) ?? []) : [jobIdOfBodiesKey(key)];
        const jobKeys = jobIds.map((id) => queue.toKey(id));
        return client.eval(SWEEP_ONE, 3 + jobIds.length, key, index, completed, ...jobKeys, now, ...jobIds);
      }),
    );
    for (const deleted of outcomes) {
      if (deleted === 1) result.deleted++;
      else result.kept++;
    }
  }
}

/**
 * Sweeps now and every `everyMs`, once per period across all the processes that call it for the
 * queue (the first to set the period's lock key sweeps). Errors are left to the next period.
 */
export function sweepEvery(
  queueOf: () => SweptQueue,
  options: BodiesSweepOptions & { everyMs?: number },
): { stop(): void } {
  const everyMs = options.everyMs ?? DEFAULT_SWEEP_EVERY_MS;
  const sweep = async () => {
    const queue = queueOf();
    const client = (await queue.client) as unknown as SweepClient;
    if ((await client.set(queue.toKey("bodies:sweeping"), "1", "PX", everyMs, "NX")) === null) return;
    await sweepOrphanedBodies(queue, options);
  };
  const start = () => void sweep().catch(() => {});
  start();
  const timer = setInterval(start, everyMs);
  timer.unref();
  return {
    // A sweep under way is not waited for: during a Redis outage it would hold the shutdown, and
    // one cut short (its connection closed) deletes nothing it should not.
    stop: () => clearInterval(timer),
  };
}

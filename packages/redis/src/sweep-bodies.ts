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
 * the queue's bodies index; write times and the sweep's cut-off are both read from Redis' clock
 * (`TIME`), so hosts whose clocks disagree by more than the window change nothing; a hash older than `olderThanMs` whose job does not exist (or has
 * completed) is deleted, in one script with that check, so no job can come back in between. The
 * window covers an add that lands late (ioredis resends a command after a reconnection); a window
 * under a minute is refused unless asked for explicitly, since it could delete the bodies of a batch
 * whose add is still on its way. A hash still referred to is looked at again one window later.
 */
import type { Queue } from "bullmq";
import { BODIES_INDEX, jobIdOfBodiesKey } from "./raw-bodies.js";
import { REDIS_NOW_MS_LUA, redisScript, runScript, type ScriptHost } from "./scripts.js";

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
}

export const DEFAULT_ORPHAN_AGE_MS = 24 * 3600_000;
/** The shortest window taken without `allowShortWindow`: room for an add resent after a reconnection. */
export const MIN_SWEEP_WINDOW_MS = 60_000;
const DEFAULT_SWEEP_EVERY_MS = 3600_000;
/** The longest wait a Node timer takes (2^31 − 1 ms, about 24.8 days); past it Node waits 1 ms. */
const MAX_SWEEP_EVERY_MS = 2 ** 31 - 1;
/** Index entries looked at per round trip. */
const SWEEP_PAGE = 100;

/**
 * KEYS: the hash, the bodies index, the job's hash, the queue's completed set. ARGV: job id, the
 * sweep's cut-off. A job that exists and has not completed keeps its bodies, scored anew at Redis'
 * `TIME` (at least a millisecond past the cut-off, so that it leaves the sweep's range and is
 * looked at again a window later); otherwise the hash and its index entry go.
 */
const SWEEP_ONE = redisScript<
  [key: string, index: string, job: string, completed: string, jobId: string, cutoff: number],
  number
>(
  "contractSweepBodyV1",
  4,
  `${REDIS_NOW_MS_LUA}
if redis.call("EXISTS", KEYS[3]) == 1 and not redis.call("ZSCORE", KEYS[4], ARGV[1]) then
  local now = math.max(redis_now_ms(), tonumber(ARGV[2]) + 1)
  redis.call("ZADD", KEYS[2], "XX", now, KEYS[1])
  return 0
end
redis.call("DEL", KEYS[1])
redis.call("ZREM", KEYS[2], KEYS[1])
return 1
`,
);

interface SweepClient extends ScriptHost {
  zrangebyscore(
    key: string,
    min: string,
    max: number,
    limit: "LIMIT",
    offset: number,
    count: number,
  ): Promise<string[]>;
  time(): Promise<[string, string]>;
  set(key: string, value: string, unit: "PX", ms: number, nx: "NX"): Promise<string | null>;
}

/** Redis' `TIME` answer (seconds, microseconds) in milliseconds since the epoch. */
const redisMillisOf = ([seconds, micros]: [string, string]) =>
  Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);

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
 * The period of the sweeps with these options; throws when it is not a number of milliseconds
 * from 1 to `MAX_SWEEP_EVERY_MS`. Node's timers turn 0, a negative number, NaN and anything past
 * their limit into 1 ms, which would sweep (and set the period's lock) every millisecond.
 */
export function sweepPeriodOf(options: { everyMs?: number }): number {
  const everyMs = options.everyMs ?? DEFAULT_SWEEP_EVERY_MS;
  if (!(everyMs >= 1 && everyMs <= MAX_SWEEP_EVERY_MS)) {
    throw new RangeError(
      `sweepOrphanedBodies: everyMs ${everyMs} is not a period a timer can wait: give a number of milliseconds from 1 to ${MAX_SWEEP_EVERY_MS} (about 24.8 days), or sweepOrphanedBodies: false for no sweeps.`,
    );
  }
  return everyMs;
}

/**
 * Deletes the queue's raw-body hashes that no job refers to any more and that are older than
 * `olderThanMs`. Safe to run at any time and from any number of processes.
 */
export async function sweepOrphanedBodies(
  queue: SweptQueue,
  options: BodiesSweepOptions = {},
): Promise<BodiesSweepResult> {
  const window = sweepWindowOf(options);
  const client = (await queue.client) as unknown as SweepClient;
  const index = queue.toKey(BODIES_INDEX);
  const completed = queue.toKey("completed");
  const result: BodiesSweepResult = { deleted: 0, kept: 0 };
  // The cut-off on Redis' clock, the one the index is scored by: this host's clock plays no part.
  // One for the whole sweep, so that the entries it keeps (scored anew past it) are not seen again.
  const before = redisMillisOf(await client.time()) - window;
  for (;;) {
    // Each entry looked at leaves this range: deleted, or scored anew (after `before`).
    const keys = await client.zrangebyscore(index, "-inf", before, "LIMIT", 0, SWEEP_PAGE);
    if (keys.length === 0) return result;
    const outcomes = await Promise.all(
      keys.map((key) => {
        const jobId = jobIdOfBodiesKey(key);
        return runScript(client, SWEEP_ONE, key, index, queue.toKey(jobId), completed, jobId, before);
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
  const everyMs = sweepPeriodOf(options);
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

/**
 * Raw delivery bodies kept in Redis beside the batch job that refers to them: one hash per batch,
 * one field per delivery, the exact bytes that were signed. ioredis writes a Buffer argument as it
 * is, so the request path never turns a body into a string, escapes it into the job's JSON or
 * measures that JSON; a worker reads the bytes back with the Buffer variant of HGETALL and parses
 * them once.
 *
 * Life of a batch's hash: written just before its job, on the same connection (see `addBatch` in
 * `queued-receiver.ts`), deleted when the job completes. A job that fails for good keeps its hash for as long
 * as it stays in the failed set, so a replay finds the bodies. There is no expiry: an acknowledged
 * delivery's bytes must not lapse while its job waits (a queue may wait for its workers for as
 * long as they are down, a retry's backoff may be days, a dead letter may be replayed months on).
 * Instead each hash is listed in the queue's bodies index (a sorted set, by write time) and named
 * after its job (the batch job's id is the hash's last key segment), so that a hash no job refers
 * to any more (its worker died between the job's completion and the DEL, or the job's add failed
 * after the HSET) can be told apart and deleted: see `sweep-bodies.ts`.
 *
 * A delivery of a batch is settled once its run is over: handled, or handed to a job of its own
 * (which carries its body inline). Its body field `<i>` is then replaced by a marker field `s<i>`
 * (see `settleBodies`), so that any later run of the batch — a stall retry, a replay of the batch
 * failed as a whole — skips it even when the workers' de-duplication store no longer remembers it
 * (its window passed, or its keys were evicted), and the inspector lists only the deliveries that
 * still have to run.
 */
import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import { REDIS_NOW_MS_LUA, redisScript, runScript, type ScriptHost } from "./scripts.js";

/**
 * The commands used on a worker's connection, as ioredis has them (BullMQ's client for an ioredis
 * connection forwards them to it).
 */
export interface BodiesClient {
  hgetallBuffer(key: string): Promise<Record<string, Buffer>>;
  hkeys(key: string): Promise<string[]>;
  del(...keys: string[]): Promise<number>;
  zrem(key: string, ...members: string[]): Promise<number>;
  set(key: string, value: string, unit: "PX", ms: number): Promise<unknown>;
  exists(...keys: string[]): Promise<number>;
}

/**
 * How long a completed batch's marker outlives its bodies. A batch job can be added twice (ioredis
 * resends an add whose answer a dropped connection lost, after Redis had run it); the copy that
 * runs after the first completed finds the marker instead of the bodies and completes without
 * running anything, rather than dead-lettering deliveries that were handled. Such a copy comes
 * right after the reconnection; the marker (a short key per batch, not the bodies) can be brief.
 */
export const COMPLETED_MARKER_MS = 10 * 60_000;

const completedMarkerOf = (key: string) => `${key}:completed`;

/** The queue's connection (ioredis, or BullMQ's wrapper of it: both take a field → value object). */
export interface BodiesWriter extends ScriptHost {
  hset(key: string, fields: Record<string, Buffer>): Promise<number>;
}

/** Where a queued delivery's raw body is: field `bodyField` of the hash `bodyKey`. */
export interface BodyReference {
  bodyKey?: string;
  bodyField?: string;
}

/** A body written inline in the job data (earlier versions, and deliveries split out of a batch). */
export interface InlineBody {
  body?: string;
  bodyEncoding?: "utf8";
}

/**
 * A new batch: its job id and the key of its bodies' hash, named after the job. Under the queue's
 * own key prefix, so that with a hash tag in the prefix (Redis Cluster) it lands in the queue's
 * slot, on the node that stores the job.
 */
export function newBatch(prefix: string, queueName: string): { jobId: string; key: string } {
  const jobId = `batch-${randomUUID()}`;
  return { jobId, key: `${prefix}:${queueName}:bodies:${jobId}` };
}

/**
 * The queue's bodies index, `<prefix>:<queue>:` + this: every batch hash written, scored by when
 * (ms since the epoch) on Redis' clock — the clock the sweep compares with, so that hosts whose
 * clocks disagree neither sweep a batch whose add is still in flight nor never sweep at all.
 * (Entries written by earlier versions carry the writer's clock: read as they are.)
 */
export const BODIES_INDEX = "bodies:index";

/** The index a hash key is listed in (a sibling key: `…:bodies:<job id>` → `…:bodies:index`). */
const indexOfKey = (key: string) => `${key.slice(0, key.lastIndexOf(":"))}:index`;

/** The batch job a hash key is named after (its last segment). */
export const jobIdOfBodiesKey = (key: string) => key.slice(key.lastIndexOf(":") + 1);

/** KEYS: the bodies index, a batch's hash. Lists the hash in the index, scored by Redis' `TIME` in ms. */
const INDEX = redisScript<[index: string, key: string], unknown>(
  "contractIndexBodiesV1",
  2,
  `${REDIS_NOW_MS_LUA}
redis.call("ZADD", KEYS[1], redis_now_ms(), KEYS[2])
return 1
`,
);

/**
 * Sends the HSET of a batch's bodies (field = index in the batch) and lists the hash in the
 * queue's bodies index (see `sweep-bodies.ts`). The HSET stays a plain command, sent first, so that
 * Redis runs it before the job's add sent after it: a script's EVALSHA that Redis does not know yet
 * is sent again as EVAL, after whatever followed it. The index entry's order does not matter.
 */
export function writeBodies(client: BodiesWriter, key: string, bodies: readonly Buffer[]): Promise<unknown> {
  const fields: Record<string, Buffer> = {};
  for (let i = 0; i < bodies.length; i++) fields[i] = bodies[i] as Buffer;
  return Promise.all([client.hset(key, fields), runScript(client, INDEX, indexOfKey(key), key)]);
}

/** The marker field that stands for a settled delivery's body field (`<i>` → `s<i>`). */
export const settledFieldOf = (bodyField: string) => `s${bodyField}`;

/** A delivery whose run in its batch is over (see `settleBodies`): not to be run again. */
export const SETTLED = Symbol("settled");

/** A delivery's body as a batch run finds it: the bytes, `SETTLED`, or `undefined` (missing). */
export type StoredBody = Buffer | typeof SETTLED | undefined;

/**
 * The raw bodies of a job's deliveries, in order: from Redis for those that refer to a hash (one
 * HGETALL per distinct hash), decoded from the job data for inline ones. `SETTLED` where the hash
 * holds the delivery's settled marker instead of its body, `undefined` where it holds neither.
 */
export async function loadStoredBodies(
  client: BodiesClient,
  deliveries: readonly (BodyReference & InlineBody)[],
): Promise<StoredBody[]> {
  const hashes = new Map<string, Promise<Record<string, Buffer>>>();
  for (const d of deliveries) {
    if (d.bodyKey !== undefined && !hashes.has(d.bodyKey))
      hashes.set(d.bodyKey, client.hgetallBuffer(d.bodyKey));
  }
  const fetched = new Map<string, Record<string, Buffer>>();
  for (const [key, hash] of hashes) fetched.set(key, await hash);
  return deliveries.map((d) => {
    if (d.bodyKey === undefined) return inlineBodyOf(d);
    const hash = fetched.get(d.bodyKey);
    if (d.bodyField === undefined || hash === undefined) return undefined;
    if (Object.hasOwn(hash, d.bodyField)) return hash[d.bodyField];
    return Object.hasOwn(hash, settledFieldOf(d.bodyField)) ? SETTLED : undefined;
  });
}

/**
 * The raw bodies of a job's deliveries, in order (see `loadStoredBodies`); `undefined` where a
 * referenced body is not in Redis, settled or missing.
 */
export async function loadBodies(
  client: BodiesClient,
  deliveries: readonly (BodyReference & InlineBody)[],
): Promise<(Buffer | undefined)[]> {
  return (await loadStoredBodies(client, deliveries)).map((body) => (body === SETTLED ? undefined : body));
}

/**
 * Which of a job's deliveries are settled, in order (one HKEYS per distinct hash: the bodies
 * themselves are not read). A delivery with its body inline is never settled.
 */
export async function settledIn(
  client: Pick<BodiesClient, "hkeys">,
  deliveries: readonly BodyReference[],
): Promise<boolean[]> {
  const fields = new Map<string, Set<string>>();
  await Promise.all(
    bodyKeysOf(deliveries).map(async (key) => {
      fields.set(key, new Set(await client.hkeys(key)));
    }),
  );
  return deliveries.map((d) =>
    d.bodyKey !== undefined && d.bodyField !== undefined
      ? (fields.get(d.bodyKey)?.has(settledFieldOf(d.bodyField)) ?? false)
      : false,
  );
}

/**
 * KEYS: a batch's hash; ARGV: body fields. Each field still holding a body is replaced by its
 * settled marker; a field already settled, or a hash already deleted (its batch completed), is
 * left as it is — a marker is never written into a hash that is gone, which no job would delete.
 * Returns how many were settled.
 */
const SETTLE = redisScript<[key: string, ...fields: string[]], number>(
  "contractSettleBodiesV1",
  1,
  `
local settled = 0
for i = 1, #ARGV do
  if redis.call("HDEL", KEYS[1], ARGV[i]) == 1 then
    redis.call("HSET", KEYS[1], "s" .. ARGV[i], "1")
    settled = settled + 1
  end
end
return settled
`,
);

/** The worker's connection, which the settle script runs on. */
export type SettleClient = ScriptHost;

/**
 * Marks deliveries of batches settled: their body fields become settled markers (see `SETTLE`).
 * One script call per hash, each hash's fields together (a hash is one key: on a Cluster each
 * call stays in one slot).
 */
export async function settleBodies(
  client: SettleClient,
  deliveries: readonly BodyReference[],
): Promise<void> {
  const fieldsByKey = new Map<string, string[]>();
  for (const d of deliveries) {
    if (d.bodyKey === undefined || d.bodyField === undefined) continue;
    const fields = fieldsByKey.get(d.bodyKey);
    if (fields) fields.push(d.bodyField);
    else fieldsByKey.set(d.bodyKey, [d.bodyField]);
  }
  await Promise.all([...fieldsByKey].map(([key, fields]) => runScript(client, SETTLE, key, ...fields)));
}

const bodyKeysOf = (deliveries: readonly BodyReference[]) => [
  ...new Set(deliveries.flatMap((d) => (d.bodyKey === undefined ? [] : [d.bodyKey]))),
];

/**
 * Deletes the hashes the deliveries refer to (their job completed), leaving a completed marker
 * for `COMPLETED_MARKER_MS` (set first: at no moment is neither there), and takes them off the
 * bodies index.
 */
export async function deleteBodies(
  client: BodiesClient,
  deliveries: readonly BodyReference[],
): Promise<void> {
  // One key at a time: in a cluster, keys of several batches need not share a slot.
  await Promise.all(
    bodyKeysOf(deliveries).map((key) =>
      Promise.all([
        client.set(completedMarkerOf(key), "1", "PX", COMPLETED_MARKER_MS),
        client.del(key),
        client.zrem(indexOfKey(key), key),
      ]),
    ),
  );
}

/** Whether a job with these deliveries already completed (its bodies were deleted on completion). */
export async function completedBefore(
  client: BodiesClient,
  deliveries: readonly BodyReference[],
): Promise<boolean> {
  const keys = bodyKeysOf(deliveries);
  if (keys.length === 0) return false;
  const found = await Promise.all(keys.map((key) => client.exists(completedMarkerOf(key))));
  return found.every((n) => n > 0);
}

/** The bytes of an inline body (`utf8`: its text; otherwise base64, as earlier versions wrote). */
export function inlineBodyOf(data: InlineBody): Buffer {
  if (typeof data.body !== "string") throw new UnrecoverableError("the queued delivery has no body");
  return Buffer.from(data.body, data.bodyEncoding === "utf8" ? "utf8" : "base64");
}

/** A body as inline job data: its text when it is valid UTF-8 (a quarter smaller than base64), else base64. */
export function inlineBody(bytes: Buffer): { body: string; bodyEncoding?: "utf8" } {
  return isUtf8(bytes)
    ? { body: bytes.toString("utf8"), bodyEncoding: "utf8" }
    : { body: bytes.toString("base64") };
}

/** The error of a delivery whose referenced body is gone (its hash was deleted or never written). */
export function missingBodyMessage(data: BodyReference): string {
  return `the delivery's raw body is not in Redis (hash ${data.bodyKey}, field ${data.bodyField}); it cannot be processed`;
}

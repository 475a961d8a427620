/**
 * Raw delivery bodies kept in Redis beside the batch job that refers to them: one hash per batch,
 * one field per delivery, the exact bytes that were signed. ioredis writes a Buffer argument as it
 * is, so the request path never turns a body into a string, escapes it into the job's JSON or
 * measures that JSON; a worker reads the bytes back with the Buffer variant of HGETALL and parses
 * them once.
 *
 * Life of a batch's hash: written just before its job, on the same connection (see `addBatch` in
 * `queue.ts`), deleted when the job completes. A job that fails for good keeps its hash for as long
 * as it stays in the failed set, so a replay finds the bodies. There is no expiry: an acknowledged
 * delivery's bytes must not lapse while its job waits (a queue may wait for its workers for as
 * long as they are down, a retry's backoff may be days, a dead letter may be replayed months on).
 * Instead each hash is listed in the queue's bodies index (a sorted set, by write time) and named
 * after its job (the batch job's id is the hash's last key segment), so that a hash no job refers
 * to any more (its worker died between the job's completion and the DEL, or the job's add failed
 * after the HSET) can be told apart and deleted: see `sweep-bodies.ts`.
 */
import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";

/**
 * The commands used on a worker's connection, as ioredis has them (BullMQ's client for an ioredis
 * connection forwards them to it).
 */
export interface BodiesClient {
  hgetallBuffer(key: string): Promise<Record<string, Buffer>>;
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
export interface BodiesWriter {
  hset(key: string, fields: Record<string, Buffer>): Promise<number>;
  zadd(key: string, score: number, member: string): Promise<unknown>;
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
 * (ms since the epoch).
 */
export const BODIES_INDEX = "bodies:index";

/** The index a hash key is listed in (a sibling key: `…:bodies:<job id>` → `…:bodies:index`). */
const indexOfKey = (key: string) => `${key.slice(0, key.lastIndexOf(":"))}:index`;

/** The batch job a hash key is named after (its last segment). */
export const jobIdOfBodiesKey = (key: string) => key.slice(key.lastIndexOf(":") + 1);

/**
 * Sends the HSET of a batch's bodies (field = index in the batch) and lists the hash in the
 * queue's bodies index (see `sweep-bodies.ts`).
 */
export function writeBodies(
  client: BodiesWriter,
  key: string,
  bodies: readonly Buffer[],
  now = Date.now(),
): Promise<unknown> {
  const fields: Record<string, Buffer> = {};
  for (let i = 0; i < bodies.length; i++) fields[i] = bodies[i] as Buffer;
  return Promise.all([client.hset(key, fields), client.zadd(indexOfKey(key), now, key)]);
}

/**
 * The raw bodies of a job's deliveries, in order: from Redis for those that refer to a hash (one
 * HGETALL per distinct hash), decoded from the job data for inline ones. `undefined` where a
 * referenced body is not in Redis.
 */
export async function loadBodies(
  client: BodiesClient,
  deliveries: readonly (BodyReference & InlineBody)[],
): Promise<(Buffer | undefined)[]> {
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
    return d.bodyField !== undefined && hash !== undefined && Object.hasOwn(hash, d.bodyField)
      ? hash[d.bodyField]
      : undefined;
  });
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

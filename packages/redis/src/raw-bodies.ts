/**
 * Raw delivery bodies kept in Redis beside the batch job that refers to them: one hash per batch,
 * one field per delivery, the exact bytes that were signed. ioredis writes a Buffer argument as it
 * is, so the request path never turns a body into a string, escapes it into the job's JSON or
 * measures that JSON; a worker reads the bytes back with the Buffer variant of HGETALL and parses
 * them once.
 *
 * Life of a batch's hash: written just before its job, on the same connection (see `addBatch` in
 * `queue.ts`), deleted when the job completes. A job that fails for good keeps its hash for as long as it stays in the failed
 * set, so a replay finds the bodies. There is no expiry: an acknowledged delivery's bytes must not
 * lapse while its job waits (a queue may wait for its workers for as long as they are down).
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
}

/** The queue's connection (ioredis, or BullMQ's wrapper of it: both take a field → value object). */
export interface BodiesWriter {
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
 * A new hash key for one batch's bodies. Under the queue's own key prefix, so that with a hash tag
 * in the prefix (Redis Cluster) it lands in the queue's slot and shares the job's MULTI.
 */
export function newBodiesKey(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:bodies:${randomUUID()}`;
}

/** Sends the HSET of a batch's bodies (field = index in the batch). */
export function writeBodies(client: BodiesWriter, key: string, bodies: readonly Buffer[]): Promise<number> {
  const fields: Record<string, Buffer> = {};
  for (let i = 0; i < bodies.length; i++) fields[i] = bodies[i] as Buffer;
  return client.hset(key, fields);
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

/** Deletes the hashes the deliveries refer to (their job completed). */
export async function deleteBodies(
  client: BodiesClient,
  deliveries: readonly BodyReference[],
): Promise<void> {
  const keys = [...new Set(deliveries.flatMap((d) => (d.bodyKey === undefined ? [] : [d.bodyKey])))];
  // One DEL per key: in a cluster, keys of several batches need not share a slot.
  await Promise.all(keys.map((key) => client.del(key)));
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

/**
 * What the request path of ack-then-process delivery (`queued-receiver.ts`) puts on the queue and
 * the workers (`delivery-worker.ts`) take off it: a verified delivery as it arrived, and how a job
 * is named and identified.
 */
import { createHash } from "node:crypto";
import type { IncomingDelivery, VerifiedDelivery } from "@contract/runtime/webhooks";
import type { ConnectionOptions } from "bullmq";
import { type BodyReference, type InlineBody, inlineBodyOf } from "./raw-bodies.js";

export const DEFAULT_QUEUE_NAME = "contract-webhooks";

/**
 * What a job holds: the delivery as it arrived, verified. Its raw body is either in Redis beside
 * the job (`bodyKey` + `bodyField`: batch jobs) or inline (`body`: single-delivery jobs, and every
 * job queued by earlier versions).
 */
export interface QueuedDelivery extends BodyReference, InlineBody {
  method: string;
  path: string;
  headers: Record<string, string>;
  /**
   * Inline raw body: its text when it is valid UTF-8 (`bodyEncoding: "utf8"`), else base64
   * (absent `bodyEncoding`, also how earlier versions wrote it). Absent when `bodyKey` is set.
   */
  body?: string;
  /** `utf8`: `body` is the body's text. Absent: base64. */
  bodyEncoding?: "utf8";
  /** Hash holding the raw body bytes (batch jobs), see `raw-bodies.ts`. */
  bodyKey?: string;
  /** The body's field in `bodyKey`. */
  bodyField?: string;
  deliveryId?: string;
  timestamp?: number;
  /** When it was acknowledged (ms since the epoch). */
  receivedAt: number;
  /** Attempts made in its batch before the delivery got a job of its own. */
  attemptsBefore?: number;
  /**
   * Set on a delivery whose run in its batch ended in an answer a retry cannot change (e.g. a
   * payload the contract rejects): its own job fails with this error on its first run, without
   * running the handler again, and so lands in the dead letters. A replay runs it normally.
   */
  failure?: string;
}

/** A job's data: one delivery (`delivery` jobs) or a group-committed batch of them (`deliveries` jobs). */
export type QueuedJobData = QueuedDelivery | QueuedDelivery[];

/** Job name of a batch of deliveries. */
export const BATCH_JOB_NAME = "deliveries";
/** Job name of a single delivery. */
export const DELIVERY_JOB_NAME = "delivery";

export interface QueueConnection {
  /** Anything BullMQ accepts: ioredis options (`{ host, port }`, cluster via an ioredis `Cluster`) or a client. */
  connection: ConnectionOptions;
  /** Queue name. Default `contract-webhooks`. */
  queueName?: string;
  /** BullMQ key prefix. Default `contract`. */
  prefix?: string;
}

/** Completed single-delivery jobs kept for inspection: the last 1,000, for a day. */
export const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };

/**
 * The raw body bytes a job holds inline (the exact bytes that were signed). A body kept in Redis
 * beside its batch job (`bodyKey`) is read with `loadBodies`.
 */
export function bodyOf(data: QueuedDelivery): Uint8Array {
  if (data.bodyKey !== undefined && data.body === undefined)
    throw new Error("the delivery's body is in Redis (bodyKey): read it with loadBodies");
  return new Uint8Array(inlineBodyOf(data));
}

/** Rebuilds the delivery a job holds; `body`: its raw bytes when they are not inline (see `loadBodies`). */
export function deliveryOf(
  data: QueuedDelivery,
  body: Uint8Array = bodyOf(data),
): { delivery: IncomingDelivery; verified: VerifiedDelivery } {
  const headers = data.headers;
  const verified: VerifiedDelivery = { ok: true };
  if (data.deliveryId !== undefined) verified.deliveryId = data.deliveryId;
  if (data.timestamp !== undefined) verified.timestamp = data.timestamp;
  return {
    delivery: {
      method: data.method,
      path: data.path,
      headers: (name) => (Object.hasOwn(headers, name) ? headers[name] : undefined),
      body,
    },
    verified,
  };
}

/** The delivery's id as the request path derived it: its header id, else the hash of its body. */
export function deliveryKeyOf(data: QueuedDelivery, body?: Uint8Array): string {
  return data.deliveryId ?? `sha256:${sha256(body ?? bodyOf(data))}`;
}

/** BullMQ job ids may not contain `:`; a hash keeps any delivery id usable. */
export function jobIdOf(deliveryId: string): string {
  return `d_${createHash("sha256").update(deliveryId).digest("hex").slice(0, 40)}`;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

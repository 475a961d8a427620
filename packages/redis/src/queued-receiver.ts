/**
 * Ack-then-process delivery on BullMQ: the request path.
 *
 * `queuedReceiver`: the receiver's `verify` (method, size, signature, timestamp, Content-Type:
 * headers and raw bytes only) → the deliveries of concurrent requests are gathered (group commit)
 * and written as ONE BullMQ job per batch (`jobs: "batch"`, the default: BullMQ's per-job scripts
 * are the dearest part of a delivery in Redis, a batch pays them once) → answer 202 once Redis has
 * the batch. `jobs: "per-delivery"` writes one job per delivery under a job id derived from the
 * delivery id instead (BullMQ ignores an add whose job id exists, so a copy still queued, running
 * or kept is not queued twice). The workers are in `delivery-worker.ts`.
 */
import { randomUUID } from "node:crypto";
import {
  type Claim,
  type DedupeStore,
  type IncomingDelivery,
  jsonResponse,
  type ReceiverResponse,
  type VerifiedDelivery,
  type WebhookReceiver,
  WebhookReceiverError,
} from "@contract/runtime/webhooks";
import { type JobsOptions, Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX, redisDedupeStore } from "./dedupe.js";
import { groupCommit } from "./group-commit.js";
import {
  BATCH_JOB_NAME,
  DEFAULT_QUEUE_NAME,
  DELIVERY_JOB_NAME,
  jobIdOf,
  KEEP_COMPLETED,
  type QueueConnection,
  type QueuedDelivery,
  type QueuedJobData,
  sha256,
} from "./queued-delivery.js";
import { type BodiesWriter, inlineBody, newBatch, writeBodies } from "./raw-bodies.js";
import { withinTime } from "./time-limit.js";

/**
 * Headers kept with a queued delivery, for the worker's routing, delivery id and handlers: the
 * signature headers of the built-in schemes and the usual event headers. Add the ones a custom
 * route, `deliveryId` option or handler reads with `forwardHeaders`.
 */
export const DEFAULT_FORWARDED_HEADERS: readonly string[] = [
  "content-type",
  "user-agent",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "svix-id",
  "svix-timestamp",
  "svix-signature",
  "x-github-event",
  "x-github-delivery",
  "x-github-hook-id",
  "x-github-hook-installation-target-id",
  "x-github-hook-installation-target-type",
  "x-hub-signature-256",
  "stripe-signature",
];

export interface QueuedReceiverOptions extends QueueConnection {
  /**
   * Store of delivery ids already queued, claimed before the add: a redelivery is then answered
   * `200 {"status":"duplicate"}` (instead of 202) for the store's whole window, even after its job
   * was removed. Costs two more Redis round trips per delivery on the request path. Default: none
   * (`false`) — the job id alone keeps a copy from being queued twice while its job is queued,
   * running or kept (`removeOnComplete`), and the workers' store (the receiver's `dedupe`) runs each
   * handler once within its window. With `dedupeRedis` and no `accepted`: a `redisDedupeStore` on
   * it in namespace `<queueName>:accepted`.
   */
  accepted?: DedupeStore | false;
  /** Connection for an `accepted` store in namespace `<queueName>:accepted` (see `accepted`). */
  dedupeRedis?: Redis | Cluster;
  /** Most deliveries written to Redis in one batch (one job, or one pipeline of jobs). Default 256. */
  maxBatch?: number;
  /**
   * `batch` (default): each group-committed batch is one job; duplicates are recognised by the
   * workers' shared store. `per-delivery`: one job per delivery, under a job id derived from its
   * delivery id (a copy queued while the first is queued, running or kept is a no-op at ingest);
   * costs BullMQ's add, fetch and finish scripts per delivery instead of per batch.
   */
  jobs?: "batch" | "per-delivery";
  /** Extra headers to keep with each delivery (lower case), see `DEFAULT_FORWARDED_HEADERS`. */
  forwardHeaders?: readonly string[];
  /**
   * Attempts per delivery (first run included). Default 12: with the default backoff a delivery
   * split out of its batch is retried for about 17 minutes (a per-delivery job for about 34), longer
   * than the workers' store's default lease (10 minutes), so a delivery whose worker was killed
   * mid-handler is run by a retry once the claim lapses instead of being dead-lettered before.
   */
  attempts?: number;
  /** Backoff between attempts. Default exponential from 1 s. */
  backoff?: JobsOptions["backoff"];
  /**
   * Completed jobs kept for inspection. Default: batch jobs are removed once completed (a
   * delivery's handling is recorded by the workers' store; a failed delivery has its own job);
   * single-delivery jobs, the last 1,000 for a day.
   */
  removeOnComplete?: JobsOptions["removeOnComplete"];
  /**
   * Time Redis has to take a batch (and, with `accepted`, a request's claim and add) before its
   * requests are answered 503. Default 5,000 ms.
   */
  enqueueTimeoutMs?: number;
}

export interface QueuedReceiver extends WebhookReceiver {
  readonly queue: Queue<QueuedJobData>;
  /**
   * Closes the queue's connection (not a `dedupeRedis` you passed). BullMQ's close waits for Redis;
   * after `timeoutMs` (default 5,000) this resolves anyway, so a shutdown is not held by a Redis outage.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** See `QueuedReceiverOptions.attempts`. */
const DEFAULT_ATTEMPTS = 12;

/** A delivery waiting for its batch: the job data (metadata) and its raw body bytes. */
interface Pending {
  data: QueuedDelivery;
  body: Buffer;
  jobId: string;
}

const QUEUED = jsonResponse(202, { status: "queued" });
const DUPLICATE = jsonResponse(200, { status: "duplicate" });

/**
 * Wraps a receiver (e.g. the generated `createWebhookReceiver(...)`, with the same handlers as in
 * the in-request mode) so that `handle` verifies and queues instead of running the handler. Every
 * adapter (`toNodeListener`, Express, Fastify, `toFetchHandler`) takes it as it takes the receiver.
 */
export function queuedReceiver(receiver: WebhookReceiver, options: QueuedReceiverOptions): QueuedReceiver {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const queue = new Queue<QueuedJobData>(queueName, { connection: options.connection, prefix });
  const accepted =
    options.accepted === false
      ? undefined
      : (options.accepted ??
        (options.dedupeRedis
          ? redisDedupeStore(options.dedupeRedis, { prefix, namespace: `${queueName}:accepted` })
          : undefined));
  const forwarded = [...new Set([...DEFAULT_FORWARDED_HEADERS, ...(options.forwardHeaders ?? [])])].map((h) =>
    h.toLowerCase(),
  );
  const perDelivery = options.jobs === "per-delivery";
  const jobOptions: JobsOptions = {
    attempts: options.attempts ?? DEFAULT_ATTEMPTS,
    backoff: options.backoff ?? { type: "exponential", delay: 1000 },
    removeOnComplete: options.removeOnComplete ?? (perDelivery ? KEEP_COMPLETED : true),
    removeOnFail: false,
  };
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 5000;
  const late = `Redis did not take the delivery within ${enqueueTimeoutMs} ms`;
  const maxBatch = options.maxBatch ?? 256;

  /**
   * One batch job: the hash of the batch's raw bodies, then BullMQ's add of the job (metadata
   * only), on one connection in that order. All of the batch's requests are answered 202 once both
   * are stored, or all 503. A job is never stored without its bodies, since Redis runs the HSET
   * first; a failed add leaves the hash unreferenced (until a sweep, below; the sender's retry queues the
   * deliveries anew). Should the HSET ever fail and the add not, that batch's deliveries end as
   * dead letters saying their body is missing, and their senders, answered 503, retry them.
   * The hash is listed in the queue's bodies index with it, and the job is named after it: a hash
   * whose add failed (or whose job completed but whose DEL was lost) is deleted by the workers'
   * sweep once no job refers to it (see `sweep-bodies.ts`).
   */
  async function addBatch(batch: Pending[]): Promise<void> {
    // The job is named after its hash's key, so that a hash no job refers to can be found.
    const { jobId, key } = newBatch(prefix, queueName);
    const data: QueuedDelivery[] = new Array(batch.length);
    const bodies: Buffer[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i] as Pending;
      pending.data.bodyKey = key;
      pending.data.bodyField = String(i);
      data[i] = pending.data;
      bodies[i] = pending.body;
    }
    // The HSET goes first on the queue's own connection, so Redis runs it before the add. (Not a
    // MULTI: an ioredis transaction costs the request path more CPU than the rest of the batch's
    // write; and Lua scripts inside a MULTI lose ioredis's reload after a Redis restart.)
    const client = (await queue.client) as unknown as BodiesWriter;
    const wrote = writeBodies(client, key, bodies);
    const added = queue.add(BATCH_JOB_NAME, data, { ...jobOptions, jobId });
    await Promise.all([wrote, added]);
  }

  const adds = perDelivery
    ? // One pipeline of BullMQ adds per batch; each job is added by its own atomic script, so a
      // batch that fails part-way answers 503 to all of its requests and their retries are no-ops
      // for the jobs that were added. Bodies stay inline: a job added again under its delivery's
      // job id is a no-op, and a body written beside it would have no job to clean it up.
      groupCommit<Pending>(
        (batch) =>
          withinTime(
            queue.addBulk(
              batch.map(({ data, body, jobId }) => ({
                name: DELIVERY_JOB_NAME,
                data: Object.assign(data, inlineBody(body)),
                opts: { ...jobOptions, jobId },
              })),
            ),
            enqueueTimeoutMs,
            late,
          ),
        maxBatch,
      )
    : groupCommit<Pending>((batch) => withinTime(addBatch(batch), enqueueTimeoutMs, late), maxBatch);

  async function enqueue(delivery: IncomingDelivery, verified: VerifiedDelivery): Promise<ReceiverResponse> {
    // Without a delivery id in the headers (e.g. Stripe's is in the body), the body's hash is the id:
    // a sender's retry resends the same bytes. An empty body says nothing of which event it is (a
    // webhook told by its headers alone): such a delivery gets an id of its own here, which its
    // handler sees, or every one after the first would be taken for a duplicate and never handled.
    // (Only needed for the accepted store and per-delivery job ids: batch jobs skip the hash.)
    const deliveryId =
      verified.deliveryId ?? (delivery.body.length === 0 ? `received:${randomUUID()}` : undefined);
    const id = accepted || perDelivery ? (deliveryId ?? `sha256:${sha256(delivery.body)}`) : "";
    const claim: Claim = accepted ? await accepted.claim(id) : { state: "claimed", token: "" };
    if (claim.state === "done") return DUPLICATE;
    if (claim.state === "pending") {
      return receiver.reject(
        new WebhookReceiverError("delivery_in_progress", "this delivery is being queued; retry later", {
          deliveryId: id,
        }),
      );
    }
    const headers: Record<string, string> = {};
    for (const name of forwarded) {
      const value = delivery.headers(name);
      if (value !== undefined) headers[name] = value;
    }
    const data: QueuedDelivery = {
      method: delivery.method,
      path: delivery.path,
      headers,
      receivedAt: Date.now(),
    };
    if (deliveryId !== undefined) data.deliveryId = deliveryId;
    if (verified.timestamp !== undefined) data.timestamp = verified.timestamp;
    // The request's bytes as they are (no copy): written to Redis as a Buffer.
    const body = Buffer.from(delivery.body.buffer, delivery.body.byteOffset, delivery.body.byteLength);
    try {
      // Per-delivery jobs: the job id is derived from the delivery id, adding it again while it is
      // queued is a no-op. Batch jobs get BullMQ's own ids (the hash is not computed).
      await adds.submit({ data, body, jobId: perDelivery ? jobIdOf(id) : "" });
    } catch (cause) {
      if (accepted) await Promise.resolve(accepted.release(id, claim.token)).catch(() => {});
      throw cause;
    }
    // Queued: from here a redelivery is a duplicate. If marking it fails, the claim lapses and a
    // redelivery is queued again under the same job id (and the workers' store runs it once).
    // (A \`false\` answer means the claim lapsed and a redelivery claimed it: that copy is queued under
    // the same job id, a no-op.)
    if (accepted) await Promise.resolve(accepted.complete(id, claim.token)).catch(() => {});
    return QUEUED;
  }

  return {
    ...receiver,
    queue,
    async handle(delivery) {
      const verified = await receiver.verify(delivery);
      if (!verified.ok) return verified.response;
      try {
        // Without an accepted store the only wait for Redis is the batch's write, which has its
        // own time limit: no timer per request.
        return await (accepted
          ? withinTime(enqueue(delivery, verified), enqueueTimeoutMs, late)
          : enqueue(delivery, verified));
      } catch (cause) {
        const error = new WebhookReceiverError(
          "delivery_in_progress",
          "the delivery could not be queued; retry later",
          {
            status: 503,
            cause,
            ...(verified.deliveryId !== undefined ? { deliveryId: verified.deliveryId } : {}),
          },
        );
        return receiver.reject(error);
      }
    },
    async close(timeoutMs = 5000) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        queue.close().catch(() => {}),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          timer.unref?.();
        }),
      ]);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

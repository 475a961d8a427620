/**
 * Ack-then-process delivery on BullMQ.
 *
 * Request path (`queuedReceiver`): the receiver's `verify` (method, size, signature, timestamp,
 * Content-Type: headers and raw bytes only) → add the raw delivery to the queue under a job id
 * derived from the delivery id (BullMQ ignores an add whose job id exists, atomically, so a copy
 * of a delivery still queued, running or kept is never queued twice) → answer 202 once Redis has
 * it. Adds of concurrent requests are written together, one pipeline per batch (group commit). Workers (`deliveryWorker`, any
 * number of processes) run the receiver's `process` on each job: parse → route → validate → the
 * handler (within `handlerTimeoutMs`, de-duplicated by the receiver's own `DedupeStore`), retried
 * with backoff; a job that cannot succeed, or has used all its attempts, stays in the queue's
 * failed set (the dead letters) with its last error.
 */
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
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
import {
  type ConnectionOptions,
  type Job,
  type JobsOptions,
  Queue,
  UnrecoverableError,
  Worker,
} from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX, redisDedupeStore } from "./dedupe.js";
import { groupCommit } from "./group-commit.js";

export const DEFAULT_QUEUE_NAME = "contract-webhooks";

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

/** What a job holds: the delivery as it arrived, verified. */
export interface QueuedDelivery {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The raw body: its text when it is valid UTF-8 (`bodyEncoding: "utf8"`), else base64. */
  body: string;
  /**
   * `utf8`: `body` is the body's text. Absent: base64 (any bytes; also how jobs queued by
   * earlier versions hold it). Text is a quarter smaller than base64 in Redis and costs no encoding.
   */
  bodyEncoding?: "utf8";
  deliveryId?: string;
  timestamp?: number;
  /** When it was acknowledged (ms since the epoch). */
  receivedAt: number;
}

export interface QueueConnection {
  /** Anything BullMQ accepts: ioredis options (`{ host, port }`, cluster via an ioredis `Cluster`) or a client. */
  connection: ConnectionOptions;
  /** Queue name. Default `contract-webhooks`. */
  queueName?: string;
  /** BullMQ key prefix. Default `contract`. */
  prefix?: string;
}

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
  /** Most deliveries written to Redis in one batch (one pipeline). Default 256. */
  maxBatch?: number;
  /** Extra headers to keep with each delivery (lower case), see `DEFAULT_FORWARDED_HEADERS`. */
  forwardHeaders?: readonly string[];
  /** Attempts per delivery (first run included). Default 10. */
  attempts?: number;
  /** Backoff between attempts. Default exponential from 1 s. */
  backoff?: JobsOptions["backoff"];
  /** Completed jobs kept for inspection. Default the last 1,000 for a day. */
  removeOnComplete?: JobsOptions["removeOnComplete"];
  /** Time the request path waits for Redis (the add, and claim with `accepted`) before answering 503. Default 5,000 ms. */
  enqueueTimeoutMs?: number;
}

export interface QueuedReceiver extends WebhookReceiver {
  readonly queue: Queue<QueuedDelivery>;
  /**
   * Closes the queue's connection (not a `dedupeRedis` you passed). BullMQ's close waits for Redis;
   * after `timeoutMs` (default 5,000) this resolves anyway, so a shutdown is not held by a Redis outage.
   */
  close(timeoutMs?: number): Promise<void>;
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
  const queue = new Queue<QueuedDelivery>(queueName, { connection: options.connection, prefix });
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
  const jobOptions: JobsOptions = {
    attempts: options.attempts ?? 10,
    backoff: options.backoff ?? { type: "exponential", delay: 1000 },
    removeOnComplete: options.removeOnComplete ?? { age: 24 * 3600, count: 1000 },
    removeOnFail: false,
  };
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 5000;
  // One pipeline of BullMQ adds per batch; each job is added by its own atomic script, so a batch
  // that fails part-way answers 503 to all of its requests and their retries are no-ops for the
  // jobs that were added.
  const adds = groupCommit<{ data: QueuedDelivery; jobId: string }>(
    (batch) =>
      queue.addBulk(
        batch.map(({ data, jobId }) => ({ name: "delivery", data, opts: { ...jobOptions, jobId } })),
      ),
    options.maxBatch ?? 256,
  );

  async function enqueue(delivery: IncomingDelivery, verified: VerifiedDelivery): Promise<ReceiverResponse> {
    // Without a delivery id in the headers (e.g. Stripe's is in the body), the body's hash is the id:
    // a sender's retry resends the same bytes.
    const id = verified.deliveryId ?? `sha256:${sha256(delivery.body)}`;
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
    const bytes = Buffer.from(delivery.body.buffer, delivery.body.byteOffset, delivery.body.byteLength);
    const text = isUtf8(bytes);
    const data: QueuedDelivery = {
      method: delivery.method,
      path: delivery.path,
      headers,
      body: bytes.toString(text ? "utf8" : "base64"),
      receivedAt: Date.now(),
    };
    if (text) data.bodyEncoding = "utf8";
    if (verified.deliveryId !== undefined) data.deliveryId = verified.deliveryId;
    if (verified.timestamp !== undefined) data.timestamp = verified.timestamp;
    try {
      // The job id is derived from the delivery id: adding it again while it is queued is a no-op.
      await adds.submit({ data, jobId: jobIdOf(id) });
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
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          enqueue(delivery, verified),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`Redis did not take the delivery within ${enqueueTimeoutMs} ms`)),
              enqueueTimeoutMs,
            );
          }),
        ]);
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
      } finally {
        if (timer !== undefined) clearTimeout(timer);
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

export interface DeliveryWorkerOptions extends QueueConnection {
  /** Jobs one worker runs at once. Default 10. */
  concurrency?: number;
  /** How long a job's lock lasts without renewal; a crashed worker's job is retried after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs (of crashed workers) are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  /** Told when a job is dead-lettered (no attempts left, or a delivery that can never succeed). */
  onDeadLetter?: (job: Job<QueuedDelivery>, error: Error) => void;
  /** Start taking jobs at once. Default true. */
  autorun?: boolean;
}

/** The worker's result for a job: the receiver's answer. */
export interface ProcessedDelivery {
  status: number;
  body: string;
}

/** Statuses worth retrying; any other non-2xx answer is final (dead-lettered at once). */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

/** The raw body bytes a job holds (the exact bytes that were signed). */
export function bodyOf(data: QueuedDelivery): Uint8Array {
  if (typeof data.body !== "string") throw new UnrecoverableError("the queued delivery has no body");
  return new Uint8Array(Buffer.from(data.body, data.bodyEncoding === "utf8" ? "utf8" : "base64"));
}

/** Rebuilds the delivery a job holds. */
export function deliveryOf(data: QueuedDelivery): { delivery: IncomingDelivery; verified: VerifiedDelivery } {
  const body = bodyOf(data);
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

/**
 * Runs queued deliveries through the receiver's `process`: the same parse, route, validation,
 * de-duplication, handlers and timeout as `handle`. Pass the receiver a shared `DedupeStore`
 * (`redisDedupeStore`) so that a job run twice (a crashed worker's job is retried) runs its handler
 * once. `close()` (and `SIGTERM` with `closeOnSignals`) waits for running jobs to finish.
 */
export function deliveryWorker(
  receiver: WebhookReceiver,
  options: DeliveryWorkerOptions,
): Worker<QueuedDelivery, ProcessedDelivery> {
  const worker = new Worker<QueuedDelivery, ProcessedDelivery>(
    options.queueName ?? DEFAULT_QUEUE_NAME,
    async (job) => {
      const { delivery, verified } = deliveryOf(job.data);
      const response = await receiver.process(delivery, verified);
      if (response.status < 300) return { status: response.status, body: response.body };
      const message = `answered ${response.status}: ${response.body}`;
      if (retryable(response.status)) throw new Error(message);
      throw new UnrecoverableError(message);
    },
    {
      connection: options.connection,
      prefix: options.prefix ?? DEFAULT_KEY_PREFIX,
      concurrency: options.concurrency ?? 10,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      autorun: options.autorun ?? true,
    },
  );
  worker.on("failed", (job, error) => {
    if (!job || !options.onDeadLetter) return;
    const exhausted = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (exhausted) options.onDeadLetter(job, error);
  });
  // Connection errors are retried by ioredis; without a listener Node would throw them.
  worker.on("error", () => {});
  return worker;
}

/**
 * Closes the workers on SIGTERM/SIGINT: running jobs finish (or, past `graceMs`, are left locked and
 * retried by another worker once the lock lapses), no new job is taken, then `exit` runs
 * (default `process.exit(0)`). Returns a function that removes the listeners.
 */
export function closeOnSignals(
  workers: readonly { close(force?: boolean): Promise<void> }[],
  options: { graceMs?: number; exit?: () => void; signals?: readonly NodeJS.Signals[] } = {},
): () => void {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const exit = options.exit ?? (() => process.exit(0));
  let closing = false;
  const onSignal = () => {
    if (closing) return;
    closing = true;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, options.graceMs ?? 30_000).unref());
    void Promise.race([Promise.all(workers.map((w) => w.close())), grace]).finally(exit);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

export interface DeadLetter {
  jobId: string;
  deliveryId?: string;
  webhookPath: string;
  attemptsMade: number;
  failedReason: string;
  receivedAt: number;
  finishedOn?: number;
}

/** Dead-lettered deliveries (the queue's failed set), newest first. */
export async function listDeadLetters(
  queue: Queue<QueuedDelivery>,
  start = 0,
  end = 99,
): Promise<DeadLetter[]> {
  const jobs = await queue.getFailed(start, end);
  return jobs.map((job) => {
    const letter: DeadLetter = {
      jobId: String(job.id),
      webhookPath: job.data.path,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason,
      receivedAt: job.data.receivedAt,
    };
    if (job.data.deliveryId !== undefined) letter.deliveryId = job.data.deliveryId;
    if (job.finishedOn !== undefined) letter.finishedOn = job.finishedOn;
    return letter;
  });
}

/** Puts one dead letter (by job id), or all of them, back on the queue; returns how many. */
export async function replayDeadLetters(queue: Queue<QueuedDelivery>, jobId?: string): Promise<number> {
  if (jobId !== undefined) {
    const job = await queue.getJob(jobId);
    if (!job || !(await job.isFailed())) return 0;
    await job.retry("failed");
    return 1;
  }
  let replayed = 0;
  for (;;) {
    const jobs = await queue.getFailed(0, 99);
    if (jobs.length === 0) return replayed;
    for (const job of jobs) {
      await job.retry("failed");
      replayed++;
    }
  }
}

/** BullMQ job ids may not contain `:`; a hash keeps any delivery id usable. */
export function jobIdOf(deliveryId: string): string {
  return `d_${createHash("sha256").update(deliveryId).digest("hex").slice(0, 40)}`;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Ack-then-process delivery on BullMQ.
 *
 * Request path (`queuedReceiver`): the receiver's `verify` (method, size, signature, timestamp,
 * Content-Type: headers and raw bytes only) → the deliveries of concurrent requests are gathered
 * (group commit) and written as ONE BullMQ job per batch (`jobs: "batch"`, the default: BullMQ's
 * per-job scripts are the dearest part of a delivery in Redis, a batch pays them once) → answer 202
 * once Redis has the batch. `jobs: "per-delivery"` writes one job per delivery under a job id
 * derived from the delivery id instead (BullMQ ignores an add whose job id exists, so a copy still
 * queued, running or kept is not queued twice).
 *
 * Workers (`deliveryWorker`, any number of processes) run the receiver's `process` on each
 * delivery: parse → route → validate → the handler (within `handlerTimeoutMs`, de-duplicated by
 * the receiver's `DedupeStore`). In a batch job a delivery that fails does not fail its batch: it
 * gets its own job (retried with backoff, or dead-lettered at once when a retry cannot help) and
 * the batch completes. A batch run twice (its worker died) runs no handler twice: each delivery
 * whose run is over is marked settled in the batch's bodies hash (see `raw-bodies.ts`) and skipped
 * by any later run, and one still running elsewhere is found claimed in the workers' shared store.
 */
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
import { mapBounded } from "./bounded.js";
import { DEFAULT_KEY_PREFIX, redisDedupeStore } from "./dedupe.js";
import { groupCommit } from "./group-commit.js";
import {
  type BodiesClient,
  type BodiesWriter,
  type BodyReference,
  completedBefore,
  deleteBodies,
  type InlineBody,
  inlineBody,
  inlineBodyOf,
  loadBodies,
  loadStoredBodies,
  missingBodyMessage,
  newBatch,
  SETTLED,
  type SettleClient,
  settleBodies,
  settledIn,
  writeBodies,
} from "./raw-bodies.js";
import { batchedPerTurn } from "./same-turn.js";
import { type BodiesSweepOptions, sweepEvery, sweepPeriodOf, sweepWindowOf } from "./sweep-bodies.js";
import { withinTime } from "./time-limit.js";

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

/** Completed single-delivery jobs kept for inspection: the last 1,000, for a day. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };

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
    // a sender's retry resends the same bytes.
    // (Only needed for the accepted store and per-delivery job ids: batch jobs skip the hash.)
    const id = accepted || perDelivery ? (verified.deliveryId ?? `sha256:${sha256(delivery.body)}`) : "";
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
    if (verified.deliveryId !== undefined) data.deliveryId = verified.deliveryId;
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

export interface DeliveryWorkerOptions extends QueueConnection {
  /** Jobs one worker runs at once. Default 10. */
  concurrency?: number;
  /** Deliveries of one batch job run at once. Default 16. */
  batchConcurrency?: number;
  /** How long a job's lock lasts without renewal; a crashed worker's job is retried after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs (of crashed workers) are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  /**
   * How many times a job may stall (its worker died or blocked past its lock) and be put back;
   * past it the job goes to the failed set (a batch job: every delivery in it is listed as a dead
   * letter, and its replay skips the ones already handled). Default 1 (BullMQ's).
   */
  maxStalledCount?: number;
  /**
   * Completed jobs of failed batch deliveries (retried on their own) kept for inspection.
   * Default the last 1,000 for a day.
   */
  removeOnComplete?: JobsOptions["removeOnComplete"];
  /** Told when a job is dead-lettered (no attempts left, or a delivery that can never succeed). */
  onDeadLetter?: (job: Job<QueuedJobData>, error: Error) => void;
  /** Start taking jobs at once. Default true. */
  autorun?: boolean;
  /**
   * Deleting the raw-body hashes of batch jobs that no job refers to any more (see
   * `sweepOrphanedBodies`): once per `everyMs` across all workers of the queue (default every
   * hour; from 1 ms to 2^31 − 1 ms, about 24.8 days, else the worker is not created), hashes older
   * than `olderThanMs` (default a day; under a minute only with `allowShortWindow`, else the worker
   * is not created). `false`: no sweeps.
   */
  sweepOrphanedBodies?: (BodiesSweepOptions & { everyMs?: number }) | false;
}

/** The worker's result for a single-delivery job: the receiver's answer. */
export interface ProcessedDelivery {
  status: number;
  body: string;
}

/** The worker's result for a batch job. */
export interface ProcessedBatch {
  /** Deliveries in the batch. */
  deliveries: number;
  /** This copy of the batch found the batch completed (a repeated add): it ran nothing. */
  completedBefore?: true;
  /** Deliveries an earlier run of the batch settled (handled, or gave a job of their own): not run again. */
  settledBefore: number;
  /** Deliveries that failed and were given a job of their own, to be retried. */
  retried: number;
  /** Deliveries that failed for good and were given a job of their own that fails at once (a dead letter). */
  deadLettered: number;
}

/** A delivery of a batch an earlier run settled: not run again. */
const SKIPPED = { skipped: true } as const;

/** Statuses worth retrying; any other non-2xx answer is final (dead-lettered at once). */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

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

/** A delivery of a batch as its own job's data: its body inline when there is one. */
function ownJobDataOf(data: QueuedDelivery, body: Uint8Array | undefined): QueuedDelivery {
  if (body === undefined || data.bodyKey === undefined) return data;
  const { bodyKey: _key, bodyField: _field, ...rest } = data;
  return { ...rest, ...inlineBody(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) };
}

/** How long the first retry of a delivery split out of its batch waits: the backoff's first step. */
function firstDelayOf(backoff: JobsOptions["backoff"]): number {
  if (typeof backoff === "number") return backoff;
  return backoff?.delay ?? 0;
}

/**
 * Runs queued deliveries through the receiver's `process`: the same parse, route, validation,
 * de-duplication, handlers and timeout as `handle`. The receiver's `DedupeStore` must be a shared
 * one (`redisDedupeStore`): a job run twice (a crashed worker's job is put back) then runs each
 * handler once. A batch job's run also marks each delivery settled in the batch's bodies hash as
 * its run ends, so that a later run of the batch skips it even once the store has forgotten it.
 * `close()` (and `SIGTERM` with `closeOnSignals`) waits for running jobs to finish.
 */
export function deliveryWorker(
  receiver: WebhookReceiver,
  options: DeliveryWorkerOptions,
): Worker<QueuedJobData, ProcessedDelivery | ProcessedBatch> {
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const batchConcurrency = options.batchConcurrency ?? 16;
  const keepCompleted = options.removeOnComplete ?? KEEP_COMPLETED;
  // A window the sweeps would refuse is refused here, before the worker takes jobs: each period's
  // sweep would fail on it, and their errors are left to the next period, unreported. So is a
  // period a timer cannot wait (it would sweep every millisecond).
  if (options.sweepOrphanedBodies) {
    sweepWindowOf(options.sweepOrphanedBodies);
    sweepPeriodOf(options.sweepOrphanedBodies);
  }
  // Failed deliveries of batches are added here; opened on the first one.
  let ownJobs: Queue<QueuedJobData> | undefined;
  const ownJobsQueue = () => {
    ownJobs ??= new Queue<QueuedJobData>(queueName, { connection: options.connection, prefix });
    return ownJobs;
  };

  // The worker's own (non-blocking) connection reads and deletes the bodies kept beside batch jobs.
  const bodiesClient = async () => (await worker.client) as unknown as BodiesClient;
  // Deliveries settled in the same turn of the event loop (a batch's handlers answer together)
  // are marked in one script call per hash, as the store's completions are.
  const settleInTurn = batchedPerTurn<BodyReference, void>(async (deliveries) => {
    await settleBodies((await worker.client) as unknown as SettleClient, deliveries);
    return deliveries.map(() => undefined);
  });

  /**
   * One delivery through the receiver: its answer, or why it failed and whether a retry may help.
   * `body` undefined: its body was to be in Redis and is not (nothing can bring it back).
   */
  async function run(
    data: QueuedDelivery,
    body: Uint8Array | undefined,
  ): Promise<ProcessedDelivery | { error: string; retry: boolean }> {
    if (body === undefined) return { error: missingBodyMessage(data), retry: false };
    let response: ReceiverResponse;
    try {
      const { delivery, verified } = deliveryOf(data, body);
      response = await receiver.process(delivery, verified);
    } catch (cause) {
      const retry = !(cause instanceof UnrecoverableError);
      return { error: cause instanceof Error ? cause.message : String(cause), retry };
    }
    if (response.status < 300) return { status: response.status, body: response.body };
    return { error: `answered ${response.status}: ${response.body}`, retry: retryable(response.status) };
  }

  async function runBatch(job: Job<QueuedDelivery[]>): Promise<ProcessedBatch> {
    const client = await bodiesClient();
    const bodies = await loadStoredBodies(client, job.data);
    // A second copy of a batch that completed (see COMPLETED_MARKER_MS): its deliveries were handled
    // or given jobs of their own by the first.
    if (bodies.includes(undefined) && (await completedBefore(client, job.data)))
      return {
        deliveries: job.data.length,
        retried: 0,
        deadLettered: 0,
        settledBefore: 0,
        completedBefore: true,
      };
    // Marks are best effort: one that fails leaves its delivery to the store's de-duplication, as
    // before marks. They are awaited before the batch ends (completed or failed), so that a later
    // run finds them.
    const marks: Promise<void>[] = [];
    const markSettled = (data: QueuedDelivery) => marks.push(settleInTurn(data).catch(() => {}));
    let settledBefore = 0;
    const outcomes = await mapBounded(job.data, batchConcurrency, async (data, index) => {
      const body = bodies[index];
      if (body === SETTLED) {
        settledBefore++;
        return SKIPPED;
      }
      const outcome = await run(data, body);
      if (!("error" in outcome)) markSettled(data);
      return outcome;
    });
    const attemptsBefore = job.attemptsMade + 1;
    const remaining = (job.opts.attempts ?? 1) - attemptsBefore;
    const own: { name: string; data: QueuedDelivery; opts: JobsOptions }[] = [];
    const handedOn: QueuedDelivery[] = [];
    let retried = 0;
    outcomes.forEach((outcome, index) => {
      const body = bodies[index];
      if (!("error" in outcome) || body === SETTLED) return;
      handedOn.push(job.data[index] as QueuedDelivery);
      // Its own job carries its body inline, so the body lives as long as that job (the batch's
      // hash is deleted when the batch completes). A body already missing keeps its reference:
      // the job fails with the same error, and its dead letter names the hash.
      const data = ownJobDataOf(job.data[index] as QueuedDelivery, body);
      // Its job id is derived from the delivery id: a batch run again adds it again as a no-op.
      const jobId = jobIdOf(deliveryKeyOf(data, body));
      if (outcome.retry && remaining > 0) {
        retried++;
        own.push({
          name: DELIVERY_JOB_NAME,
          data: { ...data, attemptsBefore },
          opts: {
            jobId,
            attempts: remaining,
            delay: firstDelayOf(job.opts.backoff),
            ...(job.opts.backoff !== undefined ? { backoff: job.opts.backoff } : {}),
            removeOnComplete: keepCompleted,
            removeOnFail: false,
          },
        });
      } else {
        own.push({
          name: DELIVERY_JOB_NAME,
          data: { ...data, attemptsBefore, failure: outcome.error },
          opts: { jobId, attempts: 1, removeOnComplete: keepCompleted, removeOnFail: false },
        });
      }
    });
    try {
      // If this add fails the batch fails and is retried as a whole: the deliveries it handled are
      // settled and skipped, the failed ones (not settled: they have no job) run again.
      if (own.length > 0) await ownJobsQueue().addBulk(own);
      // Their jobs hold them now (bodies inline): the batch's later runs leave them to those jobs.
      for (const data of handedOn) markSettled(data);
    } finally {
      await Promise.all(marks);
    }
    return { deliveries: job.data.length, retried, deadLettered: own.length - retried, settledBefore };
  }

  const worker = new Worker<QueuedJobData, ProcessedDelivery | ProcessedBatch>(
    queueName,
    async (job) => {
      if (Array.isArray(job.data)) return runBatch(job as Job<QueuedDelivery[]>);
      const data = job.data;
      // A delivery that failed for good in its batch: dead-lettered without running its handler again.
      // (A replay has attempts made, and runs it.)
      if (data.failure !== undefined && job.attemptsMade === 0) throw new UnrecoverableError(data.failure);
      const [body] = await loadBodies(await bodiesClient(), [data]);
      const outcome = await run(data, body);
      if (!("error" in outcome)) return outcome;
      if (outcome.retry) throw new Error(outcome.error);
      throw new UnrecoverableError(outcome.error);
    },
    {
      connection: options.connection,
      prefix,
      concurrency: options.concurrency ?? 10,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 1,
      autorun: options.autorun ?? true,
    },
  );
  worker.on("failed", (job, error) => {
    if (!job || !options.onDeadLetter) return;
    const exhausted = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (exhausted) options.onDeadLetter(job, error);
  });
  // A completed batch job's bodies are no longer needed. (If this process dies before the DEL, the
  // hash stays behind, unreferenced, until the workers' sweep deletes it: see `sweep-bodies.ts`.)
  worker.on("completed", (job) => {
    if (!Array.isArray(job.data)) return;
    const deliveries = job.data;
    void bodiesClient()
      .then((client) => deleteBodies(client, deliveries))
      .catch(() => {});
  });
  // Connection errors are retried by ioredis; without a listener Node would throw them.
  worker.on("error", () => {});
  const sweeps =
    options.sweepOrphanedBodies === false
      ? undefined
      : sweepEvery(() => worker, options.sweepOrphanedBodies ?? {});
  const close = worker.close.bind(worker);
  worker.close = async (force?: boolean) => {
    sweeps?.stop();
    await close(force);
    await ownJobs?.close();
  };
  return worker;
}

/**
 * Closes the workers on SIGTERM/SIGINT: running jobs finish (or, past `graceMs`, are left locked and
 * retried by another worker once the lock lapses), no new job is taken, then `exit` runs with the
 * exit code (default `process.exit(code)`): 0, or 1 when closing a worker failed (each error is
 * written to stderr), so that a supervisor sees the shutdown was not clean. Returns a function
 * that removes the listeners.
 */
export function closeOnSignals(
  workers: readonly { close(force?: boolean): Promise<void> }[],
  options: { graceMs?: number; exit?: (code: number) => void; signals?: readonly NodeJS.Signals[] } = {},
): () => void {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  const onSignal = () => {
    if (closing) return;
    closing = true;
    const grace = new Promise<number>((resolve) => setTimeout(resolve, options.graceMs ?? 30_000, 0).unref());
    // Every worker is closed, whatever the others do; a failure is told once all have settled.
    const closed = Promise.allSettled(workers.map((w) => w.close())).then((results) => {
      const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
      for (const failure of failures)
        process.stderr.write(`closing a worker failed: ${describeError(failure)}\n`);
      return failures.length > 0 ? 1 : 0;
    });
    void Promise.race([closed, grace]).then(exit);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/** An error as a log line: its stack (which starts with its message) when it has one. */
const describeError = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

export interface DeadLetter {
  /** The failed job's id; for a delivery of a failed batch job, `<job id>#<index in the batch>`. */
  jobId: string;
  deliveryId?: string;
  webhookPath: string;
  /** Attempts made, counting those made in its batch before it had a job of its own. */
  attemptsMade: number;
  failedReason: string;
  receivedAt: number;
  finishedOn?: number;
}

/** Separates a batch job's id from a delivery's index in it. */
export const BATCH_INDEX_SEPARATOR = "#";

/**
 * The deliveries a failed job holds, one entry each: a single-delivery job is one, a batch job
 * (failed as a whole: it stalled past `maxStalledCount`, or its failed deliveries could not be
 * given jobs of their own) one per delivery, under `<job id>#<index>`.
 */
export function deliveriesOfJob(job: Job<QueuedJobData>): { id: string; data: QueuedDelivery }[] {
  if (!Array.isArray(job.data)) return [{ id: String(job.id), data: job.data }];
  return job.data.map((data, index) => ({ id: `${job.id}${BATCH_INDEX_SEPARATOR}${index}`, data }));
}

/**
 * The attempts a delivery had: those of its job, plus those made in its batch before it had a job
 * of its own; the first failure of a job that carries a batch's final `failure` ran nothing.
 */
export function attemptsOf(job: Job<QueuedJobData>, data: QueuedDelivery): number {
  if (Array.isArray(job.data)) return job.attemptsMade;
  const ranNothing = data.failure !== undefined && job.attemptsMade > 0 ? 1 : 0;
  return job.attemptsMade - ranNothing + (data.attemptsBefore ?? 0);
}

/**
 * The deliveries of a failed job still to run: those `deliveriesOfJob` lists, less the deliveries
 * of a batch job that an earlier run settled (handled, or given a job of their own) — a replay
 * skips those, they are not dead letters. `client`: a connection to the queue's Redis.
 */
export async function unsettledDeliveriesOf(
  job: Job<QueuedJobData>,
  client: Pick<BodiesClient, "hkeys">,
): Promise<{ id: string; data: QueuedDelivery }[]> {
  const deliveries = deliveriesOfJob(job);
  if (!Array.isArray(job.data)) return deliveries;
  const settled = await settledIn(client, job.data);
  return deliveries.filter((_, index) => !settled[index]);
}

/** Counts the deliveries of a failed job still to run (see `unsettledDeliveriesOf`). */
export const unsettledCounter =
  (client: Pick<BodiesClient, "hkeys">) =>
  async (job: Job<QueuedJobData>): Promise<number> =>
    (await unsettledDeliveriesOf(job, client)).length;

/** A queue's own connection, for the bodies beside its batch jobs. */
const clientOfQueue = async (queue: Queue<QueuedJobData>) => (await queue.client) as unknown as BodiesClient;

/** Dead-lettered deliveries (the queue's failed set), newest first, one per delivery still to run. */
export async function listDeadLetters(
  queue: Queue<QueuedJobData>,
  start = 0,
  end = 99,
): Promise<DeadLetter[]> {
  const jobs = await queue.getFailed(start, end);
  const client = await clientOfQueue(queue);
  const unsettled = await Promise.all(jobs.map((job) => unsettledDeliveriesOf(job, client)));
  return jobs.flatMap((job, index) =>
    (unsettled[index] ?? []).map(({ id, data }) => {
      const letter: DeadLetter = {
        jobId: id,
        webhookPath: data.path,
        attemptsMade: attemptsOf(job, data),
        failedReason: job.failedReason,
        receivedAt: data.receivedAt,
      };
      if (data.deliveryId !== undefined) letter.deliveryId = data.deliveryId;
      if (job.finishedOn !== undefined) letter.finishedOn = job.finishedOn;
      return letter;
    }),
  );
}

/**
 * Puts one dead letter (by job id; `<job id>#<index>` names its batch job), or all of them, back
 * on the queue; returns how many deliveries will run. A failed batch job is put back whole: the
 * deliveries in it already settled are skipped (not counted), and one handled but not marked
 * settled is found done by the workers' shared store within its window.
 */
export async function replayDeadLetters(queue: Queue<QueuedJobData>, jobId?: string): Promise<number> {
  const countOf = unsettledCounter(await clientOfQueue(queue));
  if (jobId !== undefined) {
    const job = await queue.getJob(jobIdOfLetter(jobId));
    if (!job || !(await job.isFailed())) return 0;
    const count = await countOf(job);
    await job.retry("failed");
    return count;
  }
  return replayFailedJobs(queue, countOf);
}

/** Failed jobs looked up per round trip of a replay. */
const REPLAY_PAGE = 100;

/**
 * Puts every job that is in the queue's failed set when it is called back on the queue, each at
 * most once; returns the sum of `countOf` over the jobs it put back (each counted just before it
 * is put back, while no worker runs it). The failed set's job ids are
 * read first, in one go: a replayed job that fails again at once re-enters the failed set while
 * the replay goes on, and paging through the live set would find it again (and again: with
 * workers that fail jobs as fast as they are replayed, such a loop need not end). A job that left
 * the failed set meanwhile (removed, or replayed by someone else) is skipped and not counted.
 */
export async function replayFailedJobs<T>(
  queue: Queue<T>,
  countOf: (job: Job<T>) => number | Promise<number>,
): Promise<number> {
  const ids = await queue.getRanges(["failed"], 0, -1);
  let replayed = 0;
  for (let start = 0; start < ids.length; start += REPLAY_PAGE) {
    const jobs = await Promise.all(ids.slice(start, start + REPLAY_PAGE).map((id) => queue.getJob(id)));
    for (const job of jobs) {
      if (job === undefined) continue;
      const count = await countOf(job);
      if (await retryFailed(job)) replayed += count;
    }
  }
  return replayed;
}

/** Puts a failed job back on its queue; false when it is no longer in the failed set. */
async function retryFailed(job: Job): Promise<boolean> {
  try {
    await job.retry("failed");
    return true;
  } catch (error) {
    if (await job.isFailed()) throw error;
    return false;
  }
}

/** The job id a dead letter's id names (a batch delivery's `<job id>#<index>` names its batch job). */
export function jobIdOfLetter(letterId: string): string {
  const at = letterId.lastIndexOf(BATCH_INDEX_SEPARATOR);
  return at < 0 ? letterId : letterId.slice(0, at);
}

/** BullMQ job ids may not contain `:`; a hash keeps any delivery id usable. */
export function jobIdOf(deliveryId: string): string {
  return `d_${createHash("sha256").update(deliveryId).digest("hex").slice(0, 40)}`;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Ack-then-process delivery on BullMQ: the workers.
 *
 * Workers (`deliveryWorker`, any number of processes) run the receiver's `process` on each
 * delivery: parse → route → validate → the handler (within `handlerTimeoutMs`, de-duplicated by
 * the receiver's `DedupeStore`). In a batch job a delivery that fails does not fail its batch: it
 * gets its own job (retried with backoff, or dead-lettered at once when a retry cannot help) and
 * the batch completes. A batch run twice (its worker died) runs no handler twice: each delivery
 * whose run is over is marked settled in the batch's bodies hash (see `raw-bodies.ts`) and skipped
 * by any later run, and one still running elsewhere is found claimed in the workers' shared store.
 */
import type { ReceiverResponse, WebhookReceiver } from "@contract/runtime/webhooks";
import { type Job, type JobsOptions, Queue, UnrecoverableError, Worker } from "bullmq";
import { mapBounded } from "./bounded.js";
import { DEFAULT_KEY_PREFIX } from "./dedupe.js";
import {
  DEFAULT_QUEUE_NAME,
  DELIVERY_JOB_NAME,
  deliveryKeyOf,
  deliveryOf,
  jobIdOf,
  KEEP_COMPLETED,
  type QueueConnection,
  type QueuedDelivery,
  type QueuedJobData,
} from "./queued-delivery.js";
import {
  type BodiesClient,
  type BodyReference,
  completedBefore,
  deleteBodies,
  inlineBody,
  loadBodies,
  loadStoredBodies,
  missingBodyMessage,
  SETTLED,
  type SettleClient,
  settleBodies,
} from "./raw-bodies.js";
import { batchedPerTurn } from "./same-turn.js";
import { type BodiesSweepOptions, sweepEvery, sweepPeriodOf, sweepWindowOf } from "./sweep-bodies.js";

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

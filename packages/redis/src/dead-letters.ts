/**
 * Dead letters of the delivery queue: deliveries whose job failed for good (attempts exhausted, or
 * an answer no retry can change), listed one per delivery still to run, and put back on the queue.
 */
import type { Job, Queue } from "bullmq";
import type { QueuedDelivery, QueuedJobData } from "./queued-delivery.js";
import { type BodiesClient, settledIn } from "./raw-bodies.js";

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

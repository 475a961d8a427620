/**
 * What `contract deliveries` reads: dead-lettered inbound deliveries (the failed set of the
 * ack-then-process queue) and failed outbound messages (the failed set of the outbox), with a way
 * to put one or all of them back on their queue, and the sweep of the inbound queue's raw-body
 * hashes that no job refers to any more.
 */
import { fromBase64, fromUtf8 } from "@contract/runtime/webhooks";
import { type ConnectionOptions, type Job, Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import {
  attemptsOf,
  BATCH_INDEX_SEPARATOR,
  deliveriesOfJob,
  jobIdOfLetter,
  replayFailedJobs,
  unsettledCounter,
  unsettledDeliveriesOf,
} from "./dead-letters.js";
import { DEFAULT_KEY_PREFIX } from "./dedupe.js";
import { DEFAULT_OUTBOX_NAME, type OutboxAttempt, type OutboxMessage } from "./outbox.js";
import { DEFAULT_QUEUE_NAME, jobIdOf, type QueuedDelivery, type QueuedJobData } from "./queued-delivery.js";
import { type BodiesSweepOptions, type BodiesSweepResult, sweepOrphanedBodies } from "./sweep-bodies.js";

export interface FailedEntry {
  direction: "inbound" | "outbound";
  /** The failed job's id; a delivery of a failed inbound batch job: `<job id>#<index>`. */
  jobId: string;
  /** Delivery id (inbound) or message id (outbound). */
  id?: string;
  /** Webhook path (inbound) or webhook name (outbound). */
  what: string;
  attemptsMade: number;
  failedReason: string;
  finishedOn?: number;
}

export interface FailedDetail extends FailedEntry {
  /** Inbound: the kept headers and the body as text. Outbound: the payload. */
  headers?: Record<string, string>;
  body?: string;
  payload?: unknown;
  endpoint?: string;
  /** Outbound: every recorded attempt. */
  attempts?: OutboxAttempt[];
}

export interface DeliveryInspectorOptions {
  connection: ConnectionOptions;
  /** For outbound attempt history and the bodies kept beside inbound batch jobs. */
  redis: Redis | Cluster;
  queueName?: string;
  outboxName?: string;
  prefix?: string;
}

export interface DeliveryInspector {
  list(limit?: number): Promise<FailedEntry[]>;
  /** By job id, delivery id or message id. */
  show(id: string): Promise<FailedDetail | undefined>;
  /**
   * Puts one failed entry (by any id) back on its queue, or all of them (those in the failed sets
   * when called, each once); returns how many were put back (of a failed batch job: its deliveries
   * still to run, not those an earlier run of it settled).
   */
  replay(id?: string): Promise<number>;
  /** `sweepOrphanedBodies` on the inbound queue (the outbox keeps no bodies beside its jobs). */
  sweepOrphanedBodies(options?: BodiesSweepOptions): Promise<BodiesSweepResult>;
  close(): Promise<void>;
}

export function deliveryInspector(options: DeliveryInspectorOptions): DeliveryInspector {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const outboxName = options.outboxName ?? DEFAULT_OUTBOX_NAME;
  const inbound = new Queue<QueuedJobData>(options.queueName ?? DEFAULT_QUEUE_NAME, {
    connection: options.connection,
    prefix,
  });
  const outbound = new Queue<OutboxMessage>(outboxName, { connection: options.connection, prefix });

  const outboundEntryOf = (job: Job): FailedEntry => {
    const data = job.data as Partial<OutboxMessage>;
    const entry: FailedEntry = {
      direction: "outbound",
      jobId: String(job.id),
      what: data.webhook ?? "",
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason ?? "",
    };
    if (data.messageId !== undefined) entry.id = data.messageId;
    if (job.finishedOn !== undefined) entry.finishedOn = job.finishedOn;
    return entry;
  };

  /**
   * One entry per delivery of the failed inbound job still to run (a batch job holds several; those
   * an earlier run of it settled — handled, or given a job of their own — are not dead letters).
   */
  const inboundEntriesOf = async (
    job: Job<QueuedJobData>,
  ): Promise<(FailedEntry & { data: QueuedDelivery })[]> =>
    (await unsettledDeliveriesOf(job, options.redis)).map(({ id, data }) => {
      const entry: FailedEntry & { data: QueuedDelivery } = {
        direction: "inbound",
        jobId: id,
        what: data.path ?? "",
        attemptsMade: attemptsOf(job, data),
        failedReason: job.failedReason ?? "",
        data,
      };
      if (data.deliveryId !== undefined) entry.id = data.deliveryId;
      if (job.finishedOn !== undefined) entry.finishedOn = job.finishedOn;
      return entry;
    });

  type Found =
    | { direction: "inbound"; job: Job<QueuedJobData>; entry: FailedEntry & { data: QueuedDelivery } }
    | { direction: "outbound"; job: Job; entry: FailedEntry };

  const find = async (id: string): Promise<Found | undefined> => {
    // `<job id>#<index>`: a delivery of a failed batch job.
    if (id.includes(BATCH_INDEX_SEPARATOR)) {
      const job = await inbound.getJob(jobIdOfLetter(id));
      const entry = job ? (await inboundEntriesOf(job)).find((e) => e.jobId === id) : undefined;
      return job && entry ? { direction: "inbound", job, entry } : undefined;
    }
    for (const candidate of [id, jobIdOf(id)]) {
      const a = await inbound.getJob(candidate);
      const entry = a ? (await inboundEntriesOf(a))[0] : undefined;
      if (a && entry) return { direction: "inbound", job: a, entry };
      const b = await outbound.getJob(candidate);
      if (b) return { direction: "outbound", job: b, entry: outboundEntryOf(b) };
    }
    // A delivery id of a failed batch job: look through the failed batches.
    for (const job of await inbound.getFailed(0, 999)) {
      // (Whether it is settled is looked up only in a batch that holds it.)
      if (!deliveriesOfJob(job).some(({ data }) => data.deliveryId === id)) continue;
      const entry = (await inboundEntriesOf(job)).find((e) => e.id === id);
      if (entry) return { direction: "inbound", job, entry };
    }
    return undefined;
  };

  /** A delivery's body as text: inline in the job, or in the hash beside its batch job. */
  const bodyTextOf = async (data: QueuedDelivery): Promise<string | undefined> => {
    if (data.bodyKey !== undefined && data.bodyField !== undefined) {
      const bytes = await options.redis.hgetBuffer(data.bodyKey, data.bodyField);
      return bytes ? fromUtf8(bytes) : undefined;
    }
    if (data.body === undefined) return undefined;
    if (data.bodyEncoding === "utf8") return data.body;
    const bytes = fromBase64(data.body);
    return bytes ? fromUtf8(bytes) : undefined;
  };

  const unsettledCountOf = unsettledCounter(options.redis);

  const withoutData = ({ data: _, ...entry }: FailedEntry & { data: QueuedDelivery }): FailedEntry => entry;

  return {
    async list(limit = 100) {
      const [a, b] = await Promise.all([inbound.getFailed(0, limit - 1), outbound.getFailed(0, limit - 1)]);
      const inboundEntries = await Promise.all(a.map(inboundEntriesOf));
      return [...inboundEntries.flat().map(withoutData), ...b.map(outboundEntryOf)];
    },
    async show(id) {
      const found = await find(id);
      if (!found) return undefined;
      if (found.direction === "inbound") {
        const data = found.entry.data;
        const detail: FailedDetail = withoutData(found.entry);
        detail.headers = data.headers;
        const body = await bodyTextOf(data);
        if (body !== undefined) detail.body = body;
        return detail;
      }
      const detail: FailedDetail = found.entry;
      const data = found.job.data as OutboxMessage;
      detail.payload = data.payload;
      if (data.endpoint !== undefined) detail.endpoint = data.endpoint;
      const key = `${prefix}:outbox:${outboxName}:attempts:${data.messageId}`;
      detail.attempts = (await options.redis.lrange(key, 0, -1)).map((e) => JSON.parse(e) as OutboxAttempt);
      return detail;
    },
    async replay(id) {
      if (id !== undefined) {
        const found = await find(id);
        if (!found || !(await found.job.isFailed())) return 0;
        // A batch job is put back whole; its deliveries already settled are skipped, not counted.
        const count = found.direction === "inbound" ? await unsettledCountOf(found.job) : 1;
        await found.job.retry("failed");
        return count;
      }
      // Each failed set as it is now, each job once (see replayFailedJobs).
      const deliveries = await replayFailedJobs(inbound, unsettledCountOf);
      return deliveries + (await replayFailedJobs(outbound, () => 1));
    },
    sweepOrphanedBodies(sweepOptions) {
      return sweepOrphanedBodies(inbound, sweepOptions);
    },
    async close() {
      await Promise.all([inbound.close(), outbound.close()]);
    },
  };
}

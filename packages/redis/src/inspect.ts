/**
 * What `contract deliveries` reads: dead-lettered inbound deliveries (the failed set of the
 * ack-then-process queue) and failed outbound messages (the failed set of the outbox), with a way
 * to put one or all of them back on their queue.
 */
import { fromBase64, fromUtf8 } from "@contract/runtime/webhooks";
import { type ConnectionOptions, type Job, Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX } from "./dedupe.js";
import { DEFAULT_OUTBOX_NAME, type OutboxAttempt, type OutboxMessage } from "./outbox.js";
import { DEFAULT_QUEUE_NAME, jobIdOf, type QueuedDelivery } from "./queue.js";

export interface FailedEntry {
  direction: "inbound" | "outbound";
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
  /** For outbound attempt history. */
  redis: Redis | Cluster;
  queueName?: string;
  outboxName?: string;
  prefix?: string;
}

export interface DeliveryInspector {
  list(limit?: number): Promise<FailedEntry[]>;
  /** By job id, delivery id or message id. */
  show(id: string): Promise<FailedDetail | undefined>;
  /** Puts one failed entry (by any id) back on its queue, or all of them; returns how many. */
  replay(id?: string): Promise<number>;
  close(): Promise<void>;
}

export function deliveryInspector(options: DeliveryInspectorOptions): DeliveryInspector {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const outboxName = options.outboxName ?? DEFAULT_OUTBOX_NAME;
  const inbound = new Queue<QueuedDelivery>(options.queueName ?? DEFAULT_QUEUE_NAME, {
    connection: options.connection,
    prefix,
  });
  const outbound = new Queue<OutboxMessage>(outboxName, { connection: options.connection, prefix });

  const entryOf = (direction: FailedEntry["direction"], job: Job): FailedEntry => {
    const data = job.data as Partial<QueuedDelivery & OutboxMessage>;
    const entry: FailedEntry = {
      direction,
      jobId: String(job.id),
      what: direction === "inbound" ? (data.path ?? "") : (data.webhook ?? ""),
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason ?? "",
    };
    const id = direction === "inbound" ? data.deliveryId : data.messageId;
    if (id !== undefined) entry.id = id;
    if (job.finishedOn !== undefined) entry.finishedOn = job.finishedOn;
    return entry;
  };

  const find = async (id: string): Promise<{ direction: FailedEntry["direction"]; job: Job } | undefined> => {
    for (const candidate of [id, jobIdOf(id)]) {
      const a = await inbound.getJob(candidate);
      if (a) return { direction: "inbound", job: a };
      const b = await outbound.getJob(candidate);
      if (b) return { direction: "outbound", job: b };
    }
    // Inbound deliveries without a header id are queued under the hash of their body.
    return undefined;
  };

  return {
    async list(limit = 100) {
      const [a, b] = await Promise.all([inbound.getFailed(0, limit - 1), outbound.getFailed(0, limit - 1)]);
      return [...a.map((j) => entryOf("inbound", j)), ...b.map((j) => entryOf("outbound", j))];
    },
    async show(id) {
      const found = await find(id);
      if (!found) return undefined;
      const detail: FailedDetail = entryOf(found.direction, found.job);
      if (found.direction === "inbound") {
        const data = found.job.data as QueuedDelivery;
        detail.headers = data.headers;
        if (data.bodyEncoding === "utf8") detail.body = data.body;
        else {
          const bytes = fromBase64(data.body);
          if (bytes) detail.body = fromUtf8(bytes);
        }
      } else {
        const data = found.job.data as OutboxMessage;
        detail.payload = data.payload;
        if (data.endpoint !== undefined) detail.endpoint = data.endpoint;
        const key = `${prefix}:outbox:${outboxName}:attempts:${data.messageId}`;
        detail.attempts = (await options.redis.lrange(key, 0, -1)).map((e) => JSON.parse(e) as OutboxAttempt);
      }
      return detail;
    },
    async replay(id) {
      if (id !== undefined) {
        const found = await find(id);
        if (!found || !(await found.job.isFailed())) return 0;
        await found.job.retry("failed");
        return 1;
      }
      let replayed = 0;
      for (const queue of [inbound, outbound] as Queue[]) {
        for (;;) {
          const jobs = await queue.getFailed(0, 99);
          if (jobs.length === 0) break;
          for (const job of jobs) {
            await job.retry("failed");
            replayed++;
          }
        }
      }
      return replayed;
    },
    async close() {
      await Promise.all([inbound.close(), outbound.close()]);
    },
  };
}

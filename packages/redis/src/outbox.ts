/**
 * Sender outbox on BullMQ: `send` validates the payload, puts the message on a queue and returns;
 * outbox workers (any number of processes) make one attempt per job run with the runtime's sender,
 * retry on the sender's schedule presets, record every attempt in Redis, and stop delivering to an
 * endpoint that answered 410 Gone or failed too many times in a row.
 */
import { parseRetryAfter } from "@contract/runtime/client";
import {
  createWebhookSender,
  type DeliveryAttempt,
  defaultMessageId,
  SCHEDULES,
  type ScheduleName,
  type SenderDefinition,
  type WebhookSenderOptions,
} from "@contract/runtime/sender";
import { ValidationError } from "@contract/runtime/validation";
import { type ConnectionOptions, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { DEFAULT_KEY_PREFIX } from "./dedupe.js";
import { jobIdOf } from "./queued-delivery.js";

export const DEFAULT_OUTBOX_NAME = "contract-outbox";
/** Characters of an answer kept per attempt. */
export const ANSWER_EXCERPT_CHARS = 1024;
/** The longest \`Retry-After\` an outbox waits for by default (the runtime sender's default). */
export const DEFAULT_MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

export interface OutboxMessage {
  webhook: string;
  payload: unknown;
  messageId: string;
  /** Given at `send`; otherwise the sender's `endpoints`/`resolveEndpoint` decide. */
  endpoint?: string;
  queuedAt: number;
}

/** One recorded attempt. */
export interface OutboxAttempt {
  messageId: string;
  webhook: string;
  url: string;
  /**
   * 1-based, across job runs and processes; never repeats for a message: it continues from the
   * recorded history (a job re-run after its worker died mid-attempt, a replayed message).
   */
  attempt: number;
  startedAt: number;
  durationMs: number;
  status?: number;
  error?: DeliveryAttempt["error"];
  /** The first 1,024 characters of the answer. */
  answer?: string;
  outcome: "delivered" | "retry" | "failed" | "gone" | "disabled";
  /** With `retry`: ms the queue waits before the next attempt (the schedule's, or a longer `Retry-After`). */
  nextDelayMs?: number;
}

export interface OutboxOptions<Payloads> {
  connection: ConnectionOptions;
  /** Where attempts and endpoint state are kept (any connection to the same Redis). */
  redis: Redis | Cluster;
  queueName?: string;
  prefix?: string;
  definition: SenderDefinition;
  /**
   * The runtime sender's options (secret, signature, endpoints, timeoutMs, headers, ...). `retry`
   * is replaced by `schedule`: each job run is one attempt, the queue waits between them.
   */
  sender: Omit<WebhookSenderOptions<Payloads>, "retry" | "messageId">;
  /** Delays between attempts: a sender preset or milliseconds. Default `standard-webhooks`. */
  schedule?: ScheduleName | readonly number[];
  /**
   * Longest \`Retry-After\` waited for: an endpoint's \`Retry-After\` longer than the scheduled delay
   * is waited instead, up to this (a longer one waits this long; the message is still retried on
   * schedule afterwards). Default 5 minutes, as the runtime sender.
   */
  maxRetryAfterMs?: number;
  /** Consecutive failed attempts after which an endpoint is disabled. Default 20. */
  disableAfter?: number;
  /** Attempts kept per message. Default 50. */
  historyLimit?: number;
  /** How long attempt history is kept. Default 7 days. */
  historyTtlMs?: number;
}

export interface Outbox<Payloads> {
  /** Validates and queues one message; resolves once Redis has it. */
  send<Name extends keyof Payloads & string>(
    webhook: Name,
    payload: Payloads[Name],
    options?: { id?: string; endpoint?: string },
  ): Promise<{ messageId: string }>;
  /** Starts a worker that delivers queued messages (in this or any other process). */
  worker(options?: {
    concurrency?: number;
    lockDurationMs?: number;
    stalledIntervalMs?: number;
  }): Worker<OutboxMessage>;
  /** Every recorded attempt of a message, oldest first. */
  history(messageId: string): Promise<OutboxAttempt[]>;
  /** The message's state in the queue (`completed`, `failed`, `delayed`, `active`, `waiting`, ...). */
  state(messageId: string): Promise<string>;
  /** Endpoints no longer delivered to, with why. */
  disabledEndpoints(): Promise<Record<string, string>>;
  /** Delivers to an endpoint again (its failure count starts over). */
  enableEndpoint(url: string): Promise<void>;
  readonly queue: Queue<OutboxMessage>;
  close(): Promise<void>;
}

export function createOutbox<Payloads>(options: OutboxOptions<Payloads>): Outbox<Payloads> {
  const queueName = options.queueName ?? DEFAULT_OUTBOX_NAME;
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const schedule = options.schedule ?? "standard-webhooks";
  const delays = typeof schedule === "string" ? SCHEDULES[schedule] : schedule;
  if (delays === undefined) throw new TypeError(`unknown schedule ${JSON.stringify(schedule)}`);
  const disableAfter = options.disableAfter ?? 20;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  /** The schedule's wait after the \`attemptsMade\`-th attempt failed. */
  const scheduled = (attemptsMade: number) => delays[Math.max(0, attemptsMade - 1)] ?? delays.at(-1) ?? 0;
  const historyLimit = options.historyLimit ?? 50;
  const historyTtlMs = options.historyTtlMs ?? 7 * 24 * 3600 * 1000;
  const redis = options.redis;
  const keys = {
    attempts: (id: string) => `${prefix}:outbox:${queueName}:attempts:${id}`,
    failures: `${prefix}:outbox:${queueName}:failures`,
    disabled: `${prefix}:outbox:${queueName}:disabled`,
  };
  const queue = new Queue<OutboxMessage>(queueName, { connection: options.connection, prefix });
  // One attempt per job run: the queue, not the process, waits between attempts.
  const sender = createWebhookSender<Payloads>(options.definition, { ...options.sender, retry: false });
  const validators = options.sender.validators ?? options.definition.validators;

  const record = async (attempt: OutboxAttempt) => {
    const key = keys.attempts(attempt.messageId);
    await redis
      .multi()
      .rpush(key, JSON.stringify(attempt))
      .ltrim(key, -historyLimit, -1)
      .pexpire(key, historyTtlMs)
      .exec();
  };

  /**
   * The highest attempt number recorded for a message (0 if none). A worker that died after
   * recording an attempt leaves a job whose \`attemptsMade\` does not count it: numbering continues
   * from the history, so numbers never repeat.
   */
  const lastRecordedAttempt = async (messageId: string): Promise<number> => {
    const last = await redis.lindex(keys.attempts(messageId), -1);
    if (last === null) return 0;
    try {
      const attempt = (JSON.parse(last) as Partial<OutboxAttempt>).attempt;
      return typeof attempt === "number" && Number.isFinite(attempt) ? attempt : 0;
    } catch {
      return 0;
    }
  };

  /**
   * Where a message goes, as the sender would choose it: given at `send`, else `resolveEndpoint`
   * (which wins over `endpoints`), else `endpoints`. Chosen once per attempt, before the disabled
   * check, and handed to the sender, so that the endpoint checked is the one sent to.
   */
  async function endpointOf(message: OutboxMessage): Promise<string | undefined> {
    if (message.endpoint !== undefined) return message.endpoint;
    const { resolveEndpoint, endpoints } = options.sender;
    if (resolveEndpoint)
      return String(await resolveEndpoint(message.webhook as keyof Payloads & string, message.payload));
    return fixedEndpoint(endpoints, message.webhook);
  }

  async function deliverOnce(job: Job<OutboxMessage>, endpoint: string | undefined): Promise<OutboxAttempt> {
    const message = job.data;
    // BullMQ's count of this job's runs decides the retry budget and the schedule's step (it is
    // what the queue enforces); the recorded number only ever grows.
    const run = job.attemptsMade + 1;
    const attemptNumber = Math.max(run, (await lastRecordedAttempt(message.messageId)) + 1);
    const base = { messageId: message.messageId, webhook: message.webhook, attempt: attemptNumber };
    const result = await sender.send(message.webhook as keyof Payloads & string, message.payload as never, {
      id: message.messageId,
      ...(endpoint !== undefined ? { endpoint } : {}),
    });
    const last = result.attempts[result.attempts.length - 1];
    const url = result.url;
    const disabledWhy = await redis.hget(keys.disabled, url);
    const attempt: OutboxAttempt = {
      ...base,
      url,
      startedAt: last?.startedAt ?? Date.now(),
      durationMs: last?.durationMs ?? 0,
      outcome: "delivered",
    };
    if (last?.status !== undefined) attempt.status = last.status;
    if (last?.error !== undefined) attempt.error = last.error;
    if (last?.responseBody !== undefined) attempt.answer = last.responseBody.slice(0, ANSWER_EXCERPT_CHARS);
    if (result.ok) {
      await redis.hdel(keys.failures, url);
    } else if (result.gone) {
      attempt.outcome = "gone";
      await redis.hset(keys.disabled, url, "410 Gone");
    } else {
      const failures = await redis.hincrby(keys.failures, url, 1);
      const retryable =
        last?.error !== undefined
          ? last.error.kind !== "refused"
          : last?.status !== undefined && (last.status >= 500 || last.status === 408 || last.status === 429);
      attempt.outcome = retryable && run <= delays.length ? "retry" : "failed";
      if (attempt.outcome === "retry") {
        const asked = parseRetryAfter(last?.responseHeaders?.["retry-after"] ?? null);
        const wait = scheduled(run);
        attempt.nextDelayMs = asked === undefined ? wait : Math.max(wait, Math.min(asked, maxRetryAfterMs));
      }
      if (failures >= disableAfter && disabledWhy === null) {
        await redis.hset(keys.disabled, url, `${failures} consecutive failed attempts`);
      }
      if (!retryable) attempt.outcome = "failed";
    }
    await record(attempt);
    return attempt;
  }

  return {
    queue,
    async send(webhook, payload, sendOptions = {}) {
      const validator = validators?.(`webhook:${webhook}:application/json`);
      const verdict = options.sender.validate === false ? undefined : validator?.validate(payload);
      if (verdict && !verdict.ok) {
        throw new ValidationError(validator?.validatorName ?? `webhook ${webhook} payload`, verdict.errors);
      }
      const messageId = sendOptions.id ?? defaultMessageId();
      const data: OutboxMessage = { webhook, payload, messageId, queuedAt: Date.now() };
      if (sendOptions.endpoint !== undefined) data.endpoint = sendOptions.endpoint;
      await queue.add("message", data, {
        jobId: jobIdOf(messageId),
        attempts: delays.length + 1,
        backoff: { type: "schedule" },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: false,
      });
      return { messageId };
    },
    worker(workerOptions = {}) {
      const worker = new Worker<OutboxMessage>(
        queueName,
        async (job) => {
          const target = await endpointOf(job.data);
          if (target !== undefined && (await redis.hget(keys.disabled, target)) !== null) {
            throw new UnrecoverableError(`endpoint ${target} is disabled`);
          }
          const attempt = await deliverOnce(job, target);
          if (attempt.outcome === "delivered") return attempt;
          const why =
            attempt.status !== undefined
              ? `answered ${attempt.status}`
              : (attempt.error?.message ?? "failed");
          if (attempt.outcome === "retry" && (await redis.hget(keys.disabled, attempt.url)) === null) {
            throw new RetryLater(why, attempt.nextDelayMs ?? scheduled(job.attemptsMade + 1));
          }
          throw new UnrecoverableError(attempt.outcome === "gone" ? "410 Gone: endpoint disabled" : why);
        },
        {
          connection: options.connection,
          prefix,
          concurrency: workerOptions.concurrency ?? 10,
          lockDuration: workerOptions.lockDurationMs ?? 30_000,
          stalledInterval: workerOptions.stalledIntervalMs ?? 30_000,
          settings: {
            // The attempt decided its wait (a longer Retry-After wins); anything else that failed
            // the job run waits on the schedule.
            backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
              error instanceof RetryLater ? error.delayMs : scheduled(attemptsMade),
          },
        },
      );
      worker.on("error", () => {});
      return worker;
    },
    async history(messageId) {
      const entries = await redis.lrange(keys.attempts(messageId), 0, -1);
      return entries.map((e) => JSON.parse(e) as OutboxAttempt);
    },
    async state(messageId) {
      return queue.getJobState(jobIdOf(messageId));
    },
    async disabledEndpoints() {
      return redis.hgetall(keys.disabled);
    },
    async enableEndpoint(url) {
      await redis.multi().hdel(keys.disabled, url).hdel(keys.failures, url).exec();
    },
    async close() {
      await queue.close();
    },
  };
}

/** A failed attempt to retry, after \`delayMs\`. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** The endpoint `endpoints` gives a webhook (one URL for all, or one per webhook). */
function fixedEndpoint(endpoints: unknown, webhook: string): string | undefined {
  if (typeof endpoints === "string" || endpoints instanceof URL) return String(endpoints);
  if (endpoints !== null && typeof endpoints === "object" && Object.hasOwn(endpoints, webhook)) {
    const chosen = (endpoints as Record<string, unknown>)[webhook];
    return chosen === undefined ? undefined : String(chosen);
  }
  return undefined;
}

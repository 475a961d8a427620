/**
 * One delivery worker: the receiver's process on queued jobs. Env: REDIS_PORT, QUEUE, WORKER.
 * The handler counts its invocations and records its effect once per delivery id. Prints `ready`.
 */
import { closeOnSignals, deliveryWorker, redisDedupeStore } from "@contract/redis";
import { createReceiver } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { connectionOf, definition, RECORD_EFFECT, SECRET } from "./contract.mjs";

const port = Number(process.env.REDIS_PORT);
const queueName = process.env.QUEUE ?? "load";
const name = process.env.WORKER ?? String(process.pid);
// Auto-pipelining: the dedupe store's and the handler's commands of concurrent deliveries share writes.
const redis = new Redis({ ...connectionOf(port), enableAutoPipelining: true });
redis.on("error", () => {});
redis.defineCommand("recordEffect", { numberOfKeys: 2, lua: RECORD_EFFECT });

const receiver = createReceiver(definition, {
  secret: SECRET,
  dedupe: redisDedupeStore(redis, { namespace: `${queueName}:processed`, leaseMs: 4000 }),
  handlerTimeoutMs: 2000,
  onError: () => {},
  onWarning: () => {},
  handlers: {
    "order.paid": async (event) => {
      const id = event.deliveryId;
      await redis.hincrby(`${queueName}:invocations`, id, 1);
      await redis.recordEffect(`${queueName}:effect:${id}`, `${queueName}:effects`, id, name);
    },
  },
});
const worker = deliveryWorker(receiver, {
  connection: connectionOf(port),
  queueName,
  concurrency: Number(process.env.CONCURRENCY ?? 16),
  batchConcurrency: Number(process.env.BATCH_CONCURRENCY ?? 16),
  lockDurationMs: 5000,
  stalledIntervalMs: 2000,
  // The run has two faults in a row: a job taken back from the killed worker can be caught by the
  // Redis kill too (its lock lapses during the outage, or the fetch whose answer the outage lost is
  // sent again), a second stall. With BullMQ's default of 1 that job would be failed as a whole —
  // reported, not lost, and replayable — but this test asserts that none fails.
  maxStalledCount: 2,
});
closeOnSignals([worker], {
  exit: (code) => {
    void redis.quit().finally(() => process.exit(code));
  },
});
worker.waitUntilReady().then(() => process.stdout.write("ready\n"));

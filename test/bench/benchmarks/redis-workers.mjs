/**
 * Processed deliveries per second with 1 vs 2 worker processes (@contract/redis deliveryWorker:
 * the receiver's parse → route → de-duplicate in Redis → handler, whose effect is a Redis write).
 * Workers start before the timed part; a run adds 3,000 queued deliveries in one batch and ends
 * when every handler effect is recorded. Needs redis-server.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startRedisServer } from "@contract/redis/testing";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { repoRoot } from "../lib/paths.mjs";

const COUNT = 3000;
const processes = join(repoRoot, "packages", "redis", "test", "processes");

function startWorker(port, queue, name) {
  const child = spawn(process.execPath, [join(processes, "worker.mjs")], {
    cwd: join(repoRoot, "packages", "redis"),
    env: { ...process.env, REDIS_PORT: String(port), QUEUE: queue, WORKER: name, CONCURRENCY: "16" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", () => resolve(child));
    child.on("exit", (code) => reject(new Error(`worker exited ${code}`)));
  });
}

let runNumber = 0;

function workersCase(name, queueName, baseline = false) {
  return {
    name,
    baseline,
    async run(state) {
      const run = ++runNumber;
      const queue = state.queues[queueName];
      const before = await state.redis.llen(`${queueName}:effects`);
      const jobs = Array.from({ length: COUNT }, (_, i) => {
        const id = `bench_${run}_${i}`;
        const body = Buffer.from(JSON.stringify({ type: "order.paid", id: `o${i}`, amount: i })).toString(
          "base64",
        );
        return {
          name: "delivery",
          data: {
            method: "POST",
            path: "/webhooks",
            headers: { "content-type": "application/json", "webhook-id": id },
            body,
            deliveryId: id,
            receivedAt: Date.now(),
          },
          opts: { removeOnComplete: true, attempts: 3 },
        };
      });
      await queue.addBulk(jobs);
      while ((await state.redis.llen(`${queueName}:effects`)) < before + COUNT) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const entry = state.rates[name] ?? [];
      state.rates[name] = entry;
      return undefined;
    },
  };
}

export default {
  name: "redis-workers",
  title: `webhooks: ${COUNT} queued deliveries processed`,
  runs: 5,
  warmup: 1,
  async setup() {
    const redisServer = await startRedisServer();
    const connection = { host: "127.0.0.1", port: redisServer.port, maxRetriesPerRequest: null };
    const redis = new Redis(connection);
    const children = [
      await startWorker(redisServer.port, "one", "one-a"),
      await startWorker(redisServer.port, "two", "two-a"),
      await startWorker(redisServer.port, "two", "two-b"),
    ];
    const queues = {
      one: new Queue("one", { connection, prefix: "contract" }),
      two: new Queue("two", { connection, prefix: "contract" }),
    };
    return { redisServer, redis, children, queues, rates: {} };
  },
  cases: [
    workersCase("1 worker process (concurrency 16)", "one", true),
    workersCase("2 worker processes (concurrency 16 each)", "two"),
  ],
  async teardown(state) {
    for (const child of state.children) {
      child.removeAllListeners("exit");
      child.kill("SIGKILL");
    }
    await Promise.all(Object.values(state.queues).map((q) => q.close()));
    state.redis.disconnect();
    await state.redisServer.dispose();
  },
};

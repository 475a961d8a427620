/**
 * Multi-process delivery load on a real Redis (append-only file on): `receivers` ack-then-process
 * front ends and `workers` worker processes; `deliveries` signed deliveries plus a share of
 * duplicates (same id, sent at the same time to another receiver), spread over the receivers by
 * `connections` concurrent senders that retry every non-2xx answer. Mid-run one worker is killed
 * with SIGKILL and started again, another is stopped with SIGTERM (it finishes its running jobs) and
 * started again, and Redis is killed and restarted on its append-only file.
 * Returns what happened; the multi-process test asserts on it and `bench/delivery-redis.mjs`
 * prints it.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRedisServer } from "@contract/redis/testing";
import { standardWebhooks, utf8 } from "@contract/runtime/webhooks";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { connectionOf, SECRET } from "./contract.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..", "..");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function spawnChild(script, env) {
  const child = spawn(process.execPath, [join(here, script)], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => {
    err = (err + d).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const match = /ready ?(\d*)/.exec(out);
      if (match) resolve({ child, port: Number(match[1]) || undefined });
    });
    child.once("exit", (code, signal) => reject(new Error(`${script} exited (${code ?? signal}): ${err}`)));
  });
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });

export async function runDeliveryLoad(options = {}) {
  const deliveries = options.deliveries ?? 3000;
  const duplicateShare = options.duplicateShare ?? 0.1;
  const receiverCount = options.receivers ?? 3;
  const workerCount = options.workers ?? 2;
  const connections = options.connections ?? 48;
  const crash = options.crash ?? true;
  const workerConcurrency = options.workerConcurrency ?? 16;
  const batchConcurrency = options.batchConcurrency ?? 16;
  const settleMs = options.settleMs ?? 60_000;
  const queueName = "load";
  const log = options.log ?? (() => {});

  const server = await startRedisServer({ appendOnly: true });
  const env = {
    REDIS_PORT: String(server.port),
    QUEUE: queueName,
    CONCURRENCY: String(workerConcurrency),
    BATCH_CONCURRENCY: String(batchConcurrency),
  };
  const children = [];
  const redis = new Redis(connectionOf(server.port));
  redis.on("error", () => {});
  const queue = new Queue(queueName, { connection: connectionOf(server.port), prefix: "contract" });
  queue.on("error", () => {});
  try {
    const receivers = await Promise.all(
      Array.from({ length: receiverCount }, () => spawnChild("receiver.mjs", env)),
    );
    children.push(...receivers.map((r) => r.child));
    const workers = await Promise.all(
      Array.from({ length: workerCount }, (_, i) => spawnChild("worker.mjs", { ...env, WORKER: `w${i}` })),
    );
    children.push(...workers.map((w) => w.child));
    log(`redis on ${server.port}, ${receiverCount} receivers, ${workerCount} workers`);

    // Each delivery to one receiver; a duplicate goes right after it to the next receiver.
    const tasks = [];
    const duplicateEvery = duplicateShare > 0 ? Math.round(1 / duplicateShare) : 0;
    for (let i = 0; i < deliveries; i++) {
      tasks.push({ i, receiver: i % receiverCount });
      if (duplicateEvery > 0 && i % duplicateEvery === 0)
        tasks.push({ i, receiver: (i + 1) % receiverCount });
    }
    const signer = standardWebhooks({ secrets: SECRET });
    const statuses = {};
    let requests = 0;
    let networkErrors = 0;
    const send = async (task) => {
      const id = `load_${task.i}`;
      const body = utf8(JSON.stringify({ type: "order.paid", id: `o${task.i}`, amount: task.i }));
      for (let attempt = 0; ; attempt++) {
        const headers = { "content-type": "application/json", ...(await signer.sign({ id, body })) };
        requests++;
        try {
          const response = await fetch(`http://127.0.0.1:${receivers[task.receiver].port}/webhooks`, {
            method: "POST",
            headers,
            body,
          });
          await response.arrayBuffer();
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          if (response.ok) return;
        } catch {
          networkErrors++;
        }
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
      }
    };

    const started = performance.now();
    let next = 0;
    let done = 0;
    const events = [];
    const chaos = [];
    const sender = async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        if (crash && next === Math.floor(tasks.length * 0.3)) chaos.push(killWorker());
        if (crash && next === Math.floor(tasks.length * 0.45) && workers.length > 1) chaos.push(stopWorker());
        if (crash && next === Math.floor(tasks.length * 0.6)) chaos.push(restartRedis());
        await send(task);
        done++;
      }
    };
    const killWorker = async () => {
      const victim = workers[0].child;
      const active = await queue.getActiveCount().catch(() => -1);
      victim.kill("SIGKILL");
      events.push(`worker w0 killed (SIGKILL) after ${done} acks, ${active} jobs active`);
      await sleep(1000);
      const again = await spawnChild("worker.mjs", { ...env, WORKER: "w0b" });
      children.push(again.child);
      events.push(`worker w0 restarted after ${done} acks`);
    };
    // SIGTERM: the worker finishes its running jobs, then exits; a new one takes its place.
    const stopWorker = async () => {
      const active = await queue.getActiveCount().catch(() => -1);
      await stop(workers[1].child);
      events.push(`worker w1 stopped (SIGTERM) after ${done} acks, ${active} jobs active`);
      const again = await spawnChild("worker.mjs", { ...env, WORKER: "w1b" });
      children.push(again.child);
      events.push(`worker w1 restarted after ${done} acks`);
    };
    const restartRedis = async () => {
      await server.kill();
      events.push(`redis killed (SIGKILL) after ${done} acks`);
      await sleep(500);
      await server.restart();
      events.push(`redis restarted from its append-only file after ${done} acks`);
    };
    await Promise.all(Array.from({ length: connections }, sender));
    const ackedMs = performance.now() - started;
    await Promise.all(chaos);

    // Every acknowledged delivery must reach the effects log; wait for the queue to drain.
    const deadline = Date.now() + settleMs;
    let counts;
    for (;;) {
      const logged = await redis.llen(`${queueName}:effects`).catch(() => -1);
      counts = await queue.getJobCounts("waiting", "active", "delayed", "failed", "prioritized", "paused");
      const open = counts.waiting + counts.active + counts.delayed + counts.prioritized + counts.paused;
      if ((logged >= deliveries && open === 0) || Date.now() > deadline) break;
      await sleep(100);
    }
    const processedMs = performance.now() - started;
    const effects = await redis.lrange(`${queueName}:effects`, 0, -1);
    const invocations = await redis.hgetall(`${queueName}:invocations`);
    const perId = new Map();
    for (const id of effects) perId.set(id, (perId.get(id) ?? 0) + 1);
    const expected = Array.from({ length: deliveries }, (_, i) => `load_${i}`);
    const runs = Object.values(invocations).map(Number);
    return {
      deliveries,
      sends: tasks.length,
      requests,
      networkErrors,
      statuses,
      events,
      ackedMs,
      processedMs,
      lost: expected.filter((id) => !perId.has(id)).length,
      effectsRecorded: effects.length,
      doubledEffects: [...perId.values()].filter((n) => n > 1).length,
      handlerRuns: runs.reduce((a, b) => a + b, 0),
      idsRunTwice: runs.filter((n) => n > 1).length,
      failedJobs: counts.failed,
      // A worker runs `concurrency` jobs at once, each batch job `batchConcurrency` deliveries at once.
      inFlightPerWorker: workerConcurrency * batchConcurrency,
      openJobs: counts.waiting + counts.active + counts.delayed,
    };
  } finally {
    await Promise.all(children.map(stop));
    await queue.close().catch(() => {});
    redis.disconnect();
    await server.dispose();
  }
}

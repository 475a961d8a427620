/**
 * Processed deliveries per second with 1 vs 2 worker processes (@contract/redis deliveryWorker:
 * the receiver's parse → route → de-duplicate in Redis → handler, whose effect is a Redis write).
 * Workers start before the timed part. Before each run (untimed) the queue is paused and filled
 * with 3,000 deliveries in one batch; the timed part resumes it and ends when every handler effect
 * is recorded: the workers' drain rate alone, the producer's cost is in neither figure.
 * Also prints, per case, the CPU each process used during the drain as a share of one core
 * (worker processes, redis-server), read from /proc: on a 2-core machine this shows whether a
 * second worker has a core to run on. Needs redis-server (and Linux for the CPU split).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startRedisServer } from "@contract/redis/testing";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { repoRoot } from "../lib/paths.mjs";

const COUNT = 3000;
const CONCURRENCY = 16;
const processes = join(repoRoot, "packages", "redis", "test", "processes");
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function startWorker(port, queue, name) {
  const child = spawn(process.execPath, [join(processes, "worker.mjs")], {
    cwd: join(repoRoot, "packages", "redis"),
    env: {
      ...process.env,
      REDIS_PORT: String(port),
      QUEUE: queue,
      WORKER: name,
      CONCURRENCY: String(CONCURRENCY),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", () => resolve(child));
    child.on("exit", (code) => reject(new Error(`worker exited ${code}`)));
  });
}

/** A process's CPU time in ms (user + system) from /proc/<pid>/stat; undefined off Linux. */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

let runNumber = 0;

function workersCase(name, queueName, baseline = false) {
  return {
    name,
    baseline,
    async before(state) {
      const run = ++runNumber;
      const queue = state.queues[queueName];
      await queue.pause();
      const jobs = Array.from({ length: COUNT }, (_, i) => {
        const id = `bench_${run}_${i}`;
        const body = JSON.stringify({ type: "order.paid", id: `o${i}`, amount: i });
        return {
          name: "delivery",
          data: {
            method: "POST",
            path: "/webhooks",
            headers: { "content-type": "application/json", "webhook-id": id },
            body,
            bodyEncoding: "utf8",
            deliveryId: id,
            receivedAt: Date.now(),
          },
          opts: { removeOnComplete: true, attempts: 3, jobId: `bench_${run}_${i}` },
        };
      });
      await queue.addBulk(jobs);
      state.effectsBefore = await state.redis.llen(`${queueName}:effects`);
    },
    async run(state) {
      const queue = state.queues[queueName];
      const pids = { workers: state.pids[queueName], redis: [state.redisPid] };
      const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.map(cpuMsOf)]));
      const started = performance.now();
      await queue.resume();
      while ((await state.redis.llen(`${queueName}:effects`)) < state.effectsBefore + COUNT) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const wall = performance.now() - started;
      const entry = state.split[name] ?? { wall: [], workers: [], redis: [] };
      entry.wall.push(wall);
      for (const k of ["workers", "redis"]) {
        const used = pids[k].map((pid, i) => (cpuMsOf(pid) ?? Number.NaN) - (cpuBefore[k][i] ?? Number.NaN));
        entry[k].push(used.map((ms) => ms / wall));
      }
      state.split[name] = entry;
      const workersCpu = entry.workers.at(-1).reduce((a, b) => a + b, 0) * wall;
      return { cpuMs: workersCpu };
    },
  };
}

export default {
  name: "redis-workers",
  title: `webhooks: ${COUNT} queued deliveries drained`,
  runs: 5,
  warmup: 1,
  async setup() {
    const redisServer = await startRedisServer();
    const connection = { host: "127.0.0.1", port: redisServer.port, maxRetriesPerRequest: null };
    const redis = new Redis(connection);
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1]);
    const children = [
      await startWorker(redisServer.port, "one", "one-a"),
      await startWorker(redisServer.port, "two", "two-a"),
      await startWorker(redisServer.port, "two", "two-b"),
    ];
    const queues = {
      one: new Queue("one", { connection, prefix: "contract" }),
      two: new Queue("two", { connection, prefix: "contract" }),
    };
    const pids = { one: [children[0].pid], two: [children[1].pid, children[2].pid] };
    return { redisServer, redis, redisPid, children, queues, pids, split: {} };
  },
  cases: [
    workersCase(`1 worker process (concurrency ${CONCURRENCY})`, "one", true),
    workersCase(`2 worker processes (concurrency ${CONCURRENCY} each)`, "two"),
  ],
  async teardown(state) {
    const share = (xs) => `${Math.round(median(xs) * 100)}%`;
    const lines = Object.entries(state.split).map(([name, e]) => {
      const perWorker = e.workers[0].map((_, i) => share(e.workers.map((w) => w[i])));
      const rate = Math.round((COUNT / median(e.wall)) * 1000);
      // CPU per delivery of all worker processes and redis-server together: what a delivery costs
      // the machine, robust to other load (wall rates are not).
      const perDelivery = e.wall.map(
        (wall, run) =>
          ((e.workers[run].reduce((a, b) => a + b, 0) + (e.redis[run][0] ?? 0)) * wall * 1000) / COUNT,
      );
      return `  ${String(rate).padStart(6)} /s  ${String(Math.round(median(perDelivery))).padStart(4)} µs CPU/delivery  workers ${perWorker.join(" + ")}  redis-server ${share(e.redis.map((r) => r[0]))}  ${name}`;
    });
    process.stderr.write(
      `\nmedian drain rate and CPU per process during the drain (100% = one core):\n${lines.join("\n")}\n`,
    );
    for (const child of state.children) {
      child.removeAllListeners("exit");
      child.kill("SIGKILL");
    }
    await Promise.all(Object.values(state.queues).map((q) => q.close()));
    state.redis.disconnect();
    await state.redisServer.dispose();
  },
};

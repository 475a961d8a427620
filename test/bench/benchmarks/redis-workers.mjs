/**
 * Processed deliveries per second with 1 vs 2 worker processes (@contract/redis deliveryWorker:
 * the receiver's parse → route → validate → de-duplicate in Redis → handler, whose effect is a
 * Redis write), in two case sets:
 * - `order.paid`: a small one-webhook contract (Standard Webhooks), the multi-process test's workers;
 * - GitHub: real deliveries from @octokit/webhooks-examples through the GitHub receiver with the
 *   generated validators (drift policy `report`), every webhook handled.
 * Workers start before the timed part. Before each run (untimed) the queue is paused and filled
 * with 12,000 signed deliveries (a drain of several seconds, so that the workers' start — taking
 * the first jobs, warming up — weighs little) through the real ingest path (`queuedReceiver(...).handle(...)` in
 * this process, so jobs are shaped as in production: group-committed batches); the timed part
 * resumes it and ends when every handler effect is recorded: the workers' drain rate alone.
 * `REDIS_BENCH_JOBS=per-delivery` fills with one job per delivery instead (the earlier shape).
 * Prints, per case, the CPU each process used during the drain (share of one core, from /proc)
 * and CPU per delivery (workers + redis-server), and where redis-server's time goes (INFO
 * commandstats per delivery). Needs redis-server (and Linux for the CPU split).
 * `CONTRACT_BENCH_REDIS=<dist dir>` adds the GitHub cases with another build of @contract/redis in
 * the workers (a `dist` folder placed inside packages/redis, e.g. an older commit's), interleaved
 * with the current build's: a paired comparison. `REDIS_BENCH_CPU_PROF=<dir>`: the GitHub workers
 * write CPU profiles (`--cpu-prof`) there.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { queuedReceiver } from "@contract/redis";
import { startRedisServer } from "@contract/redis/testing";
import { createReceiver, standardWebhooks } from "@contract/runtime/webhooks";
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";
import { Redis } from "ioredis";
import { GITHUB_EXAMPLES, GITHUB_WEBHOOKS, repoRoot } from "../lib/paths.mjs";
import { commandStats, formatCommandStats, perDelivery } from "../lib/redis-commandstats.mjs";

const COUNT = Number(process.env.REDIS_BENCH_COUNT ?? 12_000);
// Jobs each worker takes at once (BullMQ's `concurrency`), each a batch of up to 256 deliveries run
// 16 at a time. 2, not more: a worker takes that many jobs as soon as it can, so with 16 one worker
// could hold all the batches of a small queue while the other idled (and many of a large one at the
// end of the drain); and more deliveries in flight cost more CPU each (GitHub, paired: 249 µs at
// 16 jobs, 173 µs at 2).
// REDIS_BENCH_CONCURRENCY=<n> sets another.
const CONCURRENCY = Number(process.env.REDIS_BENCH_CONCURRENCY ?? 2);
const OTHER_BUILD = process.env.CONTRACT_BENCH_REDIS ? resolve(process.env.CONTRACT_BENCH_REDIS) : undefined;
// REDIS_BENCH_CPU_PROF=<dir>: the GitHub workers write CPU profiles there (on exit, at teardown).
const PROFILE_DIR = process.env.REDIS_BENCH_CPU_PROF ? resolve(process.env.REDIS_BENCH_CPU_PROF) : undefined;
const PROFILE = PROFILE_DIR ? ["--cpu-prof", "--cpu-prof-dir", PROFILE_DIR] : [];
// REDIS_BENCH_CASES=<text>: only the cases whose name contains it (e.g. `GitHub`), to measure one kind faster.
const ONLY = process.env.REDIS_BENCH_CASES?.toLowerCase();
const JOBS = process.env.REDIS_BENCH_JOBS === "per-delivery" ? "per-delivery" : "batch";
const processes = join(repoRoot, "packages", "redis", "test", "processes");
const benchRedis = join(repoRoot, "test", "bench", "redis");
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function started(child, what) {
  return new Promise((resolve, reject) => {
    child.stdout.on("data", () => resolve(child));
    child.on("exit", (code) => reject(new Error(`${what} exited ${code}`)));
  });
}

function startOrderWorker(port, queue, name) {
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
  return started(child, "worker");
}

function startGithubWorker(port, queue, name, validators, redisBuild) {
  const args = [
    join(benchRedis, "github-worker.mjs"),
    String(port),
    queue,
    name,
    validators,
    GITHUB_WEBHOOKS,
    String(CONCURRENCY),
    ...(redisBuild ? [redisBuild] : []),
  ];
  // REDIS_BENCH_WORKER_NICE=<n>: the GitHub workers run at that niceness (an experiment, see REDIS_BENCH_REDIS_SCHED).
  const nice = process.env.REDIS_BENCH_WORKER_NICE;
  const [command, ...prefix] = nice ? ["nice", "-n", nice, process.execPath] : [process.execPath];
  const child = spawn(command, [...prefix, ...PROFILE, ...args], {
    cwd: join(repoRoot, "test", "bench"),
    stdio: ["ignore", "pipe", "inherit"],
  });
  return started(child, "github worker");
}

/** The generated validators.js, written where it resolves @contract/runtime (test/.out is ignored). */
async function generateValidators() {
  const { buildIR, loadSpec } = await import("@contract/core");
  const { validatorsGenerator } = await import("@contract/codegen");
  const ir = buildIR((await loadSpec(GITHUB_WEBHOOKS)).document);
  const files = await validatorsGenerator.generate({ ir, generatorVersion: "bench" }, {});
  const folder = join(repoRoot, "test", ".out", "bench-redis-workers");
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeFile(join(folder, file.path), file.contents);
  return join(folder, "validators.js");
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

/**
 * A process's main thread (where JavaScript runs, or redis-server's command loop) as the scheduler
 * saw it, in ms: time on a core and time runnable but waiting for one (/proc/<pid>/task/<pid>/schedstat);
 * the rest of the wall time it slept, waiting for I/O. undefined off Linux.
 */
function schedOf(pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ").map(Number);
    // Voluntary switches: how often the thread went to sleep (each a wake-up to wait for later).
    const sleeps = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(
      readFileSync(`/proc/${pid}/task/${pid}/status`, "utf8"),
    );
    return { run: (run ?? Number.NaN) / 1e6, wait: (wait ?? Number.NaN) / 1e6, sleeps: Number(sleeps?.[1]) };
  } catch {
    return undefined;
  }
}

/** The machine's CPU time so far in ms, busy and idle (all cores, from /proc/stat); undefined off Linux. */
function machineCpuMs() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the time no process had a core.
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const all = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: ((all - idle) * 1000) / 100, idle: (idle * 1000) / 100 };
  } catch {
    return undefined;
  }
}

/** The request-path front end of a case: the same verify and group-committed enqueue as production. */
function frontOf(kind, connection, queueName) {
  const definition =
    kind === "github"
      ? {
          webhooks: [],
          signature: "github",
          route: GITHUB_ROUTE,
        }
      : {
          webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
          signature: "standard-webhooks",
          route: { by: "body", field: "type" },
        };
  const secret = kind === "github" ? GITHUB_SECRET : ORDER_SECRET;
  const receiver = createReceiver(definition, { secret, handlers: {}, onError() {} });
  // Filling is untimed and the machine may be busy: wait for Redis rather than answer 503.
  return queuedReceiver(receiver, {
    connection,
    queueName,
    removeOnComplete: true,
    attempts: 3,
    jobs: JOBS,
    enqueueTimeoutMs: 120_000,
  });
}

let ORDER_SECRET = "";
let runNumber = 0;

/** `count` signed deliveries of the case's kind, with delivery ids unique to this run. */
async function deliveriesOf(kind, state, run) {
  if (kind === "github") {
    return Array.from({ length: COUNT }, (_, i) => {
      const example = state.github[i % state.github.length];
      const headers = {
        "content-type": "application/json",
        "x-github-event": example.event,
        "x-github-delivery": `bench_${run}_${i}`,
        "x-hub-signature-256": example.signature,
      };
      return { method: "POST", path: "/webhooks", headers: (n) => headers[n], body: example.body };
    });
  }
  const signer = standardWebhooks({ secrets: ORDER_SECRET });
  return Promise.all(
    Array.from({ length: COUNT }, async (_, i) => {
      const body = new TextEncoder().encode(JSON.stringify({ type: "order.paid", id: `o${i}`, amount: i }));
      const headers = {
        "content-type": "application/json",
        ...(await signer.sign({ id: `bench_${run}_${i}`, body })),
      };
      return { method: "POST", path: "/webhooks", headers: (n) => headers[n], body };
    }),
  );
}

function workersCase(name, kind, queueName, baseline = false) {
  return {
    name,
    baseline,
    async before(state) {
      const run = ++runNumber;
      const front = state.fronts[queueName];
      await front.queue.pause();
      const deliveries = await deliveriesOf(kind, state, run);
      const answers = await Promise.all(deliveries.map((d) => front.handle(d)));
      const refused = answers.filter((a) => a.status !== 202);
      if (refused.length > 0) throw new Error(`ingest refused ${refused.length}: ${refused[0]?.body}`);
      state.effectsBefore = await state.redis.llen(`${queueName}:effects`);
    },
    async run(state, round) {
      const queue = state.fronts[queueName].queue;
      const pids = { workers: state.pids[queueName], redis: [state.redisPid] };
      const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.map(cpuMsOf)]));
      const schedBefore = Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.map(schedOf)]));
      const statsBefore = await commandStats(state.redis);
      const machineBefore = machineCpuMs();
      const started = performance.now();
      await queue.resume();
      for (
        let polls = 1;
        (await state.redis.llen(`${queueName}:effects`)) < state.effectsBefore + COUNT;
        polls++
      ) {
        // Rarely: each look at the failed set is a script in Redis, counted in its CPU.
        if (polls % 200 === 0 && (await queue.getFailedCount()) > 0)
          throw new Error(`${name}: a delivery was dead-lettered`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const wall = performance.now() - started;
      const machineAfter = machineCpuMs();
      const statsAfter = await commandStats(state.redis);
      // Every delivery's effect exactly once (untimed): a handler run twice or not at all fails the case.
      const effects = await state.redis.lrange(`${queueName}:effects`, state.effectsBefore, -1);
      if (effects.length !== COUNT || new Set(effects).size !== COUNT)
        throw new Error(
          `${name}: ${effects.length} effects, ${new Set(effects).size} distinct, for ${COUNT} deliveries`,
        );
      const workersCpuMs = pids.workers.reduce(
        (sum, pid, i) => sum + (cpuMsOf(pid) ?? Number.NaN) - (cpuBefore.workers[i] ?? Number.NaN),
        0,
      );
      // The warm-up round is checked like the others but left out of the printed figures.
      if (round?.warmup) return { cpuMs: workersCpuMs };
      const entry = state.split[name] ?? {
        wall: [],
        workers: [],
        redis: [],
        machine: [],
        commands: [],
        sched: { workers: [], redis: [] },
      };
      entry.wall.push(wall);
      if (machineBefore && machineAfter) entry.machine.push((machineAfter.busy - machineBefore.busy) / wall);
      for (const k of ["workers", "redis"]) {
        const used = pids[k].map((pid, i) => (cpuMsOf(pid) ?? Number.NaN) - (cpuBefore[k][i] ?? Number.NaN));
        entry[k].push(used.map((ms) => ms / wall));
        // Main thread: share of the drain on a core, waiting for a core, and asleep (waiting for I/O).
        entry.sched[k].push(
          pids[k].map((pid, i) => {
            const after = schedOf(pid);
            const before = schedBefore[k][i];
            if (!after || !before) return undefined;
            const run = (after.run - before.run) / wall;
            const wait = (after.wait - before.wait) / wall;
            return {
              run,
              wait,
              sleep: 1 - run - wait,
              sleepsPerDelivery: (after.sleeps - before.sleeps) / COUNT,
            };
          }),
        );
      }
      entry.commands.push(perDelivery(statsBefore, statsAfter, COUNT));
      state.split[name] = entry;
      return { cpuMs: workersCpuMs };
    },
  };
}

export default {
  name: "redis-workers",
  title: `webhooks: ${COUNT} queued deliveries drained (${JOBS} jobs)`,
  runs: 5,
  warmup: 1,
  async setup() {
    ORDER_SECRET = (await import(pathToFileURL(join(processes, "contract.mjs")).href)).SECRET;
    const examples = JSON.parse(await readFile(GITHUB_EXAMPLES, "utf8"));
    const github = examples
      .filter((group) => group.name !== "repository_dispatch")
      .flatMap((group) =>
        group.examples.map((payload) => {
          const body = new TextEncoder().encode(JSON.stringify(payload));
          const signature = `sha256=${createHmac("sha256", GITHUB_SECRET).update(body).digest("hex")}`;
          return { event: group.name, body, signature };
        }),
      );
    const validators = await generateValidators();
    const redisServer = await startRedisServer();
    const connection = { host: "127.0.0.1", port: redisServer.port, maxRetriesPerRequest: null };
    const redis = new Redis(connection);
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1]);
    // An experiment on the scheduler, not a setting to measure with: REDIS_BENCH_REDIS_SCHED=fifo
    // runs redis-server as a real-time task (it takes a core the moment a request wakes it), a
    // number renices it (e.g. -10). Shows what redis-server waiting for a core behind busy workers costs.
    const redisSched = process.env.REDIS_BENCH_REDIS_SCHED;
    if (redisSched) {
      const [command, ...args] =
        redisSched === "fifo" ? ["chrt", "-f", "-p", "1"] : ["renice", "-n", redisSched, "-p"];
      execFileSync(command, [...args, String(redisPid)], { stdio: "ignore" });
    }
    const port = redisServer.port;
    const workers = {
      one: [await startOrderWorker(port, "one", "one-a")],
      two: [await startOrderWorker(port, "two", "two-a"), await startOrderWorker(port, "two", "two-b")],
      ghOne: [await startGithubWorker(port, "ghOne", "gh-one-a", validators)],
      ghTwo: [
        await startGithubWorker(port, "ghTwo", "gh-two-a", validators),
        await startGithubWorker(port, "ghTwo", "gh-two-b", validators),
      ],
      ...(OTHER_BUILD && {
        ghOneOther: [await startGithubWorker(port, "ghOneOther", "gh-one-other-a", validators, OTHER_BUILD)],
        ghTwoOther: [
          await startGithubWorker(port, "ghTwoOther", "gh-two-other-a", validators, OTHER_BUILD),
          await startGithubWorker(port, "ghTwoOther", "gh-two-other-b", validators, OTHER_BUILD),
        ],
      }),
    };
    const fronts = {
      one: frontOf("order", connection, "one"),
      two: frontOf("order", connection, "two"),
      ghOne: frontOf("github", connection, "ghOne"),
      ghTwo: frontOf("github", connection, "ghTwo"),
      ...(OTHER_BUILD && {
        ghOneOther: frontOf("github", connection, "ghOneOther"),
        ghTwoOther: frontOf("github", connection, "ghTwoOther"),
      }),
    };
    const pids = Object.fromEntries(Object.entries(workers).map(([q, list]) => [q, list.map((c) => c.pid)]));
    const children = Object.values(workers).flat();
    return { redisServer, redis, redisPid, children, fronts, pids, github, split: {} };
  },
  cases: [
    workersCase(`order.paid: 1 worker process (concurrency ${CONCURRENCY})`, "order", "one", true),
    workersCase(`order.paid: 2 worker processes (concurrency ${CONCURRENCY} each)`, "order", "two"),
    workersCase(`GitHub, validated: 1 worker process (concurrency ${CONCURRENCY})`, "github", "ghOne"),
    workersCase(`GitHub, validated: 2 worker processes (concurrency ${CONCURRENCY} each)`, "github", "ghTwo"),
    ...(OTHER_BUILD
      ? [
          workersCase(`GitHub, validated: 1 worker process, ${OTHER_BUILD}`, "github", "ghOneOther"),
          workersCase(`GitHub, validated: 2 worker processes, ${OTHER_BUILD}`, "github", "ghTwoOther"),
        ]
      : []),
  ].filter((c) => ONLY === undefined || c.name.toLowerCase().includes(ONLY)),
  async teardown(state) {
    const share = (xs) => `${Math.round(median(xs) * 100)}%`;
    const schedLine = (runs) =>
      runs[0]
        .map((_, i) => {
          const of = (field) => share(runs.map((r) => r[i]?.[field] ?? Number.NaN));
          const sleeps = median(runs.map((r) => r[i]?.sleepsPerDelivery ?? Number.NaN));
          return `${of("run")} on a core, ${of("wait")} waiting for one, ${of("sleep")} asleep (${sleeps.toFixed(3)} sleeps/delivery)`;
        })
        .join(" | ");
    const lines = Object.entries(state.split).map(([name, e]) => {
      const perWorker = e.workers[0].map((_, i) => share(e.workers.map((w) => w[i])));
      const rate = Math.round((COUNT / median(e.wall)) * 1000);
      // CPU per delivery of all worker processes and redis-server together: what a delivery costs
      // the machine, robust to other load (wall rates are not); and redis-server's part of it.
      const cpuOf = (run) => ({
        workers: (e.workers[run].reduce((a, b) => a + b, 0) * e.wall[run] * 1000) / COUNT,
        redis: ((e.redis[run][0] ?? 0) * e.wall[run] * 1000) / COUNT,
      });
      const runs = e.wall.map((_, run) => cpuOf(run));
      const total = median(runs.map((r) => r.workers + r.redis));
      const workers = median(runs.map((r) => r.workers));
      const redis = median(runs.map((r) => r.redis));
      return [
        `  ${String(rate).padStart(6)} /s  ${String(Math.round(total)).padStart(4)} µs CPU/delivery (workers ${Math.round(workers)} + redis-server ${Math.round(redis)})  workers ${perWorker.join(" + ")}  redis-server ${share(e.redis.map((r) => r[0]))}  machine ${e.machine.length ? share(e.machine) : "?"}  ${name}`,
        `         ${formatCommandStats(e.commands)}`,
        `         main threads: workers ${schedLine(e.sched.workers)}; redis-server ${schedLine(e.sched.redis)}`,
      ].join("\n");
    });
    process.stderr.write(
      `\nmedian drain rate and CPU per process during the drain (100% = one core), ${JOBS} jobs:\n${lines.join("\n")}\n`,
    );
    // Profiled workers are stopped with SIGTERM: a profile is written when the process exits.
    await Promise.all(
      state.children.map((child) => {
        child.removeAllListeners("exit");
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill(PROFILE_DIR ? "SIGTERM" : "SIGKILL");
        return exited;
      }),
    );
    await Promise.all(Object.values(state.fronts).map((f) => f.close()));
    state.redis.disconnect();
    await state.redisServer.dispose();
  },
};

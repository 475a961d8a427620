/**
 * Delivery guarantees under load (a figure, not a timed comparison): 20,000 signed deliveries
 * through the runtime's real sender to a runtime receiver in another process, 32 connections, 10%
 * of them sent a second time with the same id (some while the first copy is in flight) and 5%
 * failing their first attempt. Prints requests, handler calls, lost (reported delivered but never
 * handled, or never delivered at all), doubled (handled more than once), per-request p50/p99 and
 * the receiver's RSS before and after. Lost and doubled must be 0.
 *
 * `CONTRACT_BENCH_RUNTIME=<dir of a built @contract/runtime>` runs the same load with another
 * build (receiver and sender), e.g. an older commit's, for a before/after comparison.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir } from "../lib/paths.mjs";
import { whenReady } from "../lib/servers.mjs";

const DELIVERIES = 20_000;
const DUPLICATE_SHARE = 0.1;
const FAIL_FIRST_SHARE = 0.05;
const CONNECTIONS = 32;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const runtimeDir = process.env.CONTRACT_BENCH_RUNTIME;

function startReceiver() {
  const child = spawn(
    process.execPath,
    [join(benchDir, "delivery", "receiver.mjs"), ...(runtimeDir ? [runtimeDir] : [])],
    {
      cwd: benchDir,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return whenReady(child, "receiver");
}

const stats = async (port, what = "__stats") => (await fetch(`http://127.0.0.1:${port}/${what}`)).json();

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** A deterministic shuffle, so runs are comparable. */
function shuffle(items, seed = 42) {
  let s = seed;
  const random = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

async function runLoad(port) {
  const { createWebhookSender } = runtimeDir
    ? await import(pathToFileURL(join(runtimeDir, "dist", "sender", "index.js")).href)
    : await import("@contract/runtime/sender");
  const sender = createWebhookSender(
    { webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }] },
    {
      secret: SECRET,
      endpoints: `http://127.0.0.1:${port}/`,
      allowPrivateTargets: true,
      validate: false,
      timeoutMs: 10_000,
      retry: {
        limit: 8,
        baseDelayMs: 50,
        maxDelayMs: 1_000,
        schedule: [50, 100, 200, 400, 800, 1_000, 1_000, 1_000],
      },
    },
  );
  // Each unique delivery once, 10% of them twice: half of those right behind the first copy
  // (likely in flight together), half somewhere later (a redelivery).
  const unique = Math.round(DELIVERIES / (1 + DUPLICATE_SHARE));
  const jobs = [];
  for (let i = 0; i < unique; i++) {
    const id = `msg_load_${i}`;
    const payload = {
      type: "order.paid",
      id: `ord_${i}`,
      failFirst: i % Math.round(1 / FAIL_FIRST_SHARE) === 0,
    };
    jobs.push([{ id, payload }]);
  }
  shuffle(jobs);
  const duplicates = DELIVERIES - unique;
  for (let k = 0; k < duplicates; k++) {
    const job = jobs[Math.floor((k * jobs.length) / duplicates)];
    if (k % 2 === 0) job.push(job[0]);
    else jobs[(Math.floor((k * jobs.length) / duplicates) + 997) % jobs.length].push(job[0]);
  }
  const queue = jobs.flat();
  const outcomes = new Map();
  const durations = [];
  let requests = 0;
  let failedSends = 0;
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const { id, payload } = queue[next++];
      const result = await sender.send("order.paid", payload, { id });
      requests += result.attempts.length;
      for (const attempt of result.attempts) durations.push(attempt.durationMs);
      if (!result.ok) failedSends++;
      outcomes.set(id, (outcomes.get(id) ?? false) || result.ok);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  return { queue, outcomes, durations, requests, failedSends, ms: performance.now() - started, unique };
}

export default {
  name: "delivery-load",
  title: "20,000 deliveries: 10% duplicates, 5% failing first, 32 connections",
  runs: 1,
  warmup: 0,
  cases: [
    {
      name: runtimeDir ? `runtime at ${runtimeDir}` : "runtime sender → runtime receiver",
      async run() {
        const { child, port } = await startReceiver();
        try {
          const before = await stats(port, "__rss");
          const load = await runLoad(port);
          const after = await stats(port);
          const effects = after.effects;
          let lost = 0;
          let failed = 0;
          let doubled = 0;
          for (const [id, ok] of load.outcomes) {
            const n = effects[id] ?? 0;
            if (n > 1) doubled++;
            if (!ok) failed++;
            if (ok && n === 0) lost++;
          }
          const sorted = load.durations.sort((a, b) => a - b);
          const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
          console.log(
            `\ndelivery-load: ${load.queue.length} sends of ${load.unique} deliveries in ${(load.ms / 1000).toFixed(1)} s; ` +
              `${load.requests} requests, ${after.handlerCalls} handler calls; ` +
              `lost ${lost}, doubled ${doubled}, deliveries reported failed ${failed}, sends reported failed ${load.failedSends}; ` +
              `request p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms; ` +
              `receiver RSS ${mb(before.rss)} → ${mb(after.rss)}, heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)}`,
          );
          if (lost > 0 || doubled > 0 || failed > 0 || load.failedSends > 0)
            throw new Error(
              `lost ${lost}, doubled ${doubled}, reported failed ${failed} (sends ${load.failedSends})`,
            );
        } finally {
          child.kill();
        }
      },
    },
  ],
};

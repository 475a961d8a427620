/**
 * Latency the Redis de-duplication store adds to a delivery, in the in-request receiver: 2,000
 * signed deliveries handled one after the other (claim → handler → complete) with the in-memory
 * store vs `redisDedupeStore` on a local redis-server. Prints p50/p99 per delivery. Needs redis-server.
 * `CONTRACT_BENCH_REDIS=<dist dir>` adds the store of another build of @contract/redis (a `dist`
 * folder placed inside packages/redis), interleaved: a paired comparison.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { redisDedupeStore } from "@contract/redis";
import { startRedisServer } from "@contract/redis/testing";
import { createReceiver, memoryDedupeStore, standardWebhooks, utf8 } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";

const COUNT = 2000;
const OTHER_BUILD = process.env.CONTRACT_BENCH_REDIS ? resolve(process.env.CONTRACT_BENCH_REDIS) : undefined;
const other = OTHER_BUILD ? await import(pathToFileURL(resolve(OTHER_BUILD, "index.js")).href) : undefined;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const definition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
let runNumber = 0;

function dedupeCase(name, storeOf, baseline = false) {
  return {
    name,
    baseline,
    async before(state) {
      const run = ++runNumber;
      const signer = standardWebhooks({ secrets: SECRET });
      state.receiver = createReceiver(definition, {
        secret: SECRET,
        dedupe: storeOf(state),
        handlers: { "order.paid": () => {} },
      });
      state.deliveries = await Promise.all(
        Array.from({ length: COUNT }, async (_, i) => {
          const body = utf8(JSON.stringify({ type: "order.paid", id: `o${i}` }));
          const headers = {
            "content-type": "application/json",
            ...(await signer.sign({ id: `d_${run}_${i}`, body })),
          };
          return { method: "POST", path: "/webhooks", headers: (n) => headers[n], body };
        }),
      );
    },
    async run(state, round) {
      const latencies = [];
      for (const delivery of state.deliveries) {
        const started = performance.now();
        const response = await state.receiver.handle(delivery);
        latencies.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`answered ${response.status}`);
      }
      if (round?.warmup) return;
      const entry = state.latencies[name] ?? [];
      entry.push(...latencies);
      state.latencies[name] = entry;
    },
  };
}

export default {
  name: "redis-dedupe",
  title: `webhooks: ${COUNT} deliveries in a row, de-duplication store`,
  runs: 5,
  warmup: 1,
  async setup() {
    const redisServer = await startRedisServer();
    const redis = new Redis(redisServer.port, "127.0.0.1");
    return { redisServer, redis, latencies: {} };
  },
  cases: [
    dedupeCase("in-memory store", () => memoryDedupeStore(), true),
    dedupeCase("redisDedupeStore (local redis-server)", (state) =>
      redisDedupeStore(state.redis, { namespace: "bench" }),
    ),
    ...(other
      ? [
          dedupeCase(`redisDedupeStore, ${OTHER_BUILD}`, (state) =>
            other.redisDedupeStore(state.redis, { namespace: "bench-other" }),
          ),
        ]
      : []),
  ],
  async teardown(state) {
    const lines = Object.entries(state.latencies).map(
      ([name, xs]) =>
        `  p50 ${percentile(xs, 50).toFixed(3)} ms  p99 ${percentile(xs, 99).toFixed(3)} ms  ${name}`,
    );
    process.stderr.write(`\nper delivery (handle, all timed runs):\n${lines.join("\n")}\n`);
    state.redis.disconnect();
    await state.redisServer.dispose();
  },
};

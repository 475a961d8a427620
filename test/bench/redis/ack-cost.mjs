/**
 * The ack-then-process request path's own CPU per delivery, in-process and without HTTP:
 *   node redis/ack-cost.mjs [rounds] [redis build dir]
 * `queuedReceiver(...).handle` (GitHub signature, group-committed batch jobs) on the redis-ack
 * benchmark's GitHub deliveries, 16 in flight as the load generator keeps them, against a
 * redis-server of its own; prints this process's CPU µs per delivery (user + system) per round and
 * redis-server's. The second argument loads another build of @contract/redis (a `dist` folder, e.g.
 * an older commit's, placed inside packages/redis so that its imports resolve), measured in turns
 * with the current one: on a shared machine only the paired ratio of the two means much.
 */
import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "@contract/redis";
import { startRedisServer } from "@contract/redis/testing";
import { useNodeCrypto } from "@contract/runtime/node";
import { createReceiver } from "@contract/runtime/webhooks";
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";
import { Redis } from "ioredis";
import { GITHUB_EXAMPLES, GITHUB_WEBHOOKS } from "../lib/paths.mjs";
import { webhooksOf } from "../lib/servers.mjs";

const COUNT = 3000;
const IN_FLIGHT = 16;
const rounds = Number(process.argv[2] ?? 5);
const other = process.argv[3]
  ? await import(pathToFileURL(resolve(process.argv[3], "index.js")).href)
  : undefined;

const examples = JSON.parse(await readFile(GITHUB_EXAMPLES, "utf8"));
const deliveries = examples
  .filter((group) => group.name !== "repository_dispatch")
  .flatMap((group) =>
    group.examples.map((payload, i) => {
      const body = new TextEncoder().encode(JSON.stringify(payload));
      const headers = {
        "content-type": "application/json",
        "user-agent": "GitHub-Hookshot/bench",
        "x-github-event": group.name,
        "x-github-delivery": `${group.name}-${i}`,
        "x-github-hook-id": "1",
        "x-hub-signature-256": `sha256=${createHmac("sha256", GITHUB_SECRET).update(body).digest("hex")}`,
      };
      return { method: "POST", path: "/", headers: (name) => headers[name], body };
    }),
  );

useNodeCrypto(); // as the node:http adapter does
const redisServer = await startRedisServer();
const redis = new Redis(redisServer.port, "127.0.0.1");
const connection = { host: "127.0.0.1", port: redisServer.port, maxRetriesPerRequest: null };
const webhooks = webhooksOf(JSON.parse(await readFile(GITHUB_WEBHOOKS, "utf8")));
const receiver = createReceiver(
  { webhooks, signature: "github", route: GITHUB_ROUTE },
  { secret: GITHUB_SECRET, handlers: {}, onError() {} },
);
const fronts = { current: current.queuedReceiver(receiver, { connection, removeOnComplete: true }) };
if (other)
  fronts.other = other.queuedReceiver(receiver, { connection, queueName: "other", removeOnComplete: true });

async function redisCpuMicros() {
  const info = await redis.info("cpu");
  const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1e6;
}

async function round(front) {
  let next = 0;
  const lane = async () => {
    while (next < COUNT) {
      const delivery = deliveries[next++ % deliveries.length];
      const answer = await front.handle(delivery);
      if (answer.status !== 202) throw new Error(`answered ${answer.status}: ${answer.body}`);
    }
  };
  await redis.flushall();
  const redisBefore = await redisCpuMicros();
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const { user, system } = process.cpuUsage(before);
  return { us: (user + system) / COUNT, redisUs: ((await redisCpuMicros()) - redisBefore) / COUNT };
}

const results = Object.fromEntries(Object.keys(fronts).map((k) => [k, []]));
for (let r = -1; r < rounds; r++) {
  for (const [name, front] of Object.entries(fronts)) {
    const result = await round(front);
    if (r >= 0) results[name].push(result); // round -1 warms up
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [name, rs] of Object.entries(results)) {
  const line = `${name}: ${median(rs.map((r) => r.us)).toFixed(1)} µs CPU/delivery (rounds ${rs.map((r) => r.us.toFixed(0)).join(" ")}), redis-server ${median(rs.map((r) => r.redisUs)).toFixed(1)} µs`;
  console.log(line);
}
if (other) {
  const ratios = results.current.map((r, i) => r.us / (results.other[i]?.us ?? Number.NaN));
  console.log(
    `current / other, paired by round: median ${median(ratios).toFixed(3)} (${ratios.map((x) => x.toFixed(2)).join(" ")})`,
  );
}
for (const front of Object.values(fronts)) await front.close();
redis.disconnect();
await redisServer.dispose();

/**
 * A delivery worker for the GitHub case of the redis-workers benchmark:
 *   node github-worker.mjs <redis port> <queue> <name> <validators.js> <spec.json> <concurrency> [redis build dir]
 * The receiver a generated GitHub receiver is: GitHub signature, routing by X-GitHub-Event and
 * `action`, the generated validators with the `report` drift policy; every webhook's handler appends
 * the delivery id to a list in Redis (one plain command, as a handler's one write to its own store
 * would be; the benchmark checks after each drain that every id is there exactly once). Prints `ready`.
 * The last argument runs another build of @contract/redis (a `dist` folder placed inside
 * packages/redis so that its imports resolve, e.g. an older commit's).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "@contract/redis";
import { createReceiver } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { createGithubReceiver } from "../lib/github-receiver.mjs";
import { webhooksOf } from "../lib/servers.mjs";

const [port, queueName, _name, validatorsPath, specPath, concurrency, redisBuild] = process.argv.slice(2);
const { closeOnSignals, deliveryWorker, redisDedupeStore } = redisBuild
  ? await import(pathToFileURL(resolve(redisBuild, "index.js")).href)
  : current;
const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };
const redis = new Redis({ ...connection, enableAutoPipelining: true });
const { validatorFor, validatorForWithoutFormats } = await import(pathToFileURL(validatorsPath).href);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const webhooks = webhooksOf(spec);
const record = async (event) => {
  await redis.rpush(`${queueName}:effects`, event.deliveryId);
};
const receiver = createGithubReceiver(
  createReceiver,
  { webhooks, validatorFor, validatorForWithoutFormats },
  {
    handlers: Object.fromEntries(webhooks.map((w) => [w.name, record])),
    dedupe: redisDedupeStore(redis, { namespace: `${queueName}:processed` }),
    drift: "report",
    onWarning() {},
  },
);
const worker = deliveryWorker(receiver, {
  connection,
  queueName,
  concurrency: Number(concurrency),
  ...(process.env.REDIS_BENCH_BATCH_CONCURRENCY && {
    batchConcurrency: Number(process.env.REDIS_BENCH_BATCH_CONCURRENCY),
  }),
});
closeOnSignals([worker], { exit: (code) => void redis.quit().finally(() => process.exit(code)) });
worker.waitUntilReady().then(() => process.stdout.write("ready\n"));

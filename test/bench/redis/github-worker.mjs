/**
 * A delivery worker for the GitHub case of the redis-workers benchmark:
 *   node github-worker.mjs <redis port> <queue> <name> <validators.js> <spec.json> <concurrency> [redis build dir]
 * The receiver a generated GitHub receiver is: GitHub signature, routing by X-GitHub-Event and
 * `action`, the generated validators with the `report` drift policy; every webhook's handler records
 * its effect once per delivery id in Redis (as the order.paid worker does). Prints `ready`.
 * The last argument runs another build of @contract/redis (a `dist` folder placed inside
 * packages/redis so that its imports resolve, e.g. an older commit's).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "@contract/redis";
import { createReceiver } from "@contract/runtime/webhooks";
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";
import { Redis } from "ioredis";
import { webhooksOf } from "../lib/servers.mjs";

const RECORD_EFFECT = `
if redis.call('SET', KEYS[1], ARGV[2], 'NX') then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0`;

const [port, queueName, name, validatorsPath, specPath, concurrency, redisBuild] = process.argv.slice(2);
const { closeOnSignals, deliveryWorker, redisDedupeStore } = redisBuild
  ? await import(pathToFileURL(resolve(redisBuild, "index.js")).href)
  : current;
const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };
const redis = new Redis({ ...connection, enableAutoPipelining: true });
redis.defineCommand("recordEffect", { numberOfKeys: 2, lua: RECORD_EFFECT });
const { validatorFor, validatorForWithoutFormats } = await import(pathToFileURL(validatorsPath).href);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const webhooks = webhooksOf(spec);
const record = async (event) => {
  const id = event.deliveryId;
  await redis.recordEffect(`${queueName}:effect:${id}`, `${queueName}:effects`, id, name);
};
const receiver = createReceiver(
  {
    webhooks,
    validators: validatorFor,
    validatorsWithoutFormats: validatorForWithoutFormats,
    signature: "github",
    route: GITHUB_ROUTE,
  },
  {
    secret: GITHUB_SECRET,
    handlers: Object.fromEntries(webhooks.map((w) => [w.name, record])),
    dedupe: redisDedupeStore(redis, { namespace: `${queueName}:processed` }),
    drift: "report",
    onError() {},
    onWarning() {},
    onValidationError() {},
  },
);
const worker = deliveryWorker(receiver, { connection, queueName, concurrency: Number(concurrency) });
closeOnSignals([worker], { exit: () => void redis.quit().finally(() => process.exit(0)) });
worker.waitUntilReady().then(() => process.stdout.write("ready\n"));

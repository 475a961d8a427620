/**
 * contract's ack-then-process front end on node:http, for the benchmarks:
 *   node queued-server.mjs <redis port> <spec.json> [default|claim|onebyone]
 * verify (GitHub signature) → (`claim` only: claim the delivery id in an `accepted` store in Redis)
 * → add to the queue under the delivery's job id, group-committed (`onebyone`: `maxBatch: 1`) → 202.
 * No workers run here.
 * Prints `ready <port>`; `GET /__cpu` answers the process's CPU time.
 */
import { readFileSync } from "node:fs";
import { queuedReceiver } from "@contract/redis";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver } from "@contract/runtime/webhooks";
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";
import { Redis } from "ioredis";
import { listenWithCpuTime, webhooksOf } from "../lib/servers.mjs";

const [port, specPath, mode] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const webhooks = webhooksOf(spec);
const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };
const redis = new Redis(connection);
const receiver = createReceiver(
  {
    webhooks,
    signature: "github",
    route: GITHUB_ROUTE,
  },
  { secret: GITHUB_SECRET, handlers: {}, onError() {} },
);
const front = queuedReceiver(receiver, {
  connection,
  ...(mode === "claim" ? { dedupeRedis: redis } : {}),
  ...(mode === "onebyone" ? { maxBatch: 1 } : {}),
  removeOnComplete: true,
});
listenWithCpuTime(toNodeListener(front));
process.on("SIGTERM", () => process.exit(0));

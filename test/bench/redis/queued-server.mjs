/**
 * contract's ack-then-process front end on node:http, for the benchmarks:
 *   node queued-server.mjs <redis port> <spec.json> [default|claim|perdelivery]
 * verify (GitHub signature) → (`claim` only: claim the delivery id in an `accepted` store in Redis)
 * → group commit: one BullMQ job per batch (`perdelivery`: one job per delivery under its
 * delivery's job id, in one pipeline per batch) → 202.
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
  ...(mode === "perdelivery" ? { jobs: "per-delivery" } : {}),
  removeOnComplete: true,
});
listenWithCpuTime(toNodeListener(front));
process.on("SIGTERM", () => process.exit(0));

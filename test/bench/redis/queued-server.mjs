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
import { createServer } from "node:http";
import { queuedReceiver } from "@contract/redis";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";

const SECRET = "It's a Secret to Everybody";
const [port, specPath, mode] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const webhooks = Object.entries(spec.webhooks).map(([name, item]) => ({
  name,
  methods: Object.keys(item).filter((m) => m !== "parameters"),
  mediaTypes: Object.keys(item.post?.requestBody?.content ?? {}),
}));
const connection = { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null };
const redis = new Redis(connection);
const receiver = createReceiver(
  {
    webhooks,
    signature: "github",
    route: {
      by: "header",
      header: "X-GitHub-Event",
      bodyField: "action",
      separator: "-",
      normalize: "kebab",
    },
  },
  { secret: SECRET, handlers: {}, onError() {} },
);
const front = queuedReceiver(receiver, {
  connection,
  ...(mode === "claim" ? { dedupeRedis: redis } : {}),
  ...(mode === "perdelivery" ? { jobs: "per-delivery" } : {}),
  removeOnComplete: true,
});
const listener = toNodeListener(front);
const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  if (req.url === "/__cpu") {
    const { user, system } = process.cpuUsage();
    res.end(JSON.stringify({ micros: user + system }));
    return;
  }
  listener(req, res);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`ready ${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));

/** One outbox worker process. Env: REDIS_PORT, QUEUE. Prints `ready`. */
import { closeOnSignals, createOutbox } from "@contract/redis";
import { Redis } from "ioredis";
import { connectionOf, definition, SECRET } from "./contract.mjs";

const port = Number(process.env.REDIS_PORT);
const redis = new Redis(connectionOf(port));
redis.on("error", () => {});
const outbox = createOutbox({
  connection: connectionOf(port),
  redis,
  queueName: process.env.QUEUE ?? "outbox",
  definition,
  sender: { secret: SECRET, allowPrivateTargets: true, timeoutMs: 5000 },
  schedule: "short",
});
const worker = outbox.worker({ concurrency: 16, lockDurationMs: 3000, stalledIntervalMs: 1000 });
closeOnSignals([worker], { exit: (code) => void redis.quit().finally(() => process.exit(code)) });
worker.waitUntilReady().then(() => process.stdout.write("ready\n"));

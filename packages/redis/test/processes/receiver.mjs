/**
 * One ack-then-process front end: node:http → queuedReceiver. Env: REDIS_PORT, QUEUE.
 * Prints `ready <port>`.
 */
import { createServer } from "node:http";
import { queuedReceiver } from "@contract/redis";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver } from "@contract/runtime/webhooks";
import { connectionOf, definition, SECRET } from "./contract.mjs";

const port = Number(process.env.REDIS_PORT);
const queueName = process.env.QUEUE ?? "load";

// The same receiver a worker builds; here only its verify runs.
const receiver = createReceiver(definition, {
  secret: SECRET,
  handlers: {},
  onError: () => {},
});
const front = queuedReceiver(receiver, {
  connection: connectionOf(port),
  queueName,
  // No accepted store: a copy is kept from being queued twice by its job id alone (the default).
  attempts: 30,
  backoff: { type: "exponential", delay: 200 },
  removeOnComplete: true,
  enqueueTimeoutMs: 2000,
});
front.queue.on("error", () => {});

const server = createServer(toNodeListener(front));
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`ready ${server.address().port}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  void Promise.allSettled([front.close()]).finally(() => process.exit(0));
});

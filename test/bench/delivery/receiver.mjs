/**
 * The receiver of the delivery-load benchmark, in its own process:
 *   node delivery/receiver.mjs [runtime dir]
 * A runtime receiver (Standard Webhooks, in-memory de-duplication) behind the node:http adapter.
 * Its handler counts calls and effects per delivery id; a payload with `failFirst` throws on its
 * first call (the sender must retry it). Prints `ready <port>`; `GET /__stats` answers the counts,
 * ids handled more than once and the process's RSS; `GET /__rss` only the RSS.
 * `runtime dir` (default: the workspace's @contract/runtime) lets the same load run against
 * another build of the runtime, e.g. an older one.
 */
import { createServer } from "node:http";
import { loadRuntime } from "../lib/servers.mjs";

const runtimeDir = process.argv[2];
const { createReceiver } = await loadRuntime("webhooks", runtimeDir);
const { toNodeListener } = await loadRuntime("node", runtimeDir);

export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

let handlerCalls = 0;
const calls = new Map();
const effects = new Map();
const receiver = createReceiver(
  {
    webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
    route: { by: "body", field: "type" },
  },
  {
    secret: SECRET,
    retryAfterSeconds: 1,
    onError() {},
    onWarning() {},
    handlers: {
      "order.paid": async (event) => {
        handlerCalls++;
        const id = event.deliveryId;
        const n = calls.get(id) ?? 0;
        calls.set(id, n + 1);
        // A little asynchronous work, so that concurrent copies of one delivery overlap.
        await new Promise((resolve) => setImmediate(resolve));
        if (event.payload.failFirst && n === 0) throw new Error("first attempt fails");
        effects.set(id, (effects.get(id) ?? 0) + 1);
      },
    },
  },
);
const listener = toNodeListener(receiver);
const server = createServer((req, res) => {
  if (req.method === "GET" && (req.url === "/__stats" || req.url === "/__rss")) {
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const body =
      req.url === "/__rss"
        ? { rss, heapUsed }
        : {
            rss,
            heapUsed,
            handlerCalls,
            ids: calls.size,
            effects: Object.fromEntries(effects),
          };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    return;
  }
  listener(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`ready ${server.address().port}`));

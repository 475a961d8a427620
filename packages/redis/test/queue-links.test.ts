/**
 * Webhook links in the ack-then-process path: the front end answers 202 after queueing, and the
 * worker's handler follows `event.links.order()` through a real client to a real API server on
 * 127.0.0.1, exactly as a handler behind `handle` would.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createClientCore } from "@contract/runtime/client";
import { createReceiver, type WebhookEvent } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryWorker, queuedReceiver, redisDedupeStore } from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";
import { definition, type Payloads, SECRET, signed } from "./fixtures.js";

let server: RedisServer;
let redis: Redis;
let apiUrl: string;
const apiPaths: string[] = [];
const api = createServer((request, response) => {
  apiPaths.push(request.url ?? "");
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ id: decodeURIComponent((request.url ?? "").split("/").pop() ?? "") }));
});
const closing: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, "127.0.0.1");
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
  await redis?.quit();
  await server?.dispose();
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

describe("webhook links behind a queue", () => {
  it("the worker's handler follows the declared link with the queued delivery's values", async () => {
    const client = createClientCore(
      {
        servers: [],
        schemes: {},
        operations: {
          getOrder: { id: "getOrder", method: "get", path: "/orders/{orderId}", accept: "application/json" },
        },
      },
      { baseUrl: `${apiUrl}/v1` },
    );
    const followed: unknown[] = [];
    const receiver = createReceiver<Payloads>(
      {
        ...definition,
        links: {
          "order.paid": {
            order: {
              method: "get",
              path: "/orders/{orderId}",
              parameters: { path: { orderId: { from: "body", pointer: "/id" } } },
            },
          },
        },
      },
      {
        secret: SECRET,
        client,
        dedupe: redisDedupeStore(redis, { namespace: "links:processed" }),
        onError: () => {},
        handlers: {
          "order.paid": async (event) => {
            const links = (event as WebhookEvent).links as Record<string, () => Promise<unknown>>;
            followed.push(await links.order?.());
          },
        },
      },
    );
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const front = queuedReceiver(receiver, { connection, queueName: "links", dedupeRedis: redis });
    const worker = deliveryWorker(receiver, { connection, queueName: "links" });
    closing.push(
      () => front.close(),
      () => worker.close(),
    );

    const answer = await front.handle(
      await signed("msg_link", { type: "order.paid", id: "ord_q1", amount: 3 }),
    );
    expect(answer.status).toBe(202);
    const deadline = Date.now() + 10_000;
    while (followed.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(followed).toEqual([expect.objectContaining({ ok: true, status: 200, data: { id: "ord_q1" } })]);
    expect(apiPaths).toEqual(["/v1/orders/ord_q1"]);
  });
});

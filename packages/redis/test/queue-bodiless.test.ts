/**
 * Ack-then-process for webhooks sent without a body and without a delivery id (an event told by its
 * headers, authenticated by a token): without an id the queue keys a delivery by its body's hash,
 * and every empty body has the same one, so each notification after the first was taken for a
 * duplicate and never handled. Real redis-server, BullMQ worker in the same process.
 */
import { createReceiver } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryWorker, queuedReceiver } from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";

let server: RedisServer;
let redis: Redis;
const closing: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, "127.0.0.1");
});
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
  await redis?.quit();
  await server?.dispose();
});

async function until(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("ack-then-process: webhooks without a body and without a delivery id", () => {
  it.each(["batch", "per-delivery"] as const)(
    "%s jobs: every notification is queued and handled, none taken for a duplicate of another",
    async (jobs) => {
      const queueName = `bodiless-${jobs}`;
      const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
      const handled: Array<string | undefined> = [];
      const receiver = createReceiver<{ exists: undefined }>(
        {
          webhooks: [{ name: "exists", methods: ["post"], mediaTypes: [] }],
          validators: () => undefined,
          signature: { type: "token", header: "X-Channel-Token" },
          route: { by: "header", header: "X-Resource-State" },
        },
        {
          secret: "channel-token",
          handlers: { exists: (event) => void handled.push(event.deliveryId) },
          onError: () => {},
        },
      );
      // The route's header travels with the queued delivery, as a route's headers must.
      const front = queuedReceiver(receiver, {
        connection,
        queueName,
        dedupeRedis: redis,
        jobs,
        forwardHeaders: ["X-Resource-State"],
      });
      const worker = deliveryWorker(receiver, { connection, queueName });
      closing.push(
        () => front.close(),
        () => worker.close(),
      );
      const notify = () =>
        front.handle({
          method: "POST",
          path: "/hooks",
          headers: (name) => ({ "x-channel-token": "channel-token", "x-resource-state": "exists" })[name],
          body: new Uint8Array(),
        });
      const answers = [await notify(), await notify(), await notify()];
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      await until(() => handled.length === 3);
      // Each was given an id of its own at receipt, which its handler sees.
      expect(new Set(handled).size).toBe(3);
      expect(handled.every((id) => id?.startsWith("received:"))).toBe(true);
    },
  );
});

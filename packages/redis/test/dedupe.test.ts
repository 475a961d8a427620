import { createReceiver } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REDIS_DEDUPE_TTL_MS, redisDedupeStore } from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";
import { definition, type Payloads, SECRET, signed } from "./fixtures.js";

let server: RedisServer;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(server.port, "127.0.0.1");
  clients.push(client);
  return client;
};

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => {})));
  await server?.dispose();
});

describe("redisDedupeStore", () => {
  it("claim → pending for others → complete → done; release frees a pending claim only", async () => {
    const a = redisDedupeStore(connect(), { namespace: "t1" });
    const b = redisDedupeStore(connect(), { namespace: "t1" });
    expect(await a.claim("x")).toBe("new");
    expect(await b.claim("x")).toBe("pending");
    await a.release("x");
    expect(await b.claim("x")).toBe("new");
    await b.complete("x");
    expect(await a.claim("x")).toBe("done");
    await a.release("x"); // a done mark is never released
    expect(await a.claim("x")).toBe("done");
  });

  it("keeps a handled id for the window (3 days by default) and namespaces keys per receiver", async () => {
    const redis = connect();
    const a = redisDedupeStore(redis, { namespace: "shop" });
    const other = redisDedupeStore(redis, { namespace: "billing" });
    expect(await a.claim("evt")).toBe("new");
    await a.complete("evt");
    expect(a.keyOf("evt")).toBe("contract:dedupe:shop:evt");
    const ttl = await redis.pttl(a.keyOf("evt"));
    expect(ttl).toBeGreaterThan(DEFAULT_REDIS_DEDUPE_TTL_MS - 60_000);
    expect(DEFAULT_REDIS_DEDUPE_TTL_MS).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
    expect(await other.claim("evt")).toBe("new");
  });

  it("a crashed process's claim lapses after the lease; a handled id after the window", async () => {
    const store = redisDedupeStore(connect(), { namespace: "lease", leaseMs: 150, ttlMs: 300 });
    expect(await store.claim("crashed")).toBe("new");
    expect(await store.claim("crashed")).toBe("pending");
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.claim("crashed")).toBe("new");
    await store.complete("crashed");
    expect(await store.claim("crashed")).toBe("done");
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.claim("crashed")).toBe("new");
  });

  it("4 receivers on separate connections: concurrent duplicates of 200 deliveries run each handler once", async () => {
    const runs = new Map<string, number>();
    const receivers = Array.from({ length: 4 }, () =>
      createReceiver<Payloads>(definition, {
        secret: SECRET,
        dedupe: redisDedupeStore(connect(), { namespace: "shared" }),
        onError: () => {},
        handlers: {
          "order.paid": async (event) => {
            await new Promise((r) => setTimeout(r, 5));
            runs.set(event.deliveryId!, (runs.get(event.deliveryId!) ?? 0) + 1);
          },
        },
      }),
    );
    const ids = Array.from({ length: 200 }, (_, i) => `msg_shared_${i}`);
    // Every delivery sent to every receiver at once, twice; then the 503s retried until all are 2xx.
    let pending = await Promise.all(
      ids.map(async (id) => ({ id, delivery: await signed(id, { type: "order.paid", id, amount: 1 }) })),
    );
    const statuses = new Map<number, number>();
    for (let round = 0; pending.length > 0 && round < 50; round++) {
      const answers = await Promise.all(
        pending.flatMap(({ id, delivery }) =>
          [...receivers, ...receivers].map(async (r) => ({
            id,
            delivery,
            status: (await r.handle(delivery)).status,
          })),
        ),
      );
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const ok = new Set(answers.filter((a) => a.status === 200).map((a) => a.id));
      pending = pending.filter((p) => !ok.has(p.id));
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(pending).toEqual([]);
    expect([...statuses.keys()].every((s) => s === 200 || s === 503)).toBe(true);
    expect(runs.size).toBe(200);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });
});

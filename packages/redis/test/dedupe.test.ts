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
    const first = await a.claim("x");
    if (first.state !== "claimed") throw new Error("expected a claim");
    expect(await b.claim("x")).toEqual({ state: "pending" });
    expect(await a.release("x", first.token)).toBe(true);
    const second = await b.claim("x");
    if (second.state !== "claimed") throw new Error("expected a claim");
    expect(await b.complete("x", second.token)).toBe(true);
    expect(await a.claim("x")).toEqual({ state: "done" });
    expect(await a.release("x", second.token)).toBe(false); // a done mark is never released
    expect(await a.claim("x")).toEqual({ state: "done" });
  });

  it("keeps a handled id for the window (3 days by default) and namespaces keys per receiver", async () => {
    const redis = connect();
    const a = redisDedupeStore(redis, { namespace: "shop" });
    const other = redisDedupeStore(redis, { namespace: "billing" });
    const claim = await a.claim("evt");
    if (claim.state !== "claimed") throw new Error("expected a claim");
    await a.complete("evt", claim.token);
    expect(a.keyOf("evt")).toBe("contract:dedupe:shop:evt");
    const ttl = await redis.pttl(a.keyOf("evt"));
    expect(ttl).toBeGreaterThan(DEFAULT_REDIS_DEDUPE_TTL_MS - 60_000);
    expect(DEFAULT_REDIS_DEDUPE_TTL_MS).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
    expect(await other.claim("evt")).toMatchObject({ state: "claimed" });
  });

  it("a crashed process's claim lapses after the lease; a handled id after the window", async () => {
    const store = redisDedupeStore(connect(), { namespace: "lease", leaseMs: 150, ttlMs: 300 });
    expect(await store.claim("crashed")).toMatchObject({ state: "claimed" });
    expect(await store.claim("crashed")).toEqual({ state: "pending" });
    await new Promise((r) => setTimeout(r, 250));
    const retry = await store.claim("crashed");
    if (retry.state !== "claimed") throw new Error("expected a claim");
    await store.complete("crashed", retry.token);
    expect(await store.claim("crashed")).toEqual({ state: "done" });
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.claim("crashed")).toMatchObject({ state: "claimed" });
  });

  it("claims have owners: after A's lease lapses and B claims, A's late release/complete leave B's claim intact", async () => {
    const a = redisDedupeStore(connect(), { namespace: "owners", leaseMs: 150 });
    const b = redisDedupeStore(connect(), { namespace: "owners", leaseMs: 5_000 });
    const first = await a.claim("x");
    if (first.state !== "claimed") throw new Error("expected a claim");
    await new Promise((r) => setTimeout(r, 250));
    const second = await b.claim("x");
    if (second.state !== "claimed") throw new Error("expected a claim");
    expect(second.token).not.toBe(first.token);
    expect(await a.release("x", first.token)).toBe(false);
    expect(await a.claim("x")).toEqual({ state: "pending" });
    expect(await a.complete("x", first.token)).toBe(false);
    expect(await a.claim("x")).toEqual({ state: "pending" });
    const pttl = await clients.at(-1)!.pttl(b.keyOf("x"));
    expect(pttl).toBeGreaterThan(4_000); // B's lease untouched
    expect(await b.complete("x", second.token)).toBe(true);
    expect(await a.claim("x")).toEqual({ state: "done" });
    expect(await b.release("x", second.token)).toBe(false);
    expect(await a.claim("x")).toEqual({ state: "done" });
  });

  it("a late complete after a lapse nobody took over still records the delivery as handled", async () => {
    const store = redisDedupeStore(connect(), { namespace: "late", leaseMs: 100 });
    const claim = await store.claim("y");
    if (claim.state !== "claimed") throw new Error("expected a claim");
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.complete("y", claim.token)).toBe(true);
    expect(await store.claim("y")).toEqual({ state: "done" });
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

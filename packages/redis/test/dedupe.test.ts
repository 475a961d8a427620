import { createReceiver } from "@contract/runtime/webhooks";
import { Cluster, Redis } from "ioredis";
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

/** Resolves once Redis has dropped `key` (its expiry passed); fails after 10 s. */
async function expired(redis: Redis, key: string): Promise<void> {
  for (let waited = 0; (await redis.exists(key)) === 1; waited += 20) {
    if (waited > 10_000) throw new Error(`${key} did not expire`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
    // A lease and a window of a second: the "pending" and "done" answers are read one round trip
    // after the claim and the completion, and a loaded machine can pause longer than a short lease
    // between two calls. The lapses are waited for as they happen in Redis (the key's expiry), not
    // by sleeping: a store that ignored leaseMs or ttlMs keeps its key for days and never gets there.
    const redis = connect();
    const store = redisDedupeStore(redis, { namespace: "lease", leaseMs: 1_000, ttlMs: 1_000 });
    const key = store.keyOf("crashed");
    expect(await store.claim("crashed")).toMatchObject({ state: "claimed" });
    expect(await store.claim("crashed")).toEqual({ state: "pending" });
    expect(await redis.pttl(key)).toBeLessThanOrEqual(1_000);
    await expired(redis, key);
    const retry = await store.claim("crashed");
    if (retry.state !== "claimed") throw new Error("expected a claim");
    await store.complete("crashed", retry.token);
    expect(await store.claim("crashed")).toEqual({ state: "done" });
    expect(await redis.pttl(key)).toBeLessThanOrEqual(1_000);
    await expired(redis, key);
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

  it("claimMany: each id as a claim of its own, in order — free, done elsewhere, pending elsewhere, twice in the batch", async () => {
    const worker = redisDedupeStore(connect(), { namespace: "many" });
    const other = redisDedupeStore(connect(), { namespace: "many" });
    const done = await other.claim("done-elsewhere");
    if (done.state !== "claimed") throw new Error("expected a claim");
    await other.complete("done-elsewhere", done.token);
    expect(await other.claim("pending-elsewhere")).toMatchObject({ state: "claimed" });

    const claims = await worker.claimMany(["free", "done-elsewhere", "twice", "pending-elsewhere", "twice"]);
    expect(claims.map((c) => c.state)).toEqual(["claimed", "done", "claimed", "pending", "pending"]);
    const [free, , twice] = claims;
    if (free?.state !== "claimed" || twice?.state !== "claimed") throw new Error("expected claims");
    expect(free.token).not.toBe(twice.token);
    // The claims are real: another process sees them pending, and only their owner completes them.
    expect(await other.claimMany(["free", "twice"])).toEqual([{ state: "pending" }, { state: "pending" }]);
    expect(await other.completeMany([{ deliveryId: "free", token: twice.token }])).toEqual([false]);

    expect(
      await worker.completeMany([
        { deliveryId: "free", token: free.token },
        { deliveryId: "twice", token: twice.token },
        { deliveryId: "twice", token: twice.token }, // done by the previous entry: not the claim any more
        { deliveryId: "pending-elsewhere", token: free.token }, // another process's claim: left alone
      ]),
    ).toEqual([true, true, false, false]);
    expect(await other.claimMany(["free", "twice", "pending-elsewhere"])).toEqual([
      { state: "done" },
      { state: "done" },
      { state: "pending" },
    ]);
    expect(await worker.claimMany([])).toEqual([]);
    expect(await worker.completeMany([])).toEqual([]);
  });

  it("completeMany after lapsed leases: records an id nobody took over, leaves one another worker claimed", async () => {
    const slow = redisDedupeStore(connect(), { namespace: "many-lapsed", leaseMs: 100 });
    const other = redisDedupeStore(connect(), { namespace: "many-lapsed", leaseMs: 5_000 });
    const [lapsed, takenOver] = await slow.claimMany(["lapsed", "taken-over"]);
    if (lapsed?.state !== "claimed" || takenOver?.state !== "claimed") throw new Error("expected claims");
    await new Promise((r) => setTimeout(r, 200));
    const [retry] = await other.claimMany(["taken-over"]);
    if (retry?.state !== "claimed") throw new Error("expected the lapsed claim to be taken over");
    expect(
      await slow.completeMany([
        { deliveryId: "lapsed", token: lapsed.token },
        { deliveryId: "taken-over", token: takenOver.token },
      ]),
    ).toEqual([true, false]);
    expect(await other.claimMany(["lapsed", "taken-over"])).toEqual([
      { state: "done" },
      { state: "pending" },
    ]);
    expect(await other.completeMany([{ deliveryId: "taken-over", token: retry.token }])).toEqual([true]);
  });

  it("claims and completions made in one turn go to Redis as one script call each", async () => {
    const redis = connect();
    const store = redisDedupeStore(redis, { namespace: "turn" });
    const evalCalls = async () => {
      const info = await redis.info("commandstats");
      return (
        Number(/cmdstat_evalsha:calls=(\d+)/.exec(info)?.[1] ?? 0) +
        Number(/cmdstat_eval:calls=(\d+)/.exec(info)?.[1] ?? 0)
      );
    };
    await store.claimMany(["warm-up"]); // loads the scripts
    await store.completeMany([]);
    const before = await evalCalls();
    const ids = ["a", "b", "a", "c"];
    const claims = await Promise.all(ids.map((id) => store.claim(id)));
    expect(claims.map((c) => c.state)).toEqual(["claimed", "claimed", "pending", "claimed"]);
    const owned = claims.flatMap((c, i) =>
      c.state === "claimed" ? [{ id: ids[i] as string, token: c.token }] : [],
    );
    expect(await Promise.all(owned.map(({ id, token }) => store.complete(id, token)))).toEqual([
      true,
      true,
      true,
    ]);
    // One claim script for the four claims, one complete script for the three completions (the
    // first call of the complete script may be an EVAL after a NOSCRIPT answer: counted too).
    const calls = (await evalCalls()) - before;
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(3);
    expect(await Promise.all(["a", "b", "c"].map((id) => store.claim(id)))).toEqual([
      { state: "done" },
      { state: "done" },
      { state: "done" },
    ]);
  });

  it("on a Redis Cluster each id keeps a call of its own (a script's keys must share a slot)", async () => {
    // A one-node cluster holding every slot: it refuses a script whose keys are in different slots.
    const node = await startRedisServer({
      args: ["--cluster-enabled", "yes", "--cluster-announce-ip", "127.0.0.1"],
    });
    const admin = new Redis(node.port, "127.0.0.1");
    let cluster: Cluster | undefined;
    try {
      await admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
      for (
        let i = 0;
        i < 100 && !String(await admin.call("CLUSTER", "INFO")).includes("cluster_state:ok");
        i++
      )
        await new Promise((r) => setTimeout(r, 100));
      cluster = new Cluster([{ host: "127.0.0.1", port: node.port }]);
      const store = redisDedupeStore(cluster, { namespace: "cluster" });
      const ids = Array.from({ length: 20 }, (_, i) => `cluster_${i}`); // keys in many slots
      const claims = await Promise.all(ids.map((id) => store.claim(id)));
      expect(claims.every((c) => c.state === "claimed")).toBe(true);
      const owned = claims.map((c, i) => ({
        deliveryId: ids[i] as string,
        token: c.state === "claimed" ? c.token : "",
      }));
      expect(await store.completeMany(owned)).toEqual(ids.map(() => true));
      expect((await store.claimMany(ids)).every((c) => c.state === "done")).toBe(true);
    } finally {
      cluster?.disconnect();
      admin.disconnect();
      await node.dispose();
    }
  });
});

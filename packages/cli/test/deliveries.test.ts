/**
 * `contract deliveries list|show|replay` against a real Redis holding a dead letter and a failed
 * message; `contract deliveries sweep` against one holding a live batch's bodies and orphaned ones.
 */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { runCli } from "@contract/cli";
import { createOutbox, deliveryWorker, queuedReceiver, redisDedupeStore } from "@contract/redis";
import { type RedisServer, startRedisServer } from "@contract/redis/testing";
import { createReceiver, type ReceiverDefinition, standardWebhooks, utf8 } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const definition: ReceiverDefinition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
};

let server: RedisServer;
let redis: Redis;
let http: Server;
const closing: (() => Promise<unknown>)[] = [];
let handlerFails = true;
let handled = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, "127.0.0.1", { maxRetriesPerRequest: null });
  const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
  const receiver = createReceiver(definition, {
    secret: SECRET,
    dedupe: redisDedupeStore(redis, { namespace: "processed" }),
    onError: () => {},
    handlers: {
      "order.paid": () => {
        if (handlerFails) throw new Error("database down");
        handled++;
      },
    },
  });
  const front = queuedReceiver(receiver, { connection, dedupeRedis: redis, attempts: 1 });
  const worker = deliveryWorker(receiver, { connection });
  http = createServer((req, res) => {
    req.resume();
    res.statusCode = 400;
    res.end("no such customer");
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/hook`;
  const outbox = createOutbox<{ "order.paid": { type: string } }>({
    connection,
    redis,
    definition,
    sender: { secret: SECRET, allowPrivateTargets: true },
    schedule: "short",
  });
  const outboxWorker = outbox.worker();
  closing.push(
    () => front.close(),
    () => worker.close(),
    () => outbox.close(),
    () => outboxWorker.close(),
    () => new Promise((r) => http.close(r)),
  );

  const body = utf8(JSON.stringify({ type: "order.paid", id: "o1" }));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...(await standardWebhooks({ secrets: SECRET }).sign({ id: "msg_dead_1", body })),
  };
  const answer = await front.handle({ method: "POST", path: "/webhooks", headers: (n) => headers[n], body });
  expect(answer.status).toBe(202);
  await outbox.send("order.paid", { type: "order.paid" }, { endpoint: url, id: "msg_out_1" });
  const deadline = Date.now() + 15_000;
  while ((await front.queue.getFailedCount()) + (await outbox.queue.getFailedCount()) < 2) {
    if (Date.now() > deadline) throw new Error("no dead letters");
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => {
  for (const close of closing) await close().catch(() => {});
  await redis?.quit();
  await server?.dispose();
});

const cli = async (...args: string[]) => {
  const io = captureIO(process.cwd());
  const code = await runCli(["deliveries", ...args, "--redis", server.url], io);
  return { code, out: io.out, err: io.err };
};

// Steps on one Redis state, in this order: list and show read the dead letters that replay then
// takes off the queue. Kept in order also when the run shuffles tests (--sequence.shuffle).
describe("contract deliveries", { shuffle: false }, () => {
  it("list shows the dead-lettered inbound delivery and the failed outbound message", async () => {
    const { code, out } = await cli("list", "--json");
    expect(code).toBe(0);
    const entries = JSON.parse(out);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      direction: "inbound",
      id: "msg_dead_1",
      what: "/webhooks",
      attemptsMade: 1,
    });
    expect(entries[0].failedReason).toContain("handler_failed");
    expect(entries[1]).toMatchObject({ direction: "outbound", id: "msg_out_1", what: "order.paid" });
    expect(entries[1].failedReason).toContain("400");
    const human = await cli("list");
    expect(human.out).toContain("msg_dead_1");
  });

  it("show prints the stored delivery (headers, body) and the message's attempts", async () => {
    const inbound = await cli("show", "msg_dead_1");
    expect(inbound.code).toBe(0);
    const detail = JSON.parse(inbound.out);
    expect(JSON.parse(detail.body)).toEqual({ type: "order.paid", id: "o1" });
    expect(detail.headers["webhook-id"]).toBe("msg_dead_1");
    const outbound = JSON.parse((await cli("show", "msg_out_1")).out);
    expect(outbound.attempts).toHaveLength(1);
    expect(outbound.attempts[0]).toMatchObject({
      status: 400,
      outcome: "failed",
      answer: "no such customer",
    });
    const missing = await cli("show", "msg_nope");
    expect(missing.code).toBe(1);
  });

  it("replay puts a dead letter back on its queue; the handler then runs", async () => {
    handlerFails = false;
    const one = await cli("replay", "msg_dead_1");
    expect(one).toMatchObject({ code: 0, out: "replayed 1\n" });
    const deadline = Date.now() + 10_000;
    while (handled === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(handled).toBe(1);
    expect((await cli("replay")).code).toBe(2);
    const all = await cli("replay", "--all", "--json");
    expect(JSON.parse(all.out)).toEqual({ replayed: 1 });
  });

  it("exits 2 with a message when Redis cannot be reached", async () => {
    const io = captureIO(process.cwd());
    const code = await runCli(["deliveries", "list", "--redis", "redis://127.0.0.1:1"], io);
    expect(code).toBe(2);
    expect(io.err).toContain("cannot reach Redis");
  });
});

/** BullMQ's manual job API, from @contract/redis's own dependency (the CLI does not depend on it). */
interface ManualJob {
  id?: string;
  data: { deliveryId: string }[];
  moveToFailed(error: Error, token: string): Promise<unknown>;
}
const bullmq = createRequire(import.meta.resolve("@contract/redis"))("bullmq") as {
  Worker: new (
    name: string,
    processor: null,
    options: object,
  ) => { getNextJob(token: string): Promise<ManualJob | undefined>; close(): Promise<void> };
  UnrecoverableError: new (message: string) => Error;
};

describe("contract deliveries on a failed batch job", () => {
  it("lists it one line per delivery (<job id>#<index>), shows one, replays the batch", async () => {
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const receiver = createReceiver(definition, { secret: SECRET, handlers: {}, onError: () => {} });
    // Both deliveries must be in one batch: each verification may end in its own turn of the event
    // loop, so both are held until the second is verified, then queued in the same turn.
    let verifications = 0;
    let bothVerified!: () => void;
    const gate = new Promise<void>((resolve) => {
      bothVerified = resolve;
    });
    const gated: typeof receiver = {
      ...receiver,
      async verify(delivery) {
        const verified = await receiver.verify(delivery);
        if (++verifications === 2) bothVerified();
        await gate;
        return verified;
      },
    };
    const front = queuedReceiver(gated, { connection, queueName: "batches" });
    closing.push(() => front.close());
    await front.queue.pause();
    const deliveries = await Promise.all(
      ["msg_batch_0", "msg_batch_1"].map(async (id, i) => {
        const body = utf8(JSON.stringify({ type: "order.paid", id: `o${i}` }));
        const headers: Record<string, string> = {
          "content-type": "application/json",
          ...(await standardWebhooks({ secrets: SECRET }).sign({ id, body })),
        };
        return { method: "POST", path: "/webhooks", headers: (n: string) => headers[n], body };
      }),
    );
    expect((await Promise.all(deliveries.map((d) => front.handle(d)))).map((a) => a.status)).toEqual([
      202, 202,
    ]);
    // Taken and failed as a whole, as BullMQ ends a batch job that stalled past its limit.
    const manual = new bullmq.Worker("batches", null, { connection, prefix: "contract", autorun: false });
    closing.push(() => manual.close());
    await front.queue.resume();
    const job = await manual.getNextJob("token");
    await job?.moveToFailed(new bullmq.UnrecoverableError("job stalled more than allowable limit"), "token");

    // The batch holds the deliveries in the order their verifications ended (either may be first).
    const order = (job?.data ?? []).map((d) => d.deliveryId);
    expect([...order].sort()).toEqual(["msg_batch_0", "msg_batch_1"]);
    const [first, second] = order as [string, string];
    const listed = await cli("list", "--queue", "batches", "--json");
    const inbound = JSON.parse(listed.out).filter((e: { direction: string }) => e.direction === "inbound");
    expect(inbound.map((e: { jobId: string; id: string }) => [e.jobId, e.id])).toEqual([
      [`${job?.id}#0`, first],
      [`${job?.id}#1`, second],
    ]);
    const shown = JSON.parse((await cli("show", `${job?.id}#1`, "--queue", "batches")).out);
    expect(shown).toMatchObject({ id: second, failedReason: "job stalled more than allowable limit" });
    expect(JSON.parse(shown.body)).toEqual({ type: "order.paid", id: `o${second.slice(-1)}` });
    expect(JSON.parse((await cli("show", first, "--queue", "batches")).out).jobId).toBe(`${job?.id}#0`);
    expect(await cli("replay", `${job?.id}#1`, "--queue", "batches")).toMatchObject({
      code: 0,
      out: "replayed 2\n",
    });
    expect(await front.queue.getJobState(String(job?.id))).toBe("waiting");
  });
});

/** A signed delivery for a queued receiver's `handle`. */
async function signedDelivery(id: string) {
  const body = utf8(JSON.stringify({ type: "order.paid", id }));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...(await standardWebhooks({ secrets: SECRET }).sign({ id, body })),
  };
  return { method: "POST", path: "/webhooks", headers: (n: string) => headers[n], body };
}

describe("contract deliveries sweep", () => {
  const queueName = "sweeps";
  const index = `contract:${queueName}:bodies:index`;
  const bodyKeys = () => redis.keys(`contract:${queueName}:bodies:batch-*`);
  /** Moves every hash of the index back in time, as if written `ms` ago. */
  const age = async (ms: number) => {
    for (const key of await redis.zrange(index, 0, -1)) await redis.zadd(index, "XX", Date.now() - ms, key);
  };

  it("deletes bodies no job refers to once older than --older-than; a waiting batch's stay", async () => {
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const receiver = createReceiver(definition, { secret: SECRET, handlers: {}, onError: () => {} });
    // A batch waiting for a worker (none runs on this queue): its bodies are referred to.
    const front = queuedReceiver(receiver, { connection, queueName });
    closing.push(() => front.close());
    await front.queue.pause();
    expect((await front.handle(await signedDelivery("msg_live"))).status).toBe(202);
    const [live] = await bodyKeys();
    expect(live).toBeDefined();
    // A front end whose Redis user may write the queue's bodies keys and no other: the bodies are
    // written and listed, the job's add fails (answered 503), and nothing refers to the hash.
    const bodiesOnly = `~contract:${queueName}:bodies:*`;
    await redis.call("ACL", "SETUSER", "cli-no-scripts", "reset", "on", ">pw", bodiesOnly, "&*", "+@all");
    const failing = queuedReceiver(receiver, {
      connection: { ...connection, username: "cli-no-scripts", password: "pw" },
      queueName,
    });
    closing.push(() => failing.close());
    expect((await failing.handle(await signedDelivery("msg_lost"))).status).toBe(503);
    const orphan = (await bodyKeys()).find((key) => key !== live);
    expect(orphan).toBeDefined();

    // Both younger than the window: nothing is looked at.
    const young = await cli("sweep", "--queue", queueName, "--older-than", "1h", "--json");
    expect(young).toMatchObject({ code: 0, err: "" });
    expect(JSON.parse(young.out)).toEqual({ swept: 0, kept: 0 });
    expect(await redis.exists(live!, orphan!)).toBe(2);

    // Both written two hours ago: the orphan goes, the waiting batch's bodies stay.
    await age(2 * 3600_000);
    const old = await cli("sweep", "--queue", queueName, "--older-than", "1h");
    expect(old).toMatchObject({ code: 0, err: "" });
    expect(old.out).toBe("swept 1 orphaned body hash; kept 1 still referred to by a job\n");
    expect(await redis.exists(live!)).toBe(1);
    expect(await redis.exists(orphan!)).toBe(0);

    // The kept hash is looked at again one window later, not at once.
    expect(
      JSON.parse((await cli("sweep", "--queue", queueName, "--older-than", "1h", "--json")).out),
    ).toEqual({
      swept: 0,
      kept: 0,
    });
    // Its batch, still waiting, keeps it however old it is.
    await age(3 * 24 * 3600_000);
    expect(JSON.parse((await cli("sweep", "--queue", queueName, "--json")).out)).toEqual({
      swept: 0,
      kept: 1,
    });
    expect(await redis.exists(live!)).toBe(1);
  });

  it("--older-than takes ms, s, m, h and d; anything else is a usage error", async () => {
    expect(JSON.parse((await cli("sweep", "--queue", "none", "--older-than", "2d", "--json")).out)).toEqual({
      swept: 0,
      kept: 0,
    });
    const bad = await cli("sweep", "--queue", "none", "--older-than", "soon");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--older-than");
  });

  it("a window under a minute is a usage error unless --allow-short-window is given: a batch's add may still be in flight", async () => {
    // A hash listed 30 s ago that no job refers to.
    const key = `contract:short-window:bodies:batch-${"0".repeat(8)}-0000-0000-0000-${"0".repeat(12)}`;
    await redis.hset(key, "0", "{}");
    await redis.zadd("contract:short-window:bodies:index", Date.now() - 30_000, key);
    for (const window of ["0", "10s", "59999"]) {
      const refused = await cli("sweep", "--queue", "short-window", "--older-than", window);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain("--allow-short-window");
      expect(refused.out).toBe("");
    }
    expect(await redis.exists(key)).toBe(1);
    const allowed = await cli(
      "sweep",
      "--queue",
      "short-window",
      "--older-than",
      "10s",
      "--allow-short-window",
      "--json",
    );
    expect(allowed).toMatchObject({ code: 0, err: "" });
    expect(JSON.parse(allowed.out)).toEqual({ swept: 1, kept: 0 });
    expect(await redis.exists(key)).toBe(0);
  });

  it("exits 2 with a message when Redis cannot be reached", async () => {
    const io = captureIO(process.cwd());
    const code = await runCli(["deliveries", "sweep", "--redis", "redis://127.0.0.1:1"], io);
    expect(code).toBe(2);
    expect(io.err).toContain("cannot reach Redis");
  });
});

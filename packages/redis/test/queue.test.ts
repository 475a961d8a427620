import { createServer, type Server } from "node:http";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver, type ReceiverOptions } from "@contract/runtime/webhooks";
import { type Job, type JobsOptions, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  bodyOf,
  closeOnSignals,
  DEFAULT_REDIS_LEASE_MS,
  deliveryInspector,
  deliveryOf,
  deliveryWorker,
  jobIdOf,
  jobIdOfLetter,
  listDeadLetters,
  loadBodies,
  type QueuedDelivery,
  type QueuedJobData,
  type QueuedReceiver,
  queuedReceiver,
  redisDedupeStore,
  replayDeadLetters,
  sweepOrphanedBodies,
} from "../src/index.js";
import { newBatch, writeBodies } from "../src/raw-bodies.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";
import { definition, type Payloads, SECRET, signed } from "./fixtures.js";

let server: RedisServer;
let redis: Redis;
const closing: (() => Promise<unknown>)[] = [];
let n = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, "127.0.0.1");
});
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
  await redis?.quit();
  await server?.dispose();
});

/** One queue per test: a front end and a worker on the same receiver (same handlers, same options). */
function setup(
  handlers: ReceiverOptions<Payloads>["handlers"],
  more: { attempts?: number; acceptedStore?: boolean; jobs?: "batch" | "per-delivery" } = {},
) {
  const queueName = `q${++n}`;
  const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
  const errors: string[] = [];
  const receiver = createReceiver<Payloads>(definition, {
    secret: SECRET,
    handlers,
    dedupe: redisDedupeStore(redis, { namespace: `${queueName}:processed` }),
    handlerTimeoutMs: 2000,
    onError: (e) => errors.push(e.code),
    onValidationError: () => {},
  });
  // The front end's verifications, held (when oneBatch asks) until every one of a group has ended.
  let group: { size: number; ended: number; release: () => void; all: Promise<void> } | undefined;
  const held: typeof receiver = {
    ...receiver,
    async verify(delivery) {
      const verified = await receiver.verify(delivery);
      const current = group;
      if (current) {
        if (++current.ended === current.size) current.release();
        await current.all;
      }
      return verified;
    },
  };
  const front = queuedReceiver(held, {
    connection,
    queueName,
    ...(more.acceptedStore === false ? {} : { dedupeRedis: redis }),
    attempts: more.attempts ?? 3,
    backoff: { type: "fixed", delay: 50 },
    ...(more.jobs ? { jobs: more.jobs } : {}),
  });
  const dead: { job: Job<QueuedJobData>; error: Error }[] = [];
  const worker = deliveryWorker(receiver, {
    connection,
    queueName,
    concurrency: 4,
    onDeadLetter: (job, error) => dead.push({ job, error }),
  });
  closing.push(
    () => front.close(),
    () => worker.close(),
  );
  verifyTogether.set(front, (size) => {
    let release!: () => void;
    const all = new Promise<void>((resolve) => {
      release = resolve;
    });
    group = { size, ended: 0, release, all };
    return () => {
      group = undefined;
    };
  });
  return { receiver, front, worker, errors, dead, queueName };
}

/** Per front end: holds its next `size` verifications until all have ended; the result stops that. */
const verifyTogether = new WeakMap<object, (size: number) => () => void>();

async function until(check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * `work`, if it settles before a timer of `ms` set now fires; else an error. An order of timers, not
 * a measure of elapsed time (which a loaded machine can stretch past any bound): Node runs due
 * timers in order, so a time limit shorter than `ms` set after this timer fires first, and only a
 * limit longer than `ms` (such as the 5 s default used in place of the option) loses the race.
 */
function beforeTimer<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled before a ${ms} ms timer`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

const paid = (id: string) => ({ type: "order.paid", id, amount: 1 });

describe("ack-then-process on BullMQ", () => {
  it("answers 202 once queued, runs the handler in the worker, answers a redelivery as a duplicate", async () => {
    const seen: { id: string | undefined; amount: number; timestamp: number | undefined }[] = [];
    const { front, worker } = setup({
      "order.paid": (event) => {
        seen.push({ id: event.deliveryId, amount: event.payload.amount, timestamp: event.timestamp });
      },
    });
    const delivery = await signed("msg_q1", paid("o1"));
    const first = await front.handle(delivery);
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toEqual({ status: "queued" });
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ id: "msg_q1", amount: 1 });
    expect(typeof seen[0]?.timestamp).toBe("number");
    const again = await front.handle(delivery);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ status: "duplicate" });
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(1);
    // Its batch job completed (and, as batch jobs are by default, was removed).
    await until(
      async () => sum(await front.queue.getJobCounts("waiting", "active", "failed", "delayed")) === 0,
    );
    void worker;
  });

  it("per-delivery jobs without an accepted store: copies sent while the first is queued, running or kept are no-ops at ingest", async () => {
    let release: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: (string | undefined)[] = [];
    const { front } = setup(
      {
        "order.paid": async (event) => {
          seen.push(event.deliveryId);
          await running;
        },
      },
      { acceptedStore: false, jobs: "per-delivery" },
    );
    const delivery = await signed("msg_nostore", paid("o1"));
    // Concurrent copies land in the same batch or the next: one job either way.
    const first = await Promise.all([front.handle(delivery), front.handle(delivery), front.handle(delivery)]);
    expect(first.map((r) => r.status)).toEqual([202, 202, 202]);
    await until(() => seen.length === 1);
    expect((await front.handle(delivery)).status).toBe(202); // while its job runs
    release();
    await until(async () => (await front.queue.getJobCounts("completed")).completed === 1);
    expect((await front.handle(delivery)).status).toBe(202); // after it completed (job kept)
    // Past the kept job: the job is gone, a copy is queued again, and the workers' store skips it.
    await front.queue.clean(0, 10, "completed");
    expect((await front.handle(delivery)).status).toBe(202);
    await until(async () => (await front.queue.getJobCounts("completed")).completed === 1);
    expect(seen).toEqual(["msg_nostore"]);
    const open = await front.queue.getJobCounts("waiting", "active", "failed", "delayed");
    expect(Object.values(open).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("queues a UTF-8 body as its text and any other bytes as base64, both given back byte for byte", async () => {
    const { front } = setup({ "order.paid": () => {} }, { acceptedStore: false, jobs: "per-delivery" });
    front.queue.on("error", () => {});
    await front.queue.pause(); // keep the jobs waiting, to read them
    const text = await signed("msg_text", { ...paid("o1"), note: "café ✓" });
    expect((await front.handle(text)).status).toBe(202);
    const stored = (await front.queue.getJob(jobIdOf("msg_text"))) as Job<QueuedDelivery> | undefined;
    expect(stored?.data.bodyEncoding).toBe("utf8");
    expect(stored?.data.body).toBe(new TextDecoder().decode(text.body));
    expect(bodyOf(stored!.data)).toEqual(text.body);
    // Not UTF-8 (a lone 0xff byte): the signature passes, the bytes go as base64.
    const raw = await signed("msg_raw", "x");
    const bytes = new Uint8Array([0x7b, 0xff, 0x7d]);
    const { standardWebhooks } = await import("@contract/runtime/webhooks");
    const headers = {
      "content-type": "application/json",
      ...(await standardWebhooks({ secrets: SECRET }).sign({ id: "msg_raw", body: bytes })),
    };
    expect(
      (await front.handle({ ...raw, headers: (n) => (headers as Record<string, string>)[n], body: bytes }))
        .status,
    ).toBe(202);
    const binary = (await front.queue.getJob(jobIdOf("msg_raw"))) as Job<QueuedDelivery> | undefined;
    expect(binary?.data.bodyEncoding).toBeUndefined();
    expect(binary?.data.body).toBe(Buffer.from(bytes).toString("base64"));
    expect(deliveryOf(binary!.data).delivery.body).toEqual(bytes);
  });

  it("runs a job queued with a base64 body and no bodyEncoding (as earlier versions queue them)", async () => {
    const seen: number[] = [];
    const { front } = setup({ "order.paid": (event) => void seen.push(event.payload.amount) });
    const delivery = await signed("msg_old", { ...paid("o1"), amount: 7 });
    await front.queue.add(
      "delivery",
      {
        method: "POST",
        path: "/webhooks",
        headers: { "content-type": "application/json", "webhook-id": "msg_old" },
        body: Buffer.from(delivery.body).toString("base64"),
        deliveryId: "msg_old",
        receivedAt: Date.now(),
      },
      { jobId: jobIdOf("msg_old") },
    );
    await until(() => seen.length === 1);
    expect(seen).toEqual([7]);
  });

  it("turns away forged deliveries on the request path without queueing them", async () => {
    const { front, errors } = setup({ "order.paid": () => {} });
    const delivery = await signed("msg_forged", paid("o1"));
    const forged = { ...delivery, body: new TextEncoder().encode(JSON.stringify(paid("o2"))) };
    expect((await front.handle(forged)).status).toBe(401);
    expect(errors).toContain("invalid_signature");
    const counts = await front.queue.getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("retries a failing handler with backoff until it succeeds, once in effect", async () => {
    let calls = 0;
    const { front } = setup({
      "order.paid": () => {
        if (++calls < 3) throw new Error("database down");
      },
    });
    expect((await front.handle(await signed("msg_retry", paid("o1")))).status).toBe(202);
    await until(async () => (await front.queue.getJobCounts("completed")).completed === 1);
    expect(calls).toBe(3);
  });

  it("dead-letters a delivery that used all its attempts (with the last error), and replays it", async () => {
    let fail = true;
    let ran = 0;
    const { front, dead } = setup(
      {
        "order.paid": () => {
          ran++;
          if (fail) throw new Error("still down");
        },
      },
      { attempts: 2 },
    );
    expect((await front.handle(await signed("msg_dead", paid("o1")))).status).toBe(202);
    await until(() => dead.length === 1);
    expect(dead[0]?.error.message).toContain("answered 500");
    const letters = await listDeadLetters(front.queue);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ deliveryId: "msg_dead", attemptsMade: 2 });
    expect(letters[0]?.failedReason).toContain("handler_failed");
    fail = false;
    expect(await replayDeadLetters(front.queue)).toBe(1);
    await until(async () => (await front.queue.getJobCounts("completed")).completed === 1);
    expect(ran).toBe(3);
    expect(await listDeadLetters(front.queue)).toEqual([]);
  });

  for (const [how, replayAll] of [
    ["replayDeadLetters", (front: QueuedReceiver) => replayDeadLetters(front.queue)],
    [
      "the inspector",
      async (front: QueuedReceiver) => {
        const inspector = deliveryInspector({
          connection: { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null },
          redis,
          queueName: front.queue.name,
        });
        try {
          return await inspector.replay();
        } finally {
          await inspector.close();
        }
      },
    ],
  ] as const) {
    it(`replaying every dead letter (${how}) replays each once, even when they fail again at once`, async () => {
      // More dead letters than one page of the failed set, and a worker that fails each replayed
      // job at once: the replayed jobs re-enter the failed set while the replay goes on.
      const count = 150;
      const runs: Record<string, number> = {};
      const { front, dead } = setup(
        {
          "order.paid": (event) => {
            const id = event.deliveryId ?? "";
            runs[id] = (runs[id] ?? 0) + 1;
            throw new Error("still down");
          },
        },
        { attempts: 1, acceptedStore: false, jobs: "per-delivery" },
      );
      const ids = Array.from({ length: count }, (_, i) => `msg_again${i}`);
      const answers = await Promise.all(ids.map(async (id) => front.handle(await signed(id, paid(id)))));
      expect(answers.every((a) => a.status === 202)).toBe(true);
      await until(() => dead.length === count);
      expect(await replayAll(front)).toBe(count);
      await until(() => dead.length >= 2 * count);
      await until(
        async () => sum(await front.queue.getJobCounts("waiting", "active", "delayed", "prioritized")) === 0,
      );
      expect(await front.queue.getFailedCount()).toBe(count);
      expect(Object.keys(runs).sort()).toEqual([...ids].sort());
      expect(Object.entries(runs).filter(([, n]) => n !== 2)).toEqual([]);
      expect(dead).toHaveLength(2 * count);
    });
  }

  it("a payload the contract rejects is dead-lettered at once (a retry cannot fix it)", async () => {
    let ran = 0;
    const { front, dead } = setup({ "order.paid": () => void ran++ });
    const bad = { type: "order.paid", id: "o1", amount: "lots" };
    expect((await front.handle(await signed("msg_invalid", bad))).status).toBe(202);
    await until(() => dead.length === 1);
    expect(dead[0]?.job.attemptsMade).toBe(1);
    expect(dead[0]?.error.message).toContain("invalid_payload");
    expect(ran).toBe(0);
  });

  it("works behind the node:http adapter like the in-request receiver", async () => {
    let ran = 0;
    const { front } = setup({ "order.paid": () => void ran++ });
    const http: Server = createServer(toNodeListener(front));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    closing.push(() => new Promise((resolve) => http.close(resolve)));
    const address = http.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const delivery = await signed("msg_http", paid("o1"));
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "webhook-id", "webhook-timestamp", "webhook-signature"]) {
      headers[name] = delivery.headers(name)!;
    }
    const response = await fetch(`http://127.0.0.1:${port}/webhooks`, {
      method: "POST",
      headers,
      body: Buffer.from(delivery.body),
    });
    expect(response.status).toBe(202);
    await until(() => ran === 1);
  });

  it("on SIGTERM a worker finishes its running jobs before it exits; nothing is lost", async () => {
    let started = 0;
    let finished = 0;
    const { front, worker } = setup({
      "order.paid": async () => {
        started++;
        await new Promise((r) => setTimeout(r, 400));
        finished++;
      },
    });
    for (let i = 0; i < 4; i++) await front.handle(await signed(`msg_term_${i}`, paid(`o${i}`)));
    await until(() => started === 4);
    let exited = false;
    const remove = closeOnSignals([worker], {
      exit: () => {
        exited = true;
      },
      signals: ["SIGUSR2"],
    });
    process.emit("SIGUSR2");
    await until(() => exited);
    remove();
    expect(finished).toBe(4);
    expect(sum(await front.queue.getJobCounts("waiting", "active", "failed", "delayed"))).toBe(0);
  });

  it("without a delivery id in the headers, the body's hash is the id: a resent body is a duplicate", async () => {
    const queueName = `q${++n}`;
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const receiver = createReceiver<Payloads>(
      { ...definition, signature: { type: "hmac", header: "x-signature", encoding: "hex" } },
      { secret: "plain-secret", handlers: {}, onError: () => {} },
    );
    const front = queuedReceiver(receiver, { connection, queueName, dedupeRedis: redis });
    closing.push(() => front.close());
    const body = new TextEncoder().encode(JSON.stringify(paid("o1")));
    const { createHmac } = await import("node:crypto");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-signature": createHmac("sha256", "plain-secret").update(body).digest("hex"),
    };
    const delivery = { method: "POST", path: "/webhooks", headers: (name: string) => headers[name], body };
    expect((await front.handle(delivery)).status).toBe(202);
    expect(JSON.parse((await front.handle(delivery)).body)).toEqual({ status: "duplicate" });
    expect(await front.queue.getWaitingCount()).toBe(1);
  });

  it.each([
    ["with an accepted store (a time limit per request)", true],
    ["batch jobs alone (a time limit per batch)", false],
  ])(
    "answers 503 + Retry-After when Redis does not take the delivery in time (the sender retries): %s",
    async (_, withStore) => {
      const down = await startRedisServer();
      const connection = { host: "127.0.0.1", port: down.port, maxRetriesPerRequest: null };
      const downRedis = new Redis(down.port, "127.0.0.1", { maxRetriesPerRequest: null });
      downRedis.on("error", () => {});
      const errors: string[] = [];
      const receiver = createReceiver<Payloads>(definition, {
        secret: SECRET,
        handlers: {},
        onError: (e) => errors.push(e.code),
      });
      const front = queuedReceiver(receiver, {
        connection,
        ...(withStore ? { dedupeRedis: downRedis } : {}),
        enqueueTimeoutMs: 300,
      });
      front.queue.on("error", () => {});
      await down.stop();
      try {
        // With Redis gone, ioredis holds the commands until it is back (maxRetriesPerRequest: null):
        // the 503 comes only from the 300 ms limit, and it is waited out in full.
        const delivery = await signed("msg_down", paid("o1"));
        const started = Date.now();
        const answer = await beforeTimer(front.handle(delivery), 4_000);
        expect(answer.status).toBe(503);
        expect(answer.headers["retry-after"]).toBeDefined();
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(errors).toEqual(["delivery_in_progress"]);
        // BullMQ's close waits for Redis; the front end's close gives up after its timeout.
        await beforeTimer(front.close(300), 4_000);
      } finally {
        await down.restart();
        await front.queue.close();
        downRedis.disconnect();
        await down.dispose();
      }
    },
  );
});

describe("batch jobs", () => {
  /**
   * Hands deliveries to the front end while its queue is paused, as one batch job. Handed together,
   * they are written together once their signatures are verified in the same turn; on a loaded
   * machine those checks can end in different turns (each turn's deliveries then become a batch of
   * their own), so every verification is held until the last has ended, and all go on in one turn.
   */
  async function oneBatch(
    front: ReturnType<typeof setup>["front"],
    ids: string[],
    payload: (id: string) => unknown = paid,
  ) {
    await front.queue.pause();
    const deliveries = await Promise.all(ids.map((id, i) => signed(id, payload(`o${i}`))));
    const stop = verifyTogether.get(front)!(ids.length);
    try {
      const answers = await Promise.all(deliveries.map((d) => front.handle(d)));
      expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
    } finally {
      stop();
    }
    const waiting = await front.queue.getWaiting();
    expect(waiting.map((job) => [job.name, Array.isArray(job.data) ? job.data.length : 1])).toEqual([
      ["deliveries", ids.length],
    ]);
    return waiting[0] as Job<QueuedJobData>;
  }

  it("a delivery whose handler fails is retried on its own job; the others of its batch run once", async () => {
    const runs: Record<string, number> = {};
    const { front } = setup(
      {
        "order.paid": (event) => {
          const id = event.deliveryId ?? "";
          runs[id] = (runs[id] ?? 0) + 1;
          if (id === "msg_b2" && runs[id] === 1) throw new Error("database down");
        },
      },
      { acceptedStore: false },
    );
    await oneBatch(front, ["msg_b1", "msg_b2", "msg_b3"]);
    await front.queue.resume();
    await until(() => runs.msg_b2 === 2);
    await until(async () => (await front.queue.getJobState(jobIdOf("msg_b2"))) === "completed");
    expect(runs).toEqual({ msg_b1: 1, msg_b2: 2, msg_b3: 1 });
    expect(sum(await front.queue.getJobCounts("waiting", "active", "failed", "delayed"))).toBe(0);
  });

  it("deliveries that fail for good are dead-lettered with their error without running their handler again", async () => {
    const runs: Record<string, number> = {};
    const { front, dead } = setup(
      {
        "order.paid": (event) => {
          const id = event.deliveryId ?? "";
          runs[id] = (runs[id] ?? 0) + 1;
          if (id === "msg_f2") throw new Error("database down");
        },
      },
      { acceptedStore: false, attempts: 1 },
    );
    const bad = (id: string) => (id === "o2" ? { type: "order.paid", id, amount: "lots" } : paid(id));
    await oneBatch(front, ["msg_f1", "msg_f2", "msg_f3"], bad);
    await front.queue.resume();
    await until(() => dead.length === 2);
    expect(runs).toEqual({ msg_f1: 1, msg_f2: 1 }); // msg_f3's payload never reached its handler
    const letters = await listDeadLetters(front.queue);
    const byId = Object.fromEntries(letters.map((l) => [l.deliveryId, l]));
    expect(Object.keys(byId).sort()).toEqual(["msg_f2", "msg_f3"]);
    expect(byId.msg_f2).toMatchObject({ jobId: jobIdOf("msg_f2"), attemptsMade: 1 });
    expect(byId.msg_f2?.failedReason).toContain("handler_failed");
    expect(byId.msg_f3?.failedReason).toContain("invalid_payload");
    expect(runs).toEqual({ msg_f1: 1, msg_f2: 1 });
  });

  it("a batch job run again (as after its worker died) runs no handler twice; its bodies are deleted once it completes", async () => {
    const runs: Record<string, number> = {};
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const { front, worker, receiver, queueName } = setup(
      {
        "order.paid": (event) => {
          const id = event.deliveryId ?? "";
          runs[id] = (runs[id] ?? 0) + 1;
        },
      },
      { acceptedStore: false },
    );
    await worker.close();
    const batch = await oneBatch(front, ["msg_r1", "msg_r2", "msg_r3"]);
    // A worker takes the batch, handles every delivery, and dies before completing it: BullMQ
    // puts the job back as it was (the same data, run from its first delivery).
    const manual = new Worker(queueName, null, { connection, prefix: "contract", autorun: false });
    closing.push(() => manual.close());
    await front.queue.resume();
    const taken = await manual.getNextJob("token");
    expect(taken?.id).toBe(batch.id);
    const deliveries = batch.data as QueuedDelivery[];
    const bodies = await loadBodies(redis, deliveries);
    for (const [i, data] of deliveries.entries()) {
      const { delivery, verified } = deliveryOf(data, bodies[i]);
      expect((await receiver.process(delivery, verified)).status).toBe(200);
    }
    await taken?.moveToFailed(new Error("worker died"), "token");
    const again = deliveryWorker(receiver, { connection, queueName });
    closing.push(() => again.close());
    await until(
      async () => sum(await front.queue.getJobCounts("waiting", "active", "failed", "delayed")) === 0,
    );
    expect(runs).toEqual({ msg_r1: 1, msg_r2: 1, msg_r3: 1 });
    // Completed: its bodies' hash is deleted.
    await until(async () => (await redis.exists(deliveries[0]?.bodyKey ?? "")) === 0);
  });

  it("a batch job in the failed set is listed one line per delivery and replayed whole; handled ones are skipped", async () => {
    const runs: Record<string, number> = {};
    const { front, worker, receiver, queueName } = setup(
      {
        "order.paid": (event) => {
          const id = event.deliveryId ?? "";
          runs[id] = (runs[id] ?? 0) + 1;
        },
      },
      { acceptedStore: false },
    );
    await worker.close();
    const batch = await oneBatch(front, ["msg_d1", "msg_d2"]);
    // As a batch that stalled past maxStalledCount ends: taken, then failed as a whole, after its
    // first delivery was handled.
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const manual = new Worker(queueName, null, { connection, prefix: "contract", autorun: false });
    closing.push(() => manual.close());
    await front.queue.resume();
    const taken = await manual.getNextJob("token");
    expect(taken?.id).toBe(batch.id);
    const deliveries = batch.data as QueuedDelivery[];
    const [body] = await loadBodies(redis, deliveries.slice(0, 1));
    const first = deliveryOf(deliveries[0] as QueuedDelivery, body);
    expect((await receiver.process(first.delivery, first.verified)).status).toBe(200);
    // (Final whatever its attempts, as BullMQ fails a job stalled past its limit.)
    await taken?.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "token");
    const letters = await listDeadLetters(front.queue);
    expect(letters.map((l) => [l.jobId, l.deliveryId])).toEqual([
      [`${batch.id}#0`, "msg_d1"],
      [`${batch.id}#1`, "msg_d2"],
    ]);
    expect(letters[1]?.failedReason).toBe("job stalled more than allowable limit");
    // A failed job keeps its bodies for its replay.
    expect(await redis.exists(deliveries[0]?.bodyKey ?? "")).toBe(1);
    expect(jobIdOfLetter(`${batch.id}#1`)).toBe(batch.id);
    expect(await replayDeadLetters(front.queue, `${batch.id}#1`)).toBe(2);
    const again = deliveryWorker(receiver, { connection, queueName });
    closing.push(() => again.close());
    await until(() => runs.msg_d2 === 1);
    await until(
      async () => sum(await front.queue.getJobCounts("waiting", "active", "failed", "delayed")) === 0,
    );
    expect(runs).toEqual({ msg_d1: 1, msg_d2: 1 });
    await until(async () => (await redis.exists(deliveries[0]?.bodyKey ?? "")) === 0);
  });

  it("a batch job added again after its first copy completed (a resent add) completes without running or dead-lettering anything", async () => {
    const runs: Record<string, number> = {};
    const { front, dead } = setup(
      {
        "order.paid": (event) => {
          const id = event.deliveryId ?? "";
          runs[id] = (runs[id] ?? 0) + 1;
        },
      },
      { acceptedStore: false },
    );
    const batch = await oneBatch(front, ["msg_c1", "msg_c2"]);
    await front.queue.resume();
    const key = (batch.data as QueuedDelivery[])[0]?.bodyKey ?? "";
    await until(async () => (await redis.exists(key)) === 0);
    const again = await front.queue.add("deliveries", batch.data);
    await until(
      async () => (await again.getState()) === "completed" || (await again.getState()) === "unknown",
    );
    expect(dead).toEqual([]);
    expect(await front.queue.getFailedCount()).toBe(0);
    expect(runs).toEqual({ msg_c1: 1, msg_c2: 1 });
  });

  const bodyKeyOf = (job: Job<QueuedJobData>) => (job.data as QueuedDelivery[])[0]?.bodyKey ?? "";

  it("bodies no job refers to (a completed batch whose DEL was lost) are swept; those of waiting, delayed and dead-lettered batches stay", async () => {
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const { front, worker, queueName } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    await worker.close();
    const manual = new Worker(queueName, null, { connection, prefix: "contract", autorun: false });
    closing.push(() => manual.close());
    // Completed (and so removed), by a worker that died before deleting its bodies.
    const lost = await oneBatch(front, ["msg_s1"]);
    await front.queue.resume();
    const taken = await manual.getNextJob("token");
    expect(taken?.id).toBe(lost.id);
    await taken?.moveToCompleted({ deliveries: 1, retried: 0, deadLettered: 0 }, "token", false);
    expect(await front.queue.getJobState(String(lost.id))).toBe("unknown");
    // Failed as a whole (stalled past its limit): a dead letter a replay needs the bodies of.
    const failed = await oneBatch(front, ["msg_s2"]);
    await front.queue.resume();
    const stalled = await manual.getNextJob("token");
    expect(stalled?.id).toBe(failed.id);
    await stalled?.moveToFailed(new UnrecoverableError("job stalled more than allowable limit"), "token");
    // Retried as a whole after a backoff of days.
    const later = await oneBatch(front, ["msg_s4"]);
    await front.queue.resume();
    const backingOff = await manual.getNextJob("token");
    expect(backingOff?.id).toBe(later.id);
    await backingOff?.moveToDelayed(Date.now() + 3 * 24 * 3600_000, "token");
    expect(await front.queue.getJobState(String(later.id))).toBe("delayed");
    // Waiting for a worker.
    const waiting = await oneBatch(front, ["msg_s3"]);
    const keys = [lost, failed, later, waiting].map(bodyKeyOf);
    expect(await Promise.all(keys.map((key) => redis.exists(key)))).toEqual([1, 1, 1, 1]);

    expect(await sweepOrphanedBodies(front.queue, { olderThanMs: 0, allowShortWindow: true })).toEqual({
      deleted: 1,
      kept: 3,
    });
    expect(await Promise.all(keys.map((key) => redis.exists(key)))).toEqual([0, 1, 1, 1]);
    // Swept again: nothing more to delete. The kept hashes were scored anew at the sweep's "now" (at
    // least a millisecond past its cut-off), so the clock must pass that for a window of 0 to see them.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await sweepOrphanedBodies(front.queue, { olderThanMs: 0, allowShortWindow: true })).toEqual({
      deleted: 0,
      kept: 3,
    });

    // The dead letter, replayed, still has its bodies; so has the waiting batch.
    const seen: string[] = [];
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlers: { "order.paid": (event) => void seen.push(event.deliveryId ?? "") },
      dedupe: redisDedupeStore(redis, { namespace: `${queueName}:processed` }),
    });
    expect(await replayDeadLetters(front.queue)).toBe(1);
    await front.queue.resume();
    const again = deliveryWorker(receiver, { connection, queueName });
    closing.push(() => again.close());
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual(["msg_s2", "msg_s3"]);
    expect(await front.queue.getFailedCount()).toBe(0);
  });

  /**
   * A front end on a Redis user that may write the queue's bodies keys and no other: a batch's
   * bodies are written and listed in the bodies index, then BullMQ's add fails.
   */
  async function frontWithoutScripts(receiver: ReturnType<typeof setup>["receiver"], queueName: string) {
    const bodiesOnly = `~contract:${queueName}:bodies:*`;
    await redis.call("ACL", "SETUSER", "no-scripts", "reset", "on", ">pw", bodiesOnly, "&*", "+@all");
    const failing = queuedReceiver(receiver, {
      connection: {
        host: "127.0.0.1",
        port: server.port,
        username: "no-scripts",
        password: "pw",
        maxRetriesPerRequest: null,
      },
      queueName,
    });
    closing.push(() => failing.close());
    return failing;
  }

  it("bodies the request path wrote for a job whose add then failed are swept once older than a late add could be", async () => {
    const { receiver, queueName, front } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    const failing = await frontWithoutScripts(receiver, queueName);
    expect((await failing.handle(await signed("msg_lost_add", paid("o1")))).status).toBe(503);
    const orphans = await redis.keys(`contract:${queueName}:bodies:batch-*`);
    expect(orphans).toHaveLength(1);
    expect(sum(await front.queue.getJobCounts("waiting", "active", "delayed", "failed", "completed"))).toBe(
      0,
    );
    // Younger than the window in which a resent add may still land: kept.
    expect(await sweepOrphanedBodies(front.queue)).toEqual({ deleted: 0, kept: 0 });
    expect(await redis.exists(orphans[0] ?? "")).toBe(1);
    expect(await sweepOrphanedBodies(front.queue, { olderThanMs: 0, allowShortWindow: true })).toEqual({
      deleted: 1,
      kept: 0,
    });
    expect(await redis.exists(orphans[0] ?? "")).toBe(0);
  });

  it("the bodies index and the sweep's cut-off are on Redis' clock: hosts whose clocks are days off neither sweep early nor never", async () => {
    const { queueName, front } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    const index = `contract:${queueName}:bodies:index`;
    const redisNow = async () => {
      const [seconds, micros] = (await redis.time()) as [number | string, number | string];
      return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    };
    const days = 2 * 24 * 3600_000;
    const hour = 3600_000;
    /** Runs `work` on a host whose clock is `offset` ms off Redis'. */
    const skewed = async <T>(offset: number, work: () => Promise<T>): Promise<T> => {
      const now = Date.now;
      const clock = vi.spyOn(Date, "now").mockImplementation(() => now() + offset);
      try {
        return await work();
      } finally {
        clock.mockRestore();
      }
    };

    // A writer two days behind: the batch's hash (whose job's add then failed) is listed at Redis' time.
    const before = await redisNow();
    const { key: orphan } = newBatch("contract", queueName);
    await skewed(-days, () => writeBodies(redis, orphan, [Buffer.from("{}")]));
    const score = Number(await redis.zscore(index, orphan));
    expect(score).toBeGreaterThanOrEqual(before);
    expect(score).toBeLessThanOrEqual(await redisNow());

    // A sweeper two days ahead: for Redis the hash is seconds old, younger than an hour's window.
    expect(await skewed(days, () => sweepOrphanedBodies(front.queue, { olderThanMs: hour }))).toEqual({
      deleted: 0,
      kept: 0,
    });
    expect(await redis.exists(orphan)).toBe(1);

    // Two hours old by Redis' clock: a sweeper two days behind deletes it all the same.
    await redis.zadd(index, "XX", (await redisNow()) - 2 * hour, orphan);
    expect(await skewed(-days, () => sweepOrphanedBodies(front.queue, { olderThanMs: hour }))).toEqual({
      deleted: 1,
      kept: 0,
    });
    expect(await redis.exists(orphan)).toBe(0);

    // Entries an earlier version wrote (scored by its host's clock, here Redis' own) are read as they are.
    const earlier = (n: number) =>
      `contract:${queueName}:bodies:batch-${"0".repeat(8)}-0000-0000-0000-${String(n).padStart(12, "0")}`;
    for (const [n, age] of [
      [1, 2 * hour],
      [2, 0],
    ] as const) {
      await redis.hset(earlier(n), "0", "{}");
      await redis.zadd(index, Date.now() - age, earlier(n));
    }
    expect(await sweepOrphanedBodies(front.queue, { olderThanMs: hour })).toEqual({ deleted: 1, kept: 0 });
    expect([await redis.exists(earlier(1)), await redis.exists(earlier(2))]).toEqual([0, 1]);
  });

  it("workers sweep bodies no job refers to on their own", async () => {
    const { receiver, queueName, worker } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    await worker.close();
    const failing = await frontWithoutScripts(receiver, queueName);
    expect((await failing.handle(await signed("msg_lost_add2", paid("o1")))).status).toBe(503);
    const [orphan] = await redis.keys(`contract:${queueName}:bodies:batch-*`);
    expect(orphan).toBeDefined();
    // The worker that setup started may have taken this hour's turn at its start (sweeping nothing).
    await redis.del(`contract:${queueName}:bodies:sweeping`);
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const sweeping = deliveryWorker(receiver, {
      connection,
      queueName,
      sweepOrphanedBodies: { everyMs: 60_000, olderThanMs: 0, allowShortWindow: true },
    });
    closing.push(() => sweeping.close());
    await until(async () => (await redis.exists(orphan ?? "")) === 0);
  });

  it("a sweep window under a minute is refused unless allowed explicitly: a batch's add may still be in flight", async () => {
    const { front, receiver, queueName } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    // A batch whose add failed after its bodies were written: no job refers to them. Listed an hour ago.
    const failing = await frontWithoutScripts(receiver, queueName);
    expect((await failing.handle(await signed("msg_w1", paid("o1")))).status).toBe(503);
    const [orphan = ""] = await redis.keys(`contract:${queueName}:bodies:batch-*`);
    expect(
      await redis.zadd(`contract:${queueName}:bodies:index`, "XX", "CH", Date.now() - 3600_000, orphan),
    ).toBe(1);
    await expect(sweepOrphanedBodies(front.queue, { olderThanMs: 0 })).rejects.toThrow(/allowShortWindow/);
    await expect(sweepOrphanedBodies(front.queue, { olderThanMs: 59_999 })).rejects.toThrow(/under a minute/);
    expect(await redis.exists(orphan)).toBe(1);
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    expect(() =>
      deliveryWorker(receiver, { connection, queueName, sweepOrphanedBodies: { olderThanMs: 1000 } }),
    ).toThrow(/allowShortWindow/);
    expect(await sweepOrphanedBodies(front.queue, { olderThanMs: 60_000 })).toMatchObject({ deleted: 1 });
    expect(await redis.exists(orphan)).toBe(0);
  });

  it("a sweep period that is not a positive number of milliseconds a timer can wait is refused when the worker is created", async () => {
    const { receiver, queueName } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    // Node's timers run these every millisecond: a sweep (and its lock's SET) on each.
    for (const everyMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect(
        () => deliveryWorker(receiver, { connection, queueName, sweepOrphanedBodies: { everyMs } }),
        String(everyMs),
      ).toThrow(/sweepOrphanedBodies: everyMs/);
    }
    const worker = deliveryWorker(receiver, {
      connection,
      queueName,
      sweepOrphanedBodies: { everyMs: 2 ** 31 - 1 },
    });
    closing.push(() => worker.close());
    await worker.waitUntilReady();
  });

  it("a batch job's data holds metadata only; the raw bytes are in one hash beside it, as they were signed", async () => {
    const { front } = setup({ "order.paid": () => {} }, { acceptedStore: false });
    const batch = await oneBatch(front, ["msg_m1", "msg_m2"], (id) => ({ ...paid(id), note: "café ✓" }));
    const deliveries = batch.data as QueuedDelivery[];
    expect(deliveries.map((d) => [d.body, d.bodyField])).toEqual([
      [undefined, "0"],
      [undefined, "1"],
    ]);
    expect(deliveries[0]?.bodyKey).toMatch(/^contract:q\d+:bodies:/);
    expect(deliveries[1]?.bodyKey).toBe(deliveries[0]?.bodyKey);
    const stored = await redis.hgetallBuffer(deliveries[0]?.bodyKey ?? "");
    const sent = await signed("msg_m2", { ...paid("o1"), note: "café ✓" });
    expect(new Uint8Array(stored["1"] ?? [])).toEqual(sent.body);
  });

  it("a delivery whose body is gone from Redis is dead-lettered with an error that says so; the others run", async () => {
    const runs: string[] = [];
    const { front, dead } = setup(
      { "order.paid": (event) => void runs.push(event.deliveryId ?? "") },
      { acceptedStore: false },
    );
    const batch = await oneBatch(front, ["msg_g1", "msg_g2"]);
    const [first] = batch.data as QueuedDelivery[];
    await redis.hdel(first?.bodyKey ?? "", "0");
    await front.queue.resume();
    await until(() => dead.length === 1 && runs.length === 1);
    expect(runs).toEqual(["msg_g2"]);
    const letters = await listDeadLetters(front.queue);
    expect(letters.map((l) => l.deliveryId)).toEqual(["msg_g1"]);
    expect(letters[0]?.failedReason).toContain("raw body is not in Redis");
    expect(letters[0]?.failedReason).toContain(first?.bodyKey);
  });

  it("a failed delivery split out of its batch carries its body inline: it runs after the batch's hash is deleted", async () => {
    let failFirst = true;
    const runs: string[] = [];
    const { front } = setup(
      {
        "order.paid": (event) => {
          runs.push(event.deliveryId ?? "");
          if (event.deliveryId === "msg_s2" && failFirst) {
            failFirst = false;
            throw new Error("database down");
          }
        },
      },
      { acceptedStore: false },
    );
    const batch = await oneBatch(front, ["msg_s1", "msg_s2"]);
    const key = (batch.data as QueuedDelivery[])[0]?.bodyKey ?? "";
    await front.queue.resume();
    await until(async () => (await front.queue.getJobState(jobIdOf("msg_s2"))) === "completed");
    expect(runs.sort()).toEqual(["msg_s1", "msg_s2", "msg_s2"]);
    const own = (await front.queue.getJob(jobIdOf("msg_s2"))) as Job<QueuedDelivery> | undefined;
    expect(own?.data.bodyKey).toBeUndefined();
    expect(own?.data.bodyEncoding).toBe("utf8");
    expect(await redis.exists(key)).toBe(0);
  });

  /** How long the queue goes on retrying a job with these options: its first delay, then BullMQ's exponential backoff. */
  const retryingForMs = (opts: JobsOptions) => {
    const backoff = opts.backoff as { type: string; delay: number };
    expect(backoff.type).toBe("exponential");
    let total = opts.delay ?? 0;
    for (let made = 1; made < (opts.attempts ?? 1); made++) total += 2 ** (made - 1) * backoff.delay;
    return total;
  };

  it("with the default attempts and backoff, a delivery whose claim a killed worker still holds is retried past the claim's lease, not dead-lettered before it lapses", async () => {
    const queueName = `q${++n}`;
    const connection = { host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null };
    const store = redisDedupeStore(redis, { namespace: `${queueName}:processed` });
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlers: { "order.paid": () => {} },
      dedupe: store,
      onError: () => {},
    });
    const front = queuedReceiver(receiver, { connection, queueName });
    const worker = deliveryWorker(receiver, { connection, queueName, sweepOrphanedBodies: false });
    const single = queuedReceiver(receiver, { connection, queueName: `q${++n}`, jobs: "per-delivery" });
    closing.push(
      () => front.close(),
      () => worker.close(),
      () => single.close(),
    );
    // The claim of a worker killed mid-handler: pending until its lease lapses.
    expect((await store.claim("msg_held")).state).toBe("claimed");
    expect((await front.handle(await signed("msg_held", paid("o1")))).status).toBe(202);
    // Its batch answers it 503 (in progress elsewhere): it gets a job of its own, retried.
    let own: Job<QueuedJobData> | undefined;
    await until(async () => {
      own = await front.queue.getJob(jobIdOf("msg_held"));
      return own !== undefined;
    });
    expect(retryingForMs(own?.opts ?? {})).toBeGreaterThan(DEFAULT_REDIS_LEASE_MS);
    // A per-delivery job (no worker runs this queue) has the same room.
    expect((await single.handle(await signed("msg_single", paid("o2")))).status).toBe(202);
    const job = await single.queue.getJob(jobIdOf("msg_single"));
    expect(retryingForMs(job?.opts ?? {})).toBeGreaterThan(DEFAULT_REDIS_LEASE_MS);
  });

  it("runs a batch job queued by an earlier version (bodies inline in the data)", async () => {
    const seen: number[] = [];
    const { front } = setup({ "order.paid": (event) => void seen.push(event.payload.amount) });
    const old = await Promise.all(
      [1, 2].map(async (amount) => {
        const id = `msg_old_b${amount}`;
        const delivery = await signed(id, { ...paid("o1"), amount });
        return {
          method: "POST",
          path: "/webhooks",
          headers: { "content-type": "application/json", "webhook-id": id },
          body: Buffer.from(delivery.body).toString(amount === 1 ? "utf8" : "base64"),
          ...(amount === 1 ? { bodyEncoding: "utf8" as const } : {}),
          deliveryId: id,
          receivedAt: Date.now(),
        };
      }),
    );
    await front.queue.add("deliveries", old);
    await until(() => seen.length === 2);
    expect(seen.sort()).toEqual([1, 2]);
  });
});

/**
 * Webhooks sent without a body and without a delivery id (an event told by its headers,
 * authenticated by a token): without an id the queue keys a delivery by its body's hash, and every
 * empty body has the same one, so each notification after the first was taken for a duplicate and
 * never handled.
 */
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

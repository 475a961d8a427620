/**
 * A batch job's deliveries whose run is over (handled, or given a job of their own) are settled in
 * its bodies' hash: any later run of the batch — a retry, a replay of the batch failed as a whole —
 * skips them even once the workers' de-duplication store has forgotten them (its window passed),
 * and the inspector lists only the deliveries still to run. On a real Redis; the store's window is
 * "passed" by deleting its keys.
 */
import { createReceiver, type ReceiverOptions, type WebhookReceiver } from "@contract/runtime/webhooks";
import type { Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliveryInspector,
  deliveryWorker,
  listDeadLetters,
  type QueuedDelivery,
  type QueuedJobData,
  type QueuedReceiverOptions,
  queuedReceiver,
  redisDedupeStore,
  sweepOrphanedBodies,
} from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";
import { definition, type Payloads, SECRET, signed } from "./fixtures.js";

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

async function until(check: () => boolean | Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const connectionOf = (more: { username?: string; password?: string } = {}) => ({
  host: "127.0.0.1",
  port: server.port,
  maxRetriesPerRequest: null,
  ...more,
});

/** A receiver whose handler counts its runs per delivery id, in the order they start. */
function countingReceiver(queueName: string, handler: (id: string, run: number) => Promise<void> | void) {
  const runs: Record<string, number> = {};
  const started: string[] = [];
  const handlers: ReceiverOptions<Payloads>["handlers"] = {
    "order.paid": async (event) => {
      const id = event.deliveryId ?? "";
      runs[id] = (runs[id] ?? 0) + 1;
      started.push(id);
      await handler(id, runs[id]);
    },
  };
  const receiver = createReceiver<Payloads>(definition, {
    secret: SECRET,
    handlers,
    dedupe: redisDedupeStore(redis, { namespace: `${queueName}:processed` }),
    // Long enough that a handler held on purpose is still running when its worker is killed.
    handlerTimeoutMs: 600_000,
    onError: () => {},
  });
  return { receiver, runs, started };
}

/** The store's window passes: every record of it is gone. */
async function forgetStore(queueName: string) {
  const keys = await redis.keys(`contract:dedupe:${queueName}:processed:*`);
  if (keys.length > 0) await redis.del(...keys);
}

/**
 * A front end on the receiver whose `oneBatch` queues deliveries as one batch job, on a paused
 * queue: each verification may end in its own turn of the event loop (and each turn's deliveries
 * would be a batch of their own), so all are held until the last is verified, then queued together.
 */
function batchingFront(receiver: WebhookReceiver, options: QueuedReceiverOptions) {
  let gate: { expected: number; verified: number; open: () => void; opened: Promise<void> } | undefined;
  const gated: WebhookReceiver = {
    ...receiver,
    async verify(delivery) {
      const verified = await receiver.verify(delivery);
      if (gate) {
        if (++gate.verified === gate.expected) gate.open();
        await gate.opened;
      }
      return verified;
    },
  };
  const front = queuedReceiver(gated, options);
  async function oneBatch(ids: string[]): Promise<Job<QueuedJobData>> {
    await front.queue.pause();
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    gate = { expected: ids.length, verified: 0, open, opened };
    const deliveries = await Promise.all(
      ids.map((id, i) => signed(id, { type: "order.paid", id: `o${i}`, amount: i })),
    );
    const answers = await Promise.all(deliveries.map((d) => front.handle(d)));
    gate = undefined;
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 202));
    const waiting = await front.queue.getWaiting();
    expect(waiting.map((job) => (Array.isArray(job.data) ? job.data.length : 1))).toEqual([ids.length]);
    return waiting[0] as Job<QueuedJobData>;
  }
  return { front, oneBatch };
}

const bodyKeyOf = (job: Job<QueuedJobData>) => (job.data as QueuedDelivery[])[0]?.bodyKey ?? "";

describe("settled deliveries of a batch", () => {
  it("a batch failed as a whole (its worker killed mid-batch) and replayed after the store's window runs only the deliveries not handled; the inspector lists only those", async () => {
    const queueName = "stalled";
    // The third delivery's handler is still running when its worker is killed.
    const { receiver, runs, started } = countingReceiver(queueName, (_id, _run) =>
      started.length === 3 ? new Promise<void>(() => {}) : undefined,
    );
    const { front, oneBatch } = batchingFront(receiver, { connection: connectionOf(), queueName });
    closing.push(() => front.close());
    const batch = await oneBatch(["msg_k1", "msg_k2", "msg_k3", "msg_k4"]);
    const key = bodyKeyOf(batch);
    // In the batch's order: the first two handled, the third running at the kill, the last not started.
    const [first, second, running, untouched] = (batch.data as QueuedDelivery[]).map(
      (d) => d.deliveryId ?? "",
    );

    const doomed = deliveryWorker(receiver, {
      connection: connectionOf(),
      queueName,
      batchConcurrency: 1,
      lockDurationMs: 1000,
      // (Each worker's check holds off the others' for its interval.)
      stalledIntervalMs: 200,
      sweepOrphanedBodies: false,
    });
    await front.queue.resume();
    await until(() => started.length === 3);
    // Both handled deliveries are marked settled (their bodies dropped) while the batch still runs.
    await until(async () => (await redis.hkeys(key)).filter((f) => f.startsWith("s")).length === 2);
    // Killed: its lock is no longer renewed, nothing more of it reaches Redis.
    await doomed.close(true);

    // Another worker finds the batch stalled past its limit (0): failed as a whole.
    const checker = deliveryWorker(receiver, {
      connection: connectionOf(),
      queueName,
      stalledIntervalMs: 200,
      maxStalledCount: 0,
      sweepOrphanedBodies: false,
    });
    closing.push(() => checker.close());
    await until(async () => (await front.queue.getJobState(String(batch.id))) === "failed");

    const inspector = deliveryInspector({ connection: connectionOf(), redis, queueName });
    closing.push(() => inspector.close());
    const listed = (await inspector.list()).filter((e) => e.direction === "inbound");
    expect(listed.map((e) => [e.jobId, e.id])).toEqual([
      [`${batch.id}#2`, running],
      [`${batch.id}#3`, untouched],
    ]);
    expect((await listDeadLetters(front.queue)).map((l) => l.deliveryId)).toEqual([running, untouched]);
    expect(await inspector.show(`${batch.id}#0`)).toBeUndefined();
    expect(await inspector.show(first ?? "")).toBeUndefined();
    const shown = await inspector.show(`${batch.id}#3`);
    expect(shown).toMatchObject({ id: untouched, failedReason: "job stalled more than allowable limit" });
    expect(JSON.parse(shown?.body ?? "")).toMatchObject({ type: "order.paid" });

    // A sweep keeps the failed batch's hash, markers and all: its job still refers to it.
    expect(await sweepOrphanedBodies(front.queue, { olderThanMs: 0, allowShortWindow: true })).toEqual({
      deleted: 0,
      kept: 1,
    });
    expect(await redis.exists(key)).toBe(1);

    await forgetStore(queueName);
    expect(await inspector.replay(`${batch.id}#3`)).toBe(2);
    await until(() => runs[untouched ?? ""] === 1 && runs[running ?? ""] === 2);
    await until(async () => (await redis.exists(key)) === 0);
    // The handled ones ran once; the one running at the kill runs again (its worker died while it ran).
    expect(runs).toEqual({ [first ?? ""]: 1, [second ?? ""]: 1, [running ?? ""]: 2, [untouched ?? ""]: 1 });
    expect(await front.queue.getFailedCount()).toBe(0);
  });

  it("a delivery whose job of its own could not be added stays unsettled: the batch's retry runs it, and not the handled one", async () => {
    const queueName = "own-add";
    // The worker's Redis user may touch every key of the queue but the deliveries' own jobs
    // (`d_<hash>`): its add of an own job is refused by Redis, as a failed write would be.
    await redis.call(
      "ACL",
      "SETUSER",
      "own-add-worker",
      "reset",
      "on",
      ">pw",
      "+@all",
      "&*",
      `~contract:${queueName}:`,
      `~contract:${queueName}:[^d]*`,
      `~contract:${queueName}:de*`,
    );
    const { receiver, runs } = countingReceiver(queueName, (id, run) => {
      if (id === "msg_a2" && run === 1) throw new Error("database down");
    });
    // Two attempts; the retry waits until promoted.
    const { front, oneBatch } = batchingFront(receiver, {
      connection: connectionOf(),
      queueName,
      attempts: 2,
      backoff: { type: "fixed", delay: 600_000 },
    });
    closing.push(() => front.close());
    const batch = await oneBatch(["msg_a1", "msg_a2"]);
    const key = bodyKeyOf(batch);
    const fieldOf = (id: string) =>
      (batch.data as QueuedDelivery[]).find((d) => d.deliveryId === id)?.bodyField ?? "";
    const worker = deliveryWorker(receiver, {
      connection: connectionOf({ username: "own-add-worker", password: "pw" }),
      queueName,
      sweepOrphanedBodies: false,
    });
    closing.push(() => worker.close());
    await front.queue.resume();
    await until(async () => (await front.queue.getJobState(String(batch.id))) === "delayed");
    const failed = await front.queue.getJob(String(batch.id));
    // (Redis 7.0 words it "… can't access at least one of the keys …", later ones NOPERM.)
    expect(failed?.failedReason).toMatch(/NOPERM|can't access/);
    expect(runs).toEqual({ msg_a1: 1, msg_a2: 1 });
    // The handled one is settled; the one without a job keeps its body for the retry.
    expect((await redis.hkeys(key)).sort()).toEqual([fieldOf("msg_a2"), `s${fieldOf("msg_a1")}`].sort());

    await redis.call("ACL", "SETUSER", "own-add-worker", `~contract:${queueName}:d_*`);
    await forgetStore(queueName);
    await failed?.promote();
    await until(async () => (await redis.exists(key)) === 0);
    expect(runs).toEqual({ msg_a1: 1, msg_a2: 2 });
    expect(await front.queue.getFailedCount()).toBe(0);
  });
});

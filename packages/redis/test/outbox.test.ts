import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { toNodeListener } from "@contract/runtime/node";
import { createReceiver, type ReceiverDefinition } from "@contract/runtime/webhooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutbox } from "../src/index.js";
import { type RedisServer, startRedisServer } from "../src/testing/redis-server.js";
import { SECRET } from "./fixtures.js";

const definition: ReceiverDefinition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  signature: "standard-webhooks",
  route: { by: "body", field: "type" },
};

type Payloads = { "order.paid": { type: "order.paid"; i?: number } };

let server: RedisServer;
let redis: Redis;
const closing: (() => Promise<unknown>)[] = [];
let n = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.port, "127.0.0.1", { maxRetriesPerRequest: null });
});
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
  await redis?.quit();
  await server?.dispose();
});

const connection = () => ({ host: "127.0.0.1", port: server.port, maxRetriesPerRequest: null });

async function listen(handler: Parameters<typeof createServer>[1] & object): Promise<string> {
  const http: Server = createServer(handler);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  closing.push(() => new Promise((resolve) => http.close(resolve)));
  const address = http.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/webhooks`;
}

function outboxFor(more: { disableAfter?: number; maxRetryAfterMs?: number } = {}) {
  const outbox = createOutbox<Payloads>({
    connection: connection(),
    redis,
    queueName: `outbox${++n}`,
    definition,
    sender: { secret: SECRET, allowPrivateTargets: true },
    schedule: "short",
    ...more,
  });
  closing.push(() => outbox.close());
  return outbox;
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("sender outbox", () => {
  it("send returns once queued; a worker delivers, retries on the schedule and records every attempt", async () => {
    let calls = 0;
    const url = await listen((req, res) => {
      req.resume();
      req.on("end", () => {
        res.statusCode = ++calls === 1 ? 500 : 200;
        res.end(calls === 1 ? "try again" : "ok");
      });
    });
    const outbox = outboxFor();
    const { messageId } = await outbox.send("order.paid", { type: "order.paid" }, { endpoint: url });
    expect(await outbox.state(messageId)).toBe("waiting");
    const worker = outbox.worker();
    closing.push(() => worker.close());
    await until(async () => (await outbox.state(messageId)) === "completed");
    const history = await outbox.history(messageId);
    expect(history.map((a) => [a.attempt, a.status, a.outcome, a.answer])).toEqual([
      [1, 500, "retry", "try again"],
      [2, 200, "delivered", "ok"],
    ]);
    expect(history[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof history[0]?.startedAt).toBe("number");
  });

  it("waits the longer of the schedule and the endpoint's Retry-After, capped by maxRetryAfterMs", async () => {
    const endpoint = async (retryAfter: string) => {
      let calls = 0;
      return listen((req, res) => {
        req.resume();
        req.on("end", () => {
          if (++calls === 1) {
            res.writeHead(503, { "Retry-After": retryAfter });
            res.end("busy");
          } else res.end("ok");
        });
      });
    };
    const polite = await endpoint("2"); // 2 s, longer than the short schedule's first delay
    const greedy = await endpoint("3600"); // an hour: capped
    const outbox = outboxFor({ maxRetryAfterMs: 3_000 });
    const worker = outbox.worker();
    closing.push(() => worker.close());
    const a = await outbox.send("order.paid", { type: "order.paid" }, { endpoint: polite });
    const b = await outbox.send("order.paid", { type: "order.paid" }, { endpoint: greedy });
    await until(async () => (await outbox.state(a.messageId)) === "completed");
    await until(async () => (await outbox.state(b.messageId)) === "completed");
    const [a1, a2] = await outbox.history(a.messageId);
    const [b1, b2] = await outbox.history(b.messageId);
    expect([a1?.status, a1?.outcome, a1?.nextDelayMs, a2?.status]).toEqual([503, "retry", 2_000, 200]);
    expect(a2!.startedAt - a1!.startedAt).toBeGreaterThanOrEqual(1_900);
    expect([b1?.status, b1?.outcome, b1?.nextDelayMs, b2?.status]).toEqual([503, "retry", 3_000, 200]);
    expect(b2!.startedAt - b1!.startedAt).toBeGreaterThanOrEqual(2_900);
    expect(b2!.startedAt - b1!.startedAt).toBeLessThan(20_000);
  });

  it("disables an endpoint that answers 410, and one after N consecutive failures", async () => {
    const gone = await listen((req, res) => {
      req.resume();
      res.statusCode = 410;
      res.end();
    });
    const down = await listen((req, res) => {
      req.resume();
      res.statusCode = 503;
      res.end();
    });
    const outbox = outboxFor({ disableAfter: 3 });
    const worker = outbox.worker();
    closing.push(() => worker.close());
    const a = await outbox.send("order.paid", { type: "order.paid" }, { endpoint: gone });
    const b = await outbox.send("order.paid", { type: "order.paid" }, { endpoint: down });
    await until(async () => (await outbox.state(a.messageId)) === "failed");
    await until(async () => (await outbox.state(b.messageId)) === "failed");
    expect((await outbox.history(a.messageId)).map((x) => x.outcome)).toEqual(["gone"]);
    expect((await outbox.history(b.messageId)).map((x) => x.status)).toEqual([503, 503, 503]);
    expect(await outbox.disabledEndpoints()).toEqual({
      [gone]: "410 Gone",
      [down]: "3 consecutive failed attempts",
    });
    // Nothing more is sent to a disabled endpoint; enabling it delivers again.
    const c = await outbox.send("order.paid", { type: "order.paid" }, { endpoint: gone });
    await until(async () => (await outbox.state(c.messageId)) === "failed");
    expect(await outbox.history(c.messageId)).toEqual([]);
    await outbox.enableEndpoint(down);
    expect(Object.keys(await outbox.disabledEndpoints())).toEqual([gone]);
  });

  it("an endpoint chosen per message (resolveEndpoint) is checked, not the fixed one: a disabled one is not sent to, a healthy one is", async () => {
    let goneCalls = 0;
    const gone = await listen((req, res) => {
      req.resume();
      goneCalls++;
      res.statusCode = 410;
      res.end();
    });
    const ok = await listen((req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    /** An outbox whose messages go to `ok` when `i` is 2, else to `gone`; `endpoints` as given. */
    const outboxWith = (endpoints?: string) => {
      const outbox = createOutbox<Payloads>({
        connection: connection(),
        redis,
        queueName: `outbox${++n}`,
        definition,
        sender: {
          secret: SECRET,
          allowPrivateTargets: true,
          ...(endpoints !== undefined ? { endpoints } : {}),
          resolveEndpoint: (_webhook, payload) => ((payload as { i?: number }).i === 2 ? ok : gone),
        },
        schedule: "short",
      });
      const worker = outbox.worker();
      closing.push(
        () => outbox.close(),
        () => worker.close(),
      );
      return outbox;
    };
    const settled = async (outbox: ReturnType<typeof outboxWith>, i: number) => {
      const { messageId } = await outbox.send("order.paid", { type: "order.paid", i });
      await until(async () => ["completed", "failed"].includes(await outbox.state(messageId)));
      return { state: await outbox.state(messageId), history: await outbox.history(messageId) };
    };

    // Chosen per message only: once it answered 410, nothing more is sent to it.
    const perMessage = outboxWith();
    expect((await settled(perMessage, 1)).history.map((a) => a.outcome)).toEqual(["gone"]);
    expect(goneCalls).toBe(1);
    expect(await settled(perMessage, 1)).toEqual({ state: "failed", history: [] });
    expect(goneCalls).toBe(1);

    // A fixed endpoint too, which resolveEndpoint overrides: its being disabled stops only the
    // messages that go to it.
    const both = outboxWith(gone);
    expect((await settled(both, 1)).history.map((a) => a.outcome)).toEqual(["gone"]);
    const healthy = await settled(both, 2);
    expect(healthy.state).toBe("completed");
    expect(healthy.history.map((a) => [a.url, a.outcome])).toEqual([[ok, "delivered"]]);
  });

  it("numbers attempts from the stored history: a job re-run after its worker died does not repeat a number", async () => {
    let calls = 0;
    const url = await listen((req, res) => {
      req.resume();
      req.on("end", () => {
        res.statusCode = ++calls === 1 ? 503 : 200;
        res.end();
      });
    });
    const outbox = outboxFor();
    const messageId = "msg_rerun";
    // What a worker killed after recording its attempt, before BullMQ counted it, leaves behind:
    // attempt 1 in the history while the job's attemptsMade is still 0.
    const died = { messageId, webhook: "order.paid", url, attempt: 1, startedAt: Date.now(), durationMs: 3 };
    await redis.rpush(
      `contract:outbox:outbox${n}:attempts:${messageId}`,
      JSON.stringify({ ...died, status: 200, outcome: "delivered" }),
    );
    await outbox.send("order.paid", { type: "order.paid" }, { id: messageId, endpoint: url });
    const worker = outbox.worker();
    closing.push(() => worker.close());
    await until(async () => (await outbox.state(messageId)) === "completed");
    expect((await outbox.history(messageId)).map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 200, "delivered"],
      [2, 503, "retry"],
      [3, 200, "delivered"],
    ]);
  });

  it("a sender worker killed mid-run (SIGKILL) and restarted: every message delivered, each handled once", async () => {
    const built = existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url)));
    if (!built) throw new Error("run `pnpm run build` first: the worker process runs the built package");
    const handled = new Map<string, number>();
    let requests = 0;
    const receiver = createReceiver(definition, {
      secret: SECRET,
      onError: () => {},
      handlers: {
        "order.paid": async (event) => {
          await new Promise((r) => setTimeout(r, 10));
          handled.set(event.deliveryId!, (handled.get(event.deliveryId!) ?? 0) + 1);
        },
      },
    });
    const listener = toNodeListener(receiver);
    const url = await listen((req, res) => {
      // Every 7th request fails before the receiver sees it: the outbox retries it.
      if (++requests % 7 === 0) {
        req.resume();
        res.statusCode = 503;
        res.end();
        return;
      }
      listener(req, res);
    });
    const queueName = `outbox${++n}`;
    const outbox = createOutbox<Payloads>({
      connection: connection(),
      redis,
      queueName,
      definition,
      sender: { secret: SECRET, allowPrivateTargets: true },
      schedule: "short",
    });
    closing.push(() => outbox.close());
    const start = () => {
      const child = spawn(
        process.execPath,
        [fileURLToPath(new URL("./processes/outbox-worker.mjs", import.meta.url))],
        {
          cwd: fileURLToPath(new URL("..", import.meta.url)),
          env: { ...process.env, REDIS_PORT: String(server.port), QUEUE: queueName },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      closing.push(async () => void child.kill("SIGKILL"));
      return new Promise<typeof child>((resolve, reject) => {
        child.stdout.on("data", () => resolve(child));
        child.once("exit", (code) => reject(new Error(`outbox worker exited (${code})`)));
      });
    };
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      ids.push((await outbox.send("order.paid", { type: "order.paid", i }, { endpoint: url })).messageId);
    }
    const first = await start();
    await until(() => handled.size >= 100);
    first.kill("SIGKILL");
    const handledAtKill = handled.size;
    await start();
    await until(async () => (await outbox.queue.getJobCounts("completed")).completed === 400, 60_000);
    expect(handledAtKill).toBeLessThan(400);
    expect(handled.size).toBe(400);
    expect([...handled.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(ids).size).toBe(400);
    const histories = await Promise.all(ids.map((id) => outbox.history(id)));
    const retried = histories.filter((h) => h.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    // Attempt numbers never repeat, also for the jobs the killed worker was running.
    for (const h of histories) expect(h.map((a) => a.attempt)).toEqual(h.map((_, i) => i + 1));
  }, 90_000);
});

/**
 * Delivery guarantees between the runtime's sender and receiver, over real HTTP on 127.0.0.1:
 * at-least-once on the wire, exactly-once in effect. Every delivery is either handled exactly once
 * (and reported delivered) or reported failed to the sender; none is lost, none runs twice while
 * the de-duplication store works.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateContract, writeFiles } from "@contract/codegen";
import { loadSpec } from "@contract/core";
import { toNodeListener } from "@contract/runtime/node";
import { createWebhookSender, type DeliveryResult, type SenderDefinition } from "@contract/runtime/sender";
import {
  createReceiver,
  type DedupeStore,
  memoryDedupeStore,
  type ReceiverDefinition,
  type ReceiverOptions,
  type WebhookEvent,
} from "@contract/runtime/webhooks";
import { afterAll, afterEach, describe, expect, it } from "vitest";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

interface Payloads {
  "order.paid": { type: "order.paid"; id: string };
}
const definition: ReceiverDefinition & SenderDefinition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
  route: { by: "body", field: "type" },
};
const paid = (id: string): Payloads["order.paid"] => ({ type: "order.paid", id });

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A receiver whose handler records effects by delivery id; `behave(n, event)` scripts the n-th call
 * (0-based, per delivery id): it may wait, hang, throw. An effect is recorded only when the call
 * returns normally.
 */
async function setup(
  behave: (n: number, event: WebhookEvent) => unknown,
  options: Partial<ReceiverOptions<Payloads>> = {},
  senderOptions: { timeoutMs?: number } = {},
) {
  const calls = new Map<string, number>();
  const effects = new Map<string, number>();
  const errors: string[] = [];
  const receiver = createReceiver<Payloads>(definition, {
    secret: SECRET,
    retryAfterSeconds: 1,
    onError: (error) => errors.push(error.code),
    onWarning: () => {},
    ...options,
    handlers: {
      "order.paid": async (event) => {
        const id = event.deliveryId!;
        const n = calls.get(id) ?? 0;
        calls.set(id, n + 1);
        await behave(n, event as WebhookEvent);
        effects.set(id, (effects.get(id) ?? 0) + 1);
      },
    },
  } as ReceiverOptions<Payloads>);
  const url = await listen(createServer(toNodeListener(receiver)));
  const sender = createWebhookSender<Payloads>(definition, {
    secret: SECRET,
    endpoints: url,
    timeoutMs: senderOptions.timeoutMs ?? 2_000,
    retry: { limit: 8, baseDelayMs: 20, maxDelayMs: 200 },
    allowPrivateTargets: true,
  });
  return { receiver, url, sender, calls, effects, errors };
}

/** Exactly once in effect when delivered; never in effect more than once. */
function expectExactlyOnce(result: DeliveryResult, effects: Map<string, number>) {
  expect(effects.get(result.messageId) ?? 0).toBeLessThanOrEqual(1);
  if (result.ok) expect(effects.get(result.messageId)).toBe(1);
}

describe("delivery guarantees: runtime sender → runtime receiver over HTTP", () => {
  it("a handler slower than the sender's timeout that then succeeds: delivered once, reported delivered", async () => {
    const t = await setup(async () => sleep(900), {}, { timeoutMs: 300 });
    const result = await t.sender.send("order.paid", paid("slow-ok"));
    expect(result.ok).toBe(true);
    expectExactlyOnce(result, t.effects);
    expect(t.calls.get(result.messageId)).toBe(1);
  });

  it("a handler slower than the sender's timeout that then throws: retried until handled once", async () => {
    const t = await setup(
      async (n) => {
        if (n === 0) {
          await sleep(900);
          throw new Error("database down");
        }
      },
      {},
      { timeoutMs: 300 },
    );
    const result = await t.sender.send("order.paid", paid("slow-throw"));
    expect(result.ok).toBe(true);
    expectExactlyOnce(result, t.effects);
    expect(t.calls.get(result.messageId)).toBe(2);
  });

  it("a throwing handler: retried, then handled once", async () => {
    const t = await setup((n) => {
      if (n < 2) throw new Error("flaky");
    });
    const result = await t.sender.send("order.paid", paid("throws"));
    expect(result.ok).toBe(true);
    expect(result.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expectExactlyOnce(result, t.effects);
  });

  it("a hung handler that honours its AbortSignal: timed out, answered retryable, handled once by the retry", async () => {
    const t = await setup(
      (n, event) =>
        n === 0
          ? new Promise((_resolve, reject) => {
              event.signal!.addEventListener("abort", () => reject(event.signal!.reason));
            })
          : undefined,
      { handlerTimeoutMs: 200 },
    );
    const result = await t.sender.send("order.paid", paid("hung-abortable"));
    expect(result.ok).toBe(true);
    expect(result.attempts[0]!.status).toBe(503);
    expectExactlyOnce(result, t.effects);
    expect(t.errors).toContain("handler_timeout");
  });

  it("a hung handler that ignores its signal and finishes late: its effect counts, the retry does not run it again", async () => {
    const t = await setup(
      async (n) => (n === 0 ? sleep(1_200) : undefined),
      { handlerTimeoutMs: 200 },
      { timeoutMs: 300 },
    );
    const result = await t.sender.send("order.paid", paid("hung-late"));
    expect(result.ok).toBe(true);
    expect(t.calls.get(result.messageId)).toBe(1);
    expectExactlyOnce(result, t.effects);
  });

  it("an answer lost after the handler ran (connection cut): the retry is acknowledged as a duplicate", async () => {
    const calls = new Map<string, number>();
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      onError: () => {},
      handlers: { "order.paid": (e) => void calls.set(e.deliveryId!, (calls.get(e.deliveryId!) ?? 0) + 1) },
    });
    let requests = 0;
    const url = await listen(
      createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const answer = await receiver.handle({
          method: req.method!,
          path: "/webhooks",
          headers: (name) => req.headers[name] as string | undefined,
          body: Buffer.concat(chunks),
        });
        if (requests++ === 0) return req.socket.destroy(); // handled, but the answer never arrives
        res.writeHead(answer.status, answer.headers).end(answer.body);
      }),
    );
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      retry: { limit: 3, baseDelayMs: 20, maxDelayMs: 50 },
      allowPrivateTargets: true,
    });
    const result = await sender.send("order.paid", paid("lost-answer"));
    expect(result.ok).toBe(true);
    expect(result.attempts[0]!.error?.kind).toBe("network");
    expect(JSON.parse(result.attempts[1]!.responseBody!)).toEqual({ status: "duplicate" });
    expect(calls.get(result.messageId)).toBe(1);
  });

  describe("store faults", () => {
    const faulty = (fail: { claim?: number; complete?: number; release?: number }) => {
      const inner = memoryDedupeStore({ pendingTimeoutMs: 500 });
      const left = { ...fail };
      const maybeFail = (op: keyof typeof fail) => {
        if ((left[op] ?? 0) > 0) {
          left[op]! -= 1;
          throw new Error(`store ${op} failed`);
        }
      };
      const store: DedupeStore = {
        claim(id) {
          maybeFail("claim");
          return inner.claim(id);
        },
        complete(id, token) {
          maybeFail("complete");
          return inner.complete(id, token);
        },
        release(id, token) {
          maybeFail("release");
          return inner.release(id, token);
        },
      };
      return store;
    };

    it("claim fails: answered retryable, the handler has not run; the retry handles it once", async () => {
      const t = await setup(() => {}, { dedupe: faulty({ claim: 1 }) });
      const result = await t.sender.send("order.paid", paid("claim-fault"));
      expect(result.ok).toBe(true);
      expect(result.attempts[0]!.status).toBe(500);
      expect(t.calls.get(result.messageId)).toBe(1);
      expectExactlyOnce(result, t.effects);
    });

    it("complete fails after the handler succeeded: answered 200 (it was handled), never run twice", async () => {
      const warnings: string[] = [];
      const t = await setup(() => {}, {
        dedupe: faulty({ complete: 1 }),
        onWarning: (w) => warnings.push(w.code),
      });
      const result = await t.sender.send("order.paid", paid("complete-fault"));
      expect(result.ok).toBe(true);
      expect(result.attempts).toHaveLength(1);
      expect(t.calls.get(result.messageId)).toBe(1);
      expect(warnings).toContain("store_complete_failed");
    });

    it("release fails after the handler threw: answered 500, the claim lapses and a retry handles it once", async () => {
      const t = await setup(
        (n) => {
          if (n === 0) throw new Error("flaky");
        },
        { dedupe: faulty({ release: 1 }) },
      );
      const result = await t.sender.send("order.paid", paid("release-fault"));
      expect(result.ok).toBe(true);
      expect(result.attempts[0]!.status).toBe(500);
      expect(t.calls.get(result.messageId)).toBe(2);
      expectExactlyOnce(result, t.effects);
    });
  });

  it("concurrent duplicates of one delivery: one handler run, every copy reported delivered", async () => {
    const t = await setup(() => sleep(300));
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.sender.send("order.paid", paid("dup"), { id: "msg_concurrent" })),
    );
    for (const result of results) expect(result.ok).toBe(true);
    expect(t.calls.get("msg_concurrent")).toBe(1);
    expect(t.effects.get("msg_concurrent")).toBe(1);
  });

  it("a redelivery after 12,000 other ids is still recognised (the window is a time, not a count)", async () => {
    const t = await setup(() => {});
    const first = await t.sender.send("order.paid", paid("old"), { id: "msg_old" });
    expect(first.ok).toBe(true);
    // 12,000 other deliveries, straight into the receiver (the HTTP path is covered above).
    const { standardWebhooks } = await import("@contract/runtime/webhooks");
    const scheme = standardWebhooks({ secrets: SECRET });
    for (let i = 0; i < 12_000; i++) {
      const id = `msg_other_${i}`;
      const body = JSON.stringify(paid(String(i)));
      const headers = await scheme.sign({ body, id });
      const answer = await t.receiver.handle({
        method: "POST",
        path: "/webhooks",
        headers: (name) => (name === "content-type" ? "application/json" : headers[name]),
        body: new TextEncoder().encode(body),
      });
      expect(answer.status).toBe(200);
    }
    const again = await t.sender.send("order.paid", paid("old"), { id: "msg_old" });
    expect(again.ok).toBe(true);
    expect(JSON.parse(again.attempts[0]!.responseBody!)).toEqual({ status: "duplicate" });
    expect(t.effects.get("msg_old")).toBe(1);
  });
});

describe("delivery guarantees with a generated receiver", () => {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  // Inside the repository (test/.out is ignored) so that generated imports resolve @contract/runtime.
  const out = join(repoRoot, "test", ".out", `delivery-guarantees-${process.pid}`);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("slow handler, concurrent copies: handled once, every send reported delivered", {
    timeout: 60_000,
  }, async () => {
    const spec = {
      openapi: "3.1.0",
      info: { title: "delivery guarantees", version: "1" },
      webhooks: {
        "order.paid": {
          post: {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    required: ["type", "id"],
                    properties: { type: { const: "order.paid" }, id: { type: "string" } },
                  },
                },
              },
            },
            responses: { "200": { description: "handled" } },
          },
        },
      },
    };
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "openapi.json"), JSON.stringify(spec));
    const files = await generateContract(await loadSpec(join(out, "openapi.json")), {
      generators: {
        types: true,
        validators: true,
        webhooks: { signature: "standard-webhooks", route: { by: "body", field: "type" }, drift: "reject" },
        sender: true,
      },
    });
    await writeFiles(join(out, "generated"), files);
    const generated = await import(pathToFileURL(join(out, "generated", "webhooks.ts")).href);
    const generatedSender = await import(pathToFileURL(join(out, "generated", "sender.ts")).href);
    const effects = new Map<string, number>();
    const receiver = generated.createWebhookReceiver({
      secret: SECRET,
      retryAfterSeconds: 1,
      onError: () => {},
      handlers: {
        "order.paid": async (event: WebhookEvent) => {
          await sleep(600);
          effects.set(event.deliveryId!, (effects.get(event.deliveryId!) ?? 0) + 1);
        },
      },
    });
    const url = await listen(createServer(toNodeListener(receiver)));
    const sender = generatedSender.createWebhookSender({
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      timeoutMs: 300,
      retry: { schedule: [100, 200, 400, 800, 1_000, 1_000] },
    });
    const results: DeliveryResult[] = await Promise.all(
      Array.from({ length: 4 }, () => sender.send("order.paid", paid("gen"), { id: "msg_generated" })),
    );
    for (const result of results) expect(result.ok).toBe(true);
    expect(effects.get("msg_generated")).toBe(1);
  });
});

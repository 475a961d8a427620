/**
 * The sender over real HTTP on 127.0.0.1: against our receiver, against servers that fail in the
 * ways real receivers do, and checked by the reference `standardwebhooks` and
 * `@octokit/webhooks-methods` libraries the way a consumer would check it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verify as verifyGithub } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "../src/node/index.js";
import { createWebhookSender, type DeliveryAttempt } from "../src/sender/index.js";
import { nodeTransport } from "../src/sender/node-transport.js";
import { type Answer, fetchTransport, RefusedTargetError } from "../src/sender/transport.js";
import { ValidationError } from "../src/validation/index.js";
import { createReceiver } from "../src/webhooks/index.js";
import { definition, type Payloads, SECRET } from "./webhooks-fixtures.js";

interface Seen {
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server whose n-th request (0-based) is answered by `answer(n)`; records every request. */
async function scriptedServer(answer: (n: number, seen: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(entry);
      answer(seen.length - 1, entry, res);
    });
  });
  return { url: await listen(server), seen };
}

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
}

const reply = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
  res.writeHead(status, headers).end(status < 300 ? "ok" : "nope");
};

const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };
const paid: Payloads["order.paid"] = { type: "order.paid", id: "ord_1", amount: 4200 };

describe("sender → receiver over HTTP", () => {
  it("delivers a valid, signed payload that our receiver verifies, validates and dispatches", async () => {
    const handled: unknown[] = [];
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlers: { "order.paid": (event) => void handled.push(event.payload) },
      onError: () => {},
    });
    const url = await listen(createServer(toNodeListener(receiver)));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("order.paid", paid);
    expect(result).toMatchObject({ ok: true, status: 200, webhook: "order.paid" });
    expect(result.attempts).toHaveLength(1);
    expect(handled).toEqual([paid]);
  });

  it("a webhook declared without a body is sent with none and no Content-Type, and its receiver runs the handler", async () => {
    const { url, seen } = await scriptedServer((_n, _seen, res) => reply(res, 200));
    const bodiless = { webhooks: [{ name: "exists", methods: ["post"], mediaTypes: [] }] };
    const sender = createWebhookSender<{ exists: undefined }>(bodiless, {
      secret: "channel-token",
      signature: "google-watch",
      endpoints: url,
      allowPrivateTargets: true,
    });
    expect((await sender.send("exists", undefined)).status).toBe(200);
    expect(seen[0]?.body).toBe("");
    expect(seen[0]?.headers["content-type"]).toBeUndefined();
    expect(seen[0]?.headers["x-goog-channel-token"]).toBe("channel-token");

    const handled: unknown[] = [];
    const receiver = createReceiver<{ exists: undefined }>(
      {
        ...bodiless,
        validators: () => undefined,
        signature: "google-watch",
        route: { by: "header", header: "X-Goog-Resource-State" },
      },
      {
        secret: "channel-token",
        handlers: { exists: (event) => void handled.push(event.payload) },
        onError: () => {},
      },
    );
    const to = await listen(createServer(toNodeListener(receiver)));
    const delivered = await createWebhookSender<{ exists: undefined }>(bodiless, {
      secret: "channel-token",
      signature: "google-watch",
      endpoints: to,
      allowPrivateTargets: true,
      headers: { "X-Goog-Resource-State": "exists" },
    }).send("exists", undefined);
    expect(delivered.status).toBe(200);
    expect(handled).toEqual([undefined]);
  });

  it("hands a retried delivery to the handler once: same webhook-id on every attempt", async () => {
    const handled: unknown[] = [];
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlers: { "order.paid": (event) => void handled.push(event.deliveryId) },
      onError: () => {},
    });
    const listener = toNodeListener(receiver);
    let calls = 0;
    // The receiver handles the first delivery, but its answer is lost (the proxy says 502).
    const server = createServer((req, res) => {
      calls++;
      if (calls === 1) {
        const original = res.writeHead.bind(res);
        res.writeHead = ((_status: number, ...rest: unknown[]) =>
          original(502, ...(rest as []))) as typeof res.writeHead;
      }
      listener(req, res);
    });
    const url = await listen(server);
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.attempts.map((a) => a.status)).toEqual([502, 200]);
    expect(JSON.parse(result.attempts[1]?.responseBody ?? "{}")).toEqual({ status: "duplicate" });
    expect(handled).toEqual([result.messageId]);
    const ids = result.attempts.map((a) => a.request.headers["webhook-id"]);
    expect(ids).toEqual([result.messageId, result.messageId]);
  });

  it("refuses an invalid payload before anything is sent", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const bad = { type: "order.paid", id: 7, amount: "x" } as unknown as Payloads["order.paid"];
    await expect(sender.send("order.paid", bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(sender.send("order.paid", bad)).rejects.toThrow(/\/id must be string/);
    expect(seen).toHaveLength(0);
  });
});

describe("signatures as consumers check them", () => {
  it("Standard Webhooks: every attempt verifies with the standardwebhooks library", async () => {
    const { url, seen } = await scriptedServer((n, _s, res) => reply(res, n < 2 ? 500 : 204));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(3);
    const wh = new Webhook(SECRET);
    for (const request of seen) {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      expect(wh.verify(request.body, headers)).toEqual(paid);
      expect(headers["webhook-id"]).toBe(result.messageId);
    }
    // A tampered body does not verify.
    const first = seen[0] as Seen;
    const headers = Object.fromEntries(Object.entries(first.headers).map(([k, v]) => [k, String(v)]));
    expect(() => wh.verify(first.body.replace("4200", "1"), headers)).toThrow();
  });

  it("message ids are unique per message", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
    });
    await sender.send("order.paid", paid);
    await sender.send("order.paid", paid);
    expect(seen[0]?.headers["webhook-id"]).not.toBe(seen[1]?.headers["webhook-id"]);
    expect(String(seen[0]?.headers["webhook-id"])).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it("GitHub X-Hub-Signature-256 verifies with @octokit/webhooks-methods", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: "It's a Secret to Everybody",
      signature: "github",
      endpoints: url,
      allowPrivateTargets: true,
      headers: { "x-github-event": "order" },
    });
    await sender.send("order.paid", paid);
    const request = seen[0] as Seen;
    expect(request.headers["x-github-event"]).toBe("order");
    const header = String(request.headers["x-hub-signature-256"]);
    expect(await verifyGithub("It's a Secret to Everybody", request.body, header)).toBe(true);
    expect(await verifyGithub("another secret", request.body, header)).toBe(false);
  });
});

describe("retries", () => {
  it("retries 5xx, 408 and 429 and reports every attempt", async () => {
    const statuses = [503, 408, 429, 200];
    const { url } = await scriptedServer((n, _s, res) => reply(res, statuses[n] ?? 200));
    const seenAttempts: DeliveryAttempt[] = [];
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
      onAttempt: (a) => seenAttempts.push(a),
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(true);
    expect(result.attempts.map((a) => a.status)).toEqual(statuses);
    expect(result.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(result.attempts.slice(0, 3).every((a) => typeof a.nextDelayMs === "number")).toBe(true);
    expect(result.attempts[3]?.nextDelayMs).toBeUndefined();
    expect(seenAttempts).toHaveLength(4);
  });

  for (const status of [400, 401, 404, 409, 422]) {
    it(`never retries ${status}`, async () => {
      const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, status));
      const sender = createWebhookSender<Payloads>(definition, {
        secret: SECRET,
        endpoints: url,
        allowPrivateTargets: true,
        retry: fastRetry,
      });
      const result = await sender.send("order.paid", paid);
      expect(result).toMatchObject({ ok: false, status, reason: `answered ${status}, which is not retried` });
      expect(seen).toHaveLength(1);
    });
  }

  it("stops after the bounded number of retries", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 500));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: { ...fastRetry, limit: 3 },
    });
    const result = await sender.send("order.paid", paid);
    expect(result).toMatchObject({ ok: false, reason: "gave up after 4 attempts" });
    expect(seen).toHaveLength(4);
  });

  it("honours Retry-After", async () => {
    const { url } = await scriptedServer((n, _s, res) =>
      reply(res, n === 0 ? 429 : 200, n === 0 ? { "retry-after": "1" } : {}),
    );
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.attempts[0]?.nextDelayMs).toBe(1000);
    const gap = (result.attempts[1]?.startedAt ?? 0) - (result.attempts[0]?.startedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(990);
  });

  it("does not wait for a Retry-After beyond the cap", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 503, { "retry-after": "3600" }));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: { ...fastRetry, maxRetryAfterMs: 60_000 },
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(
      "answered 503 with Retry-After 3600, longer than the 60000 ms the sender waits",
    );
    expect(seen).toHaveLength(1);
  });

  it("retries network errors (connection refused) and says so", async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((r) => closed.close(r));
    servers.splice(servers.indexOf(closed), 1);
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: { ...fastRetry, limit: 2 },
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(false);
    expect(result.attempts).toHaveLength(3);
    expect(result.attempts[0]?.error?.kind).toBe("network");
    expect(result.attempts[0]?.error?.message).toMatch(/ECONNREFUSED/);
  });

  it("times out a receiver that does not answer, then retries", async () => {
    const { url, seen } = await scriptedServer((n, _s, res) => {
      if (n === 0) setTimeout(() => reply(res, 200), 3000);
      else reply(res, 200);
    });
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      // Generous for a loaded machine: only the first answer is held back (3 s), the retry answers at once.
      timeoutMs: 500,
      retry: fastRetry,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(true);
    expect(result.attempts[0]?.error).toEqual({ kind: "timeout", message: "no answer within 500 ms" });
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it("a fresh signature timestamp on each attempt, same id and body", async () => {
    const { url, seen } = await scriptedServer((n, _s, res) =>
      reply(res, n === 0 ? 429 : 200, n === 0 ? { "retry-after": "1" } : {}),
    );
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
    });
    await sender.send("order.paid", paid);
    expect(seen[0]?.body).toBe(seen[1]?.body);
    expect(Number(seen[1]?.headers["webhook-timestamp"])).toBeGreaterThan(
      Number(seen[0]?.headers["webhook-timestamp"]),
    );
  });
});

describe("endpoints", () => {
  it("per-webhook endpoints and resolveEndpoint", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const perWebhook = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: { "order.paid": `${url}/paid` },
      allowPrivateTargets: true,
    });
    expect((await perWebhook.send("order.paid", paid)).url).toBe(`${url}/paid`);
    await expect(perWebhook.send("order.cancelled", { type: "order.cancelled", id: "x" })).rejects.toThrow(
      /no endpoint/,
    );
    const resolved = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      resolveEndpoint: async (webhook) => `${url}/${webhook}`,
      allowPrivateTargets: true,
    });
    expect((await resolved.send("order.paid", paid)).url).toBe(`${url}/order.paid`);
    expect(seen).toHaveLength(2);
  });
});

describe("sender hardening", () => {
  it("does not follow redirects: a 3xx is a failed, final attempt", async () => {
    const target = await scriptedServer((_n, _s, res) => reply(res, 200));
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 307, { location: target.url }));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(false);
    expect(result.status).toBe(307);
    expect(result.reason).toMatch(/redirect/);
    expect(seen).toHaveLength(1);
    expect(target.seen).toHaveLength(0);
  });

  it("reads at most 64 KiB of an answer and cancels the rest of the stream", async () => {
    let written = 0;
    let closed = false;
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (!closed && written < 100 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("close", () => {
          closed = true;
        });
        pump();
      });
    });
    const url = await listen(server);
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(true);
    expect(result.attempts[0]!.responseBody!.length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(result.attempts[0]!.responseBody!.endsWith("…")).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    // Far less than the 100 MiB the server was willing to send.
    expect(written).toBeLessThan(20 * 1024 * 1024);
  });

  it("410 is reported as gone, without retries", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 410));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: fastRetry,
    });
    const result = await sender.send("order.paid", paid);
    expect(result).toMatchObject({ ok: false, status: 410, gone: true });
    expect(result.reason).toMatch(/gone/);
    expect(seen).toHaveLength(1);
  });

  it("retry schedule presets: Standard Webhooks / Svix, and a short one for tests, shown in the result", async () => {
    const { SCHEDULES } = await import("../src/sender/index.js");
    expect(SCHEDULES["standard-webhooks"]).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    const { url } = await scriptedServer((n, _s, res) => reply(res, n < 3 ? 503 : 200));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: { schedule: "short" },
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(true);
    expect(result.schedule).toEqual({ name: "short", delaysMs: SCHEDULES.short });
    expect(result.attempts.map((a) => [a.attempt, a.status, a.nextDelayMs])).toEqual([
      [1, 503, SCHEDULES.short[0]],
      [2, 503, SCHEDULES.short[1]],
      [3, 503, SCHEDULES.short[2]],
      [4, 200, undefined],
    ]);
  });

  it("gives up when the schedule is exhausted", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 500));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: url,
      allowPrivateTargets: true,
      retry: { schedule: [1, 1] },
    });
    const result = await sender.send("order.paid", paid);
    expect(result.ok).toBe(false);
    expect(seen).toHaveLength(3);
    expect(result.reason).toBe("gave up after 3 attempts");
  });

  describe("refuses loopback, private and link-local targets unless allowed", () => {
    const refused = [
      "http://127.0.0.1/",
      "http://127.1.2.3:8080/",
      "http://localhost/",
      "http://LOCALHOST./",
      "http://app.localhost/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::ffff:7f00:1]/",
      "http://[::ffff:10.0.0.1]/",
      "http://169.254.169.254/latest/meta-data",
      "http://[fc00::1]/",
      "http://[fd12:3456::1]/",
      "http://[fe80::1]/",
      "http://10.1.2.3/",
      "http://172.16.0.1/",
      "http://172.31.255.255/",
      "http://192.168.1.1/",
      "http://100.64.0.1/",
      "http://0.0.0.0/",
      "http://[::]/",
      "http://2130706433/",
      "http://0x7f.1/",
    ];
    for (const target of refused) {
      it(target, async () => {
        const fetchCalls: string[] = [];
        const sender = createWebhookSender<Payloads>(definition, {
          secret: SECRET,
          endpoints: target,
          retry: fastRetry,
          fetch: (async (input: string) => {
            fetchCalls.push(String(input));
            return new Response("ok");
          }) as typeof fetch,
        });
        const result = await sender.send("order.paid", paid);
        expect(result.ok).toBe(false);
        expect(result.attempts[0]!.error?.kind).toBe("refused");
        expect(result.reason).toMatch(/refused/);
        expect(fetchCalls).toEqual([]);
      });
    }

    it("after DNS resolution: a public name that resolves to a private address", async () => {
      const sender = createWebhookSender<Payloads>(definition, {
        secret: SECRET,
        endpoints: "https://hooks.example.com/in",
        lookup: async () => ["203.0.113.7", "10.0.0.8"],
        fetch: (async () => new Response("ok")) as unknown as typeof fetch,
      });
      const result = await sender.send("order.paid", paid);
      expect(result.attempts[0]!.error).toMatchObject({ kind: "refused" });
      expect(result.attempts[0]!.error!.message).toContain("10.0.0.8");
    });

    it("public addresses pass", async () => {
      const sender = createWebhookSender<Payloads>(definition, {
        secret: SECRET,
        endpoints: "https://hooks.example.com/in",
        lookup: async () => ["203.0.113.7", "2001:db8::1"],
        fetch: (async () => new Response("ok")) as unknown as typeof fetch,
      });
      expect((await sender.send("order.paid", paid)).ok).toBe(true);
      for (const target of [
        "http://8.8.8.8/",
        "http://[2606:4700::1111]/",
        "http://172.32.0.1/",
        "http://100.128.0.1/",
      ]) {
        const direct = createWebhookSender<Payloads>(definition, {
          secret: SECRET,
          endpoints: target,
          fetch: (async () => new Response("ok")) as unknown as typeof fetch,
        });
        expect([target, (await direct.send("order.paid", paid)).ok]).toEqual([target, true]);
      }
    });

    it("allowPrivateTargets lets local development and tests through", async () => {
      const { url } = await scriptedServer((_n, _s, res) => reply(res, 200));
      const blocked = createWebhookSender<Payloads>(definition, {
        secret: SECRET,
        endpoints: url,
        retry: false,
      });
      expect((await blocked.send("order.paid", paid)).attempts[0]!.error?.kind).toBe("refused");
      const allowed = createWebhookSender<Payloads>(definition, {
        secret: SECRET,
        endpoints: url,
        allowPrivateTargets: true,
      });
      expect((await allowed.send("order.paid", paid)).ok).toBe(true);
    });
  });
});

describe("connect-time target check (DNS rebinding)", () => {
  const onPort = (url: string, host: string) => {
    const target = new URL(url);
    target.hostname = host;
    return target.href;
  };

  /**
   * One send to a receiver on 127.0.0.1 through a name whose lookup answers a public address on
   * its first call (the check before the attempt) and `connectAnswer` on every later one.
   */
  async function sendRebinding(connectAnswer: string[], protocol = "http:") {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const calls: string[] = [];
    const endpoint = new URL(onPort(url, "hooks.rebind.test"));
    endpoint.protocol = protocol;
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: endpoint.href,
      lookup: async (hostname) => {
        calls.push(hostname);
        return calls.length === 1 ? ["203.0.113.7"] : connectAnswer;
      },
      retry: false,
      timeoutMs: 5_000,
    });
    return { result: await sender.send("order.paid", paid), seen, calls };
  }

  it("a name that answers a public address at check time and 127.0.0.1 at connect time is refused", async () => {
    const { result, seen, calls } = await sendRebinding(["127.0.0.1"]);
    expect(result.ok).toBe(false);
    expect(result.attempts[0]!.error).toMatchObject({ kind: "refused" });
    expect(result.attempts[0]!.error!.message).toBe(
      "hooks.rebind.test resolves to 127.0.0.1, loopback (127.0.0.0/8), when connecting",
    );
    expect(result.reason).toMatch(/^refused: /);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(seen).toHaveLength(0);
  });

  it("https: the TLS connection is checked the same way, before any handshake", async () => {
    const { result, seen } = await sendRebinding(["127.0.0.1"], "https:");
    expect(result.attempts[0]!.error).toEqual({
      kind: "refused",
      message: "hooks.rebind.test resolves to 127.0.0.1, loopback (127.0.0.0/8), when connecting",
    });
    expect(seen).toHaveLength(0);
  });

  for (const connectAnswer of [["::ffff:127.0.0.1"], ["::1"], ["203.0.113.7", "127.0.0.1"]]) {
    it(`refuses a connection whose name resolves to ${connectAnswer.join(", ")}`, async () => {
      const { result, seen } = await sendRebinding(connectAnswer);
      expect(result.attempts[0]!.error).toMatchObject({ kind: "refused" });
      expect(seen).toHaveLength(0);
    });
  }

  it("refuses an IPv4-mapped IPv6 literal of a listening loopback server; nothing reaches it", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: onPort(url, "[::ffff:127.0.0.1]"),
      retry: false,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.attempts[0]!.error).toMatchObject({ kind: "refused" });
    expect(seen).toHaveLength(0);
  });

  it("a name that no longer resolves when connecting is a network error, retried", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    let calls = 0;
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: onPort(url, "hooks.gone.test"),
      lookup: async () => {
        calls++;
        if (calls === 2)
          throw Object.assign(new Error("getaddrinfo ENOTFOUND hooks.gone.test"), { code: "ENOTFOUND" });
        return calls === 1 ? ["203.0.113.7"] : ["127.0.0.1"];
      },
      retry: { ...fastRetry, limit: 1 },
    });
    const result = await sender.send("order.paid", paid);
    expect(result.attempts.map((a) => a.error?.kind)).toEqual(["network", "refused"]);
    expect(result.attempts[0]!.error!.message).toMatch(/ENOTFOUND/);
    expect(seen).toHaveLength(0);
  });

  it("the connection goes to the address the lookup answered (allowPrivateTargets lets it through)", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const calls: string[] = [];
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: onPort(url, "hooks.local.test"),
      lookup: async (hostname) => {
        calls.push(hostname);
        return ["127.0.0.1"];
      },
      allowPrivateTargets: true,
      retry: false,
      timeoutMs: 5_000,
    });
    const result = await sender.send("order.paid", paid);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(calls).toEqual(["hooks.local.test"]);
    expect(seen[0]?.headers.host).toBe(new URL(onPort(url, "hooks.local.test")).host);
  });
});

describe("node:http transport", () => {
  it("checks IP-literal hosts itself (node:net does not look them up)", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const lookups: string[] = [];
    const send = nodeTransport({
      lookup: async (host) => {
        lookups.push(host);
        return ["203.0.113.7"];
      },
      refusePrivate: true,
    });
    for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]"]) {
      const target = new URL(url);
      target.hostname = host;
      const post = { url: target.href, headers: {}, body: "{}", signal: AbortSignal.timeout(5_000) };
      await expect(send(post)).rejects.toBeInstanceOf(RefusedTargetError);
    }
    expect(lookups).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it("a kept-alive connection found closed when reused: sent again once on a new connection, one attempt", async () => {
    const used = new WeakSet<object>();
    let requests = 0;
    // The server drops a connection the moment it is reused, as one closing an idle connection does.
    const server = createServer((req, res) => {
      requests++;
      if (used.has(req.socket)) return void req.socket.destroy();
      used.add(req.socket);
      req.resume();
      req.on("end", () => reply(res, 200));
    });
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: await listen(server),
      allowPrivateTargets: true,
      retry: false,
    });
    expect((await sender.send("order.paid", paid)).ok).toBe(true);
    const again = await sender.send("order.paid", paid);
    expect(again.attempts.map((a) => a.status ?? a.error)).toEqual([200]);
    expect(requests).toBe(3);
  });

  it("refuses a URL with credentials, as fetch does, without connecting", async () => {
    const { url, seen } = await scriptedServer((_n, _s, res) => reply(res, 200));
    const withCredentials = new URL(url);
    withCredentials.username = "user";
    withCredentials.password = "secret";
    const sender = createWebhookSender<Payloads>(definition, {
      secret: SECRET,
      endpoints: withCredentials.href,
      allowPrivateTargets: true,
      retry: false,
    });
    const result = await sender.send("order.paid", paid);
    expect(result.attempts[0]!.error).toEqual({
      kind: "network",
      message: "a webhook URL must not include credentials",
    });
    expect(seen).toHaveLength(0);
  });

  it("answers as the fetch transport does: status, headers (repeats joined), body", async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(202, [
          ["X-Repeated", "one"],
          ["x-repeated", "two"],
          ["Set-Cookie", "a=1"],
          ["Set-Cookie", "b=2"],
          ["Content-Type", "text/plain; charset=utf-8"],
        ]);
        res.end("accepté ✓");
      });
    });
    const url = await listen(server);
    const post = () => ({
      url,
      headers: { "content-type": "application/json" },
      body: '{"a":"é"}',
      signal: AbortSignal.timeout(5_000),
    });
    const viaNode = await nodeTransport({ lookup: async () => [], refusePrivate: false })(post());
    const viaFetch = await fetchTransport(globalThis.fetch)(post());
    const comparable = (a: Answer) => {
      const { date: _date, ...headers } = a.headers;
      return { ...a, headers };
    };
    expect(comparable(viaNode)).toEqual(comparable(viaFetch));
    expect(viaNode).toMatchObject({ status: 202, body: "accepté ✓" });
    expect(viaNode.headers["x-repeated"]).toBe("one, two");
  });
});

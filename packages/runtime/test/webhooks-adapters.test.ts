/** Every adapter, behind a real server on 127.0.0.1, answering real signed requests. */
import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { serve } from "@hono/node-server";
import { Signature as HubSpotSignature } from "@hubspot/api-client";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  captureRawBody,
  drainNodeRequest,
  fastifyWebhooks,
  toExpressMiddleware,
  toNodeListener,
  toNodeMiddleware,
} from "../src/node/index.js";
import {
  createReceiver,
  handleWebRequest,
  resolveSignatureScheme,
  type WebhookReceiver,
  type WebhookReceiverError,
} from "../src/webhooks/index.js";
import { listen, type Running } from "./listen.js";
import { definition, type Payloads, SECRET, signedHeaders } from "./webhooks-fixtures.js";

/** Each adapter mounts the receiver at /webhooks next to an ordinary JSON route at /api/echo. */
const adapters: Record<string, (receiver: WebhookReceiver) => Promise<Running>> = {
  "node:http": (receiver) => {
    const middleware = toNodeMiddleware(receiver, { path: "/webhooks" });
    return listen(
      createServer((req, res) =>
        middleware(req, res, () => {
          res.writeHead(404).end();
        }),
      ),
    );
  },
  "node:http listener": (receiver) => listen(createServer(toNodeListener(receiver))),
  "express, receiver before express.json()": (receiver) => {
    const app = express();
    app.post("/webhooks", toExpressMiddleware(receiver));
    app.use(express.json());
    app.post("/api/echo", (req, res) => {
      res.json(req.body);
    });
    return listen(createServer(app));
  },
  "express, global express.json({ verify: captureRawBody })": (receiver) => {
    const app = express();
    app.use(express.json({ verify: captureRawBody, limit: "30mb" }));
    app.post("/webhooks", toExpressMiddleware(receiver));
    app.post("/api/echo", (req, res) => {
      res.json(req.body);
    });
    return listen(createServer(app));
  },
  "express, express.raw() on the route": (receiver) => {
    const app = express();
    app.post("/webhooks", express.raw({ type: "*/*", limit: "30mb" }), toExpressMiddleware(receiver));
    return listen(createServer(app));
  },
  fastify: async (receiver) => {
    const app = Fastify();
    app.post("/api/echo", async (request) => request.body);
    await app.register(fastifyWebhooks(receiver) as never, { prefix: "/webhooks" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
  "hono (@hono/node-server)": (receiver) =>
    new Promise((resolve) => {
      const app = new Hono();
      app.post("/webhooks", (c) => handleWebRequest(receiver, c.req.raw));
      app.post("/api/echo", async (c) => c.json(await c.req.json()));
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
    }),
};

const paid = { type: "order.paid", id: "ord_1", amount: 4200, note: "ünïcødé ♥ \u001b[0m" };

describe.each(Object.keys(adapters))("%s", (adapterName) => {
  const calls: unknown[] = [];
  const errors: WebhookReceiverError[] = [];
  let running: Running;
  const receiver = createReceiver<Payloads>(definition, {
    secret: SECRET,
    maxBodyBytes: 64 * 1024,
    bodyTimeoutMs: 400,
    handlers: {
      "order.paid": (event) => {
        calls.push(event.payload);
      },
      "order.cancelled": () => {
        throw new Error("handler crashed with a secret: hunter2");
      },
    },
    onError: (error) => errors.push(error),
    onValidationError: () => {},
  });

  beforeAll(async () => {
    running = await adapters[adapterName]!(receiver);
  });
  afterAll(() => running.close());

  const post = (body: BodyInit, headers: Record<string, string>) =>
    fetch(`${running.url}/webhooks`, { method: "POST", body, headers, duplex: "half" } as RequestInit);

  it("delivers an authentic payload with its exact bytes", async () => {
    calls.length = 0;
    // Extra spaces: any re-serialization before verification would break the signature.
    const body = JSON.stringify(paid, null, 3);
    const response = await post(body, await signedHeaders(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "delivered" });
    expect(calls).toEqual([paid]);
  });

  it("accepts a delivery signed by the standardwebhooks reference library", async () => {
    calls.length = 0;
    const body = JSON.stringify(paid);
    const id = `msg_ref_${adapterName.length}_${Date.now()}`;
    const now = new Date();
    const headers = {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(SECRET).sign(id, now, body),
    };
    expect((await post(body, headers)).status).toBe(200);
    expect(calls).toEqual([paid]);
  });

  it("401 on a tampered body, handler not called", async () => {
    calls.length = 0;
    const body = JSON.stringify(paid);
    const response = await post(body.replace("4200", "1"), await signedHeaders(body));
    expect(response.status).toBe(401);
    expect(calls).toEqual([]);
  });

  it("413 on a body over the limit, even without Content-Length", async () => {
    const errorsBefore = errors.length;
    // Valid JSON, so that body parsers in front of the receiver (express.json) let it through.
    const encoder = new TextEncoder();
    const parts = [
      encoder.encode('{"pad":"'),
      ...Array(8).fill(encoder.encode("x".repeat(16 * 1024))),
      encoder.encode('"}'),
    ];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await post(stream as unknown as BodyInit, await signedHeaders("{}"));
    expect(response.status).toBe(413);
    expect(errors.slice(errorsBefore).map((e) => e.code)).toContain("payload_too_large");
  });

  it("413 that a client still writing a large body can read (drained or closed, not reset)", async () => {
    // Valid JSON, so that body parsers in front of the receiver (express.json) let it through.
    const big = new Uint8Array(8 * 1024 * 1024).fill(0x20);
    big.set(new TextEncoder().encode('{"pad":"'));
    big.set(new TextEncoder().encode('"}'), big.length - 2);
    for (const declared of [true, false]) {
      const body = declared
        ? big
        : new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < 8; i++)
                controller.enqueue(big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
              controller.close();
            },
          });
      const response = await post(body as unknown as BodyInit, await signedHeaders("{}"));
      expect(response.status).toBe(413);
      await response.text();
    }
  });

  it("408 on a body that arrives too slowly (read timeout), handler not called", async () => {
    // Body parsers in front of the receiver read the body themselves: their own timeouts apply.
    if (adapterName.includes("global express.json") || adapterName.includes("express.raw")) return;
    calls.length = 0;
    const { port } = new URL(running.url);
    const signed = await signedHeaders(JSON.stringify(paid));
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1");
      let text = "";
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, 5_000);
      socket.on("data", (chunk) => {
        text += chunk.toString("latin1");
      });
      socket.on("close", () => {
        clearTimeout(timer);
        resolve(text);
      });
      socket.on("error", reject);
      socket.write(
        `POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n${Object.entries(signed)
          .map(([k, v]) => `${k}: ${v}`)
          .join("\r\n")}\r\n\r\n{"type":`,
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(calls).toEqual([]);
  });

  it("500 without the handler's message when a handler throws", async () => {
    const body = JSON.stringify({ type: "order.cancelled", id: "ord_1" });
    const response = await post(body, await signedHeaders(body));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(text).not.toMatch(/at .*\.ts/);
    expect(errors.at(-1)).toMatchObject({ code: "handler_failed" });
  });

  it("leaves the app's own JSON routes alone", async () => {
    if (adapterName.startsWith("node:http") || adapterName.includes("express.raw")) return;
    const response = await fetch(`${running.url}/api/echo`, {
      method: "POST",
      body: JSON.stringify({ a: 1 }),
      headers: { "content-type": "application/json" },
    });
    expect(await response.json()).toEqual({ a: 1 });
  });
});

describe("express with a body parser that kept no raw bytes", () => {
  it("answers 500 and tells onError how to fix the mounting", async () => {
    const errors: WebhookReceiverError[] = [];
    const calls: unknown[] = [];
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlers: { "order.paid": (e) => void calls.push(e) },
      onError: (error) => errors.push(error),
    });
    const app = express();
    app.use(express.json());
    app.post("/webhooks", toExpressMiddleware(receiver));
    const running = await listen(createServer(app));
    try {
      const body = JSON.stringify(paid);
      const response = await fetch(`${running.url}/webhooks`, {
        method: "POST",
        body,
        headers: await signedHeaders(body),
      });
      expect(response.status).toBe(500);
      expect(errors[0]?.message).toContain("captureRawBody");
      expect(calls).toEqual([]);
    } finally {
      await running.close();
    }
  });
});

describe("draining the rest of a refused body", () => {
  it("a client writing a 50 MB body reads the 413 (node:http, default 25 MiB limit)", async () => {
    const errors: WebhookReceiverError[] = [];
    const receiver = createReceiver<Payloads>(definition, {
      secret: SECRET,
      handlers: {},
      onError: (error) => errors.push(error),
    });
    const running = await listen(createServer(toNodeListener(receiver)));
    try {
      const response = await fetch(`${running.url}/webhooks`, {
        method: "POST",
        body: new Uint8Array(50 * 1000 * 1000).fill(0x20),
        headers: await signedHeaders("{}"),
      });
      expect(response.status).toBe(413);
      expect(errors.map((e) => e.code)).toEqual(["payload_too_large"]);
    } finally {
      await running.close();
    }
  });

  it("stops at its byte bound and closes the connection", async () => {
    let drainedFor = 0;
    const running = await listen(
      createServer((req) => {
        drainedFor++;
        drainNodeRequest(req, 1024, 10_000);
      }),
    );
    try {
      const { port } = new URL(running.url);
      const closed = await new Promise<boolean>((resolve) => {
        const socket = connect(Number(port), "127.0.0.1");
        const timer = setTimeout(() => resolve(false), 5_000);
        socket.on("close", () => {
          clearTimeout(timer);
          resolve(true);
        });
        socket.on("error", () => {});
        socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n");
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!socket.destroyed && socket.write(chunk)) {}
          if (!socket.destroyed) socket.once("drain", pump);
        };
        pump();
      });
      expect(drainedFor).toBe(1);
      expect(closed).toBe(true);
    } finally {
      await running.close();
    }
  });
});

describe("presets that sign the request through the node:http adapter", () => {
  it("hubspot: the method and the URL the request arrived on are what HubSpot's library signed", async () => {
    const handled: unknown[] = [];
    const receiver = createReceiver<Payloads>(
      { ...definition, signature: "hubspot" },
      { secret: "client-secret", handlers: { "order.paid": (event) => void handled.push(event.payload) } },
    );
    const running = await listen(createServer(toNodeListener(receiver)));
    try {
      const body = JSON.stringify({ type: "order.paid", id: "ord_1", amount: 1200 });
      const url = `${running.url}/webhooks/hubspot?portal=62515`;
      const send = (signedUrl: string) => {
        const timestamp = Date.now();
        const signature = HubSpotSignature.getSignature("POST", "v3", {
          signature: "",
          clientSecret: "client-secret",
          requestBody: body,
          url: signedUrl,
          timestamp,
        });
        return fetch(url, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "X-HubSpot-Signature-v3": signature,
            "X-HubSpot-Request-Timestamp": String(timestamp),
          },
        });
      };
      expect((await send(url)).status).toBe(200);
      expect((await send(`${running.url}/elsewhere`)).status).toBe(401);
      expect(handled).toEqual([{ type: "order.paid", id: "ord_1", amount: 1200 }]);
    } finally {
      await running.close();
    }
  });

  it("gitlab: the token is checked, and Idempotency-Key de-duplicates a resent delivery", async () => {
    let handled = 0;
    const receiver = createReceiver<Payloads>(
      { ...definition, signature: "gitlab" },
      { secret: "glpat-token", handlers: { "order.paid": () => void handled++ } },
    );
    const running = await listen(createServer(toNodeListener(receiver)));
    try {
      const send = (token: string) =>
        fetch(`${running.url}/webhooks`, {
          method: "POST",
          body: JSON.stringify({ type: "order.paid", id: "ord_1", amount: 1200 }),
          headers: {
            "content-type": "application/json",
            "X-Gitlab-Token": token,
            "Idempotency-Key": "idem-1",
          },
        });
      expect((await send("glpat-token")).status).toBe(200);
      const again = await send("glpat-token");
      expect(await again.json()).toEqual({ status: "duplicate" });
      expect((await send("wrong")).status).toBe(401);
      expect(handled).toBe(1);
    } finally {
      await running.close();
    }
  });

  it("okta: the verification GET is answered only with the secret; eventId de-duplicates; the header can be another", async () => {
    let handled = 0;
    const receiver = createReceiver<Payloads>(
      { ...definition, signature: { type: "okta", header: "X-Okta-Secret" } },
      { secret: "okta-hook-secret", handlers: { "order.paid": () => void handled++ } },
    );
    const running = await listen(createServer(toNodeListener(receiver)));
    try {
      const verification = (secret: string) =>
        fetch(`${running.url}/webhooks`, {
          headers: { "X-Okta-Verification-Challenge": "challenge-1", "X-Okta-Secret": secret },
        });
      const answered = await verification("okta-hook-secret");
      expect(answered.status).toBe(200);
      expect(await answered.json()).toEqual({ verification: "challenge-1" });
      expect((await verification("wrong")).status).toBe(401);
      const send = (secret: string) =>
        fetch(`${running.url}/webhooks`, {
          method: "POST",
          body: JSON.stringify({ type: "order.paid", id: "ord_1", amount: 1200, eventId: "evt-1" }),
          headers: { "content-type": "application/json", "X-Okta-Secret": secret },
        });
      expect((await send("okta-hook-secret")).status).toBe(200);
      expect(await (await send("okta-hook-secret")).json()).toEqual({ status: "duplicate" });
      expect((await send("wrong")).status).toBe(401);
      // The secret in Authorization (Okta's default field) is not the one this hook names.
      const elsewhere = await fetch(`${running.url}/webhooks`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/json", authorization: "okta-hook-secret" },
      });
      expect(elsewhere.status).toBe(401);
      expect(handled).toBe(1);
    } finally {
      await running.close();
    }
  });

  it("box: signed by the sender with both keys, de-duplicated by BOX-DELIVERY-ID, a tampered body refused", async () => {
    let handled = 0;
    const keys = ["box-primary-key", "box-secondary-key"];
    const receiver = createReceiver<Payloads>(
      { ...definition, signature: "box" },
      { secrets: keys, handlers: { "order.paid": () => void handled++ } },
    );
    const running = await listen(createServer(toNodeListener(receiver)));
    try {
      const body = JSON.stringify({ type: "order.paid", id: "ord_1", amount: 1200 });
      const signed = await resolveSignatureScheme("box", keys).sign({ body });
      const send = (text: string) =>
        fetch(`${running.url}/webhooks`, {
          method: "POST",
          body: text,
          headers: { "content-type": "application/json", ...signed, "BOX-DELIVERY-ID": "delivery-1" },
        });
      expect((await send(body)).status).toBe(200);
      expect(await (await send(body)).json()).toEqual({ status: "duplicate" });
      expect((await send(body.replace("1200", "1"))).status).toBe(401);
      expect(handled).toBe(1);
    } finally {
      await running.close();
    }
  });
});

/**
 * Handshakes answered by the receiver before routing, over real HTTP through each adapter
 * (node:http, Express, Fastify, Web Request/Response via Hono's node server): Slack
 * `url_verification`, Zoom `endpoint.url_validation`, Discord PING, Meta's `hub.challenge`, Dropbox's
 * `challenge`, Microsoft Graph's `validationToken`; signed handshakes refused unsigned. Also the
 * request URL each adapter passes (Twilio signs it), with `publicUrl` behind a proxy and
 * `X-Forwarded-*` ignored.
 */
import { createHash, createHmac, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastifyWebhooks, toExpressMiddleware, toNodeListener } from "../src/node/index.js";
import {
  createReceiver,
  handleWebRequest,
  type ReceiverOptions,
  resolveSignatureScheme,
  type WebhookReceiver,
} from "../src/webhooks/index.js";
import { listen, type Running } from "./listen.js";
import { definition, type Payloads } from "./webhooks-fixtures.js";

/** Each adapter serves the receiver at /webhooks, GET and POST. */
const adapters: Record<string, (receiver: WebhookReceiver) => Promise<Running>> = {
  "node:http": (receiver) => listen(createServer(toNodeListener(receiver, { path: "/webhooks" }))),
  express: (receiver) => {
    const app = express();
    app.all("/webhooks", toExpressMiddleware(receiver));
    return listen(createServer(app));
  },
  fastify: async (receiver) => {
    const app = Fastify();
    await app.register(fastifyWebhooks(receiver) as never, { prefix: "/webhooks" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
  "web (Hono on @hono/node-server)": (receiver) =>
    new Promise((resolve) => {
      const app = new Hono();
      app.all("/webhooks", (c) => handleWebRequest(receiver, c.req.raw));
      const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
    }),
};

const SECRET = "handshake-signing-secret";
const ed = generateKeyPairSync("ed25519");
const edPublicHex = ed.publicKey.export({ format: "der", type: "spki" }).subarray(12).toString("hex");
const edPrivatePem = ed.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const TOKEN = "twilio-auth-token-0123456789abcdef";

type Options = Omit<ReceiverOptions<Payloads>, "handlers">;
const receivers: Record<string, Options> = {
  slack: { signature: "slack", secret: SECRET },
  zoom: { signature: "zoom", secret: SECRET },
  discord: { signature: "discord", secret: edPublicHex },
  meta: { signature: "meta", secret: SECRET, verifyToken: "my-verify-token" },
  dropbox: { signature: "dropbox", secret: SECRET },
  "microsoft-graph": { signature: "microsoft-graph", secret: "client-state-secret" },
  twilio: { signature: "twilio", secret: TOKEN, publicUrl: "https://hooks.example.com" },
};

async function signed(
  config: "slack" | "zoom" | "discord" | "meta",
  body: string,
): Promise<Record<string, string>> {
  const key = config === "discord" ? edPrivatePem : SECRET;
  return {
    "content-type": "application/json",
    ...(await resolveSignatureScheme(config, key).sign({ body })),
  };
}

describe.each(Object.keys(adapters))("%s", (adapterName) => {
  const running: Record<string, Running> = {};
  const delivered: unknown[] = [];

  beforeAll(async () => {
    for (const [name, options] of Object.entries(receivers)) {
      const receiver = createReceiver<Payloads>(definition, {
        ...options,
        handlers: { "order.paid": (event) => void delivered.push(event.payload) },
        onError: () => {},
        onValidationError: () => {},
      });
      running[name] = await adapters[adapterName]!(receiver);
    }
  });
  afterAll(() => Promise.all(Object.values(running).map((r) => r.close())));

  const url = (name: string, query = "") => `${running[name]!.url}/webhooks${query}`;

  it("Slack url_verification: answered with the challenge when signed, 401 when not", async () => {
    const body = JSON.stringify({
      token: "t",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const ok = await fetch(url("slack"), { method: "POST", headers: await signed("slack", body), body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    const forged = await fetch(url("slack"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it("Zoom endpoint.url_validation: encryptedToken = HMAC-SHA256(secret, plainToken) hex", async () => {
    const body = JSON.stringify({
      payload: { plainToken: "qgg8vlvZRS6UYooatFL8Aw" },
      event_ts: 1654503849680,
      event: "endpoint.url_validation",
    });
    const ok = await fetch(url("zoom"), { method: "POST", headers: await signed("zoom", body), body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      plainToken: "qgg8vlvZRS6UYooatFL8Aw",
      encryptedToken: createHmac("sha256", SECRET).update("qgg8vlvZRS6UYooatFL8Aw").digest("hex"),
    });
    const forged = await fetch(url("zoom"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it("Discord PING (type 1) → {type: 1} when signed; a bad signature is 401", async () => {
    const body = JSON.stringify({ id: "1", application_id: "2", type: 1, version: 1, token: "x" });
    const ok = await fetch(url("discord"), { method: "POST", headers: await signed("discord", body), body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ type: 1 });
    const headers = await signed("discord", body);
    headers["X-Signature-Ed25519"] = nodeSign(null, Buffer.from("other"), ed.privateKey).toString("hex");
    expect((await fetch(url("discord"), { method: "POST", headers, body })).status).toBe(401);
  });

  it("Meta hub.challenge GET with the verify token; a wrong token is 403; signed deliveries still route", async () => {
    const ok = await fetch(
      url("meta", "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=my-verify-token"),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await fetch(
      url("meta", "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess"),
    );
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain("1158201444");
    const body = JSON.stringify({ type: "order.paid", id: "ord_meta", amount: 1 });
    const delivery = await fetch(url("meta"), { method: "POST", headers: await signed("meta", body), body });
    expect(delivery.status).toBe(200);
    expect(delivered).toContainEqual({ type: "order.paid", id: "ord_meta", amount: 1 });
  });

  it("Dropbox challenge GET is echoed as text with nosniff", async () => {
    const response = await fetch(url("dropbox", "?challenge=Sg5a9ugrSU0k5x1qd1xg"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("Sg5a9ugrSU0k5x1qd1xg");
  });

  it("Microsoft Graph validationToken is echoed as text; notifications need the clientState", async () => {
    const response = await fetch(
      url("microsoft-graph", "?validationToken=Validation%3A%20Testing%20client%20application"),
      {
        method: "POST",
      },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("Validation: Testing client application");
    const notification = (clientState: string) =>
      JSON.stringify({ value: [{ subscriptionId: "s", clientState, changeType: "created", resource: "r" }] });
    const post = (body: string) =>
      fetch(url("microsoft-graph"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    expect((await post(notification("wrong"))).status).toBe(401);
    // Authentic, but not a webhook of this contract.
    expect((await post(notification("client-state-secret"))).status).toBe(404);
  });

  it("passes the request URL: Twilio's signature over publicUrl is accepted, X-Forwarded-* is not trusted", async () => {
    const body = JSON.stringify({ type: "order.paid", id: "ord_tw", amount: 2 });
    const hash = createHash("sha256").update(body).digest("hex");
    const query = `?bodySHA256=${hash}`;
    const publicUrl = `https://hooks.example.com/webhooks${query}`;
    const headers = {
      "content-type": "application/json",
      "X-Twilio-Signature": twilio.getExpectedTwilioSignature(TOKEN, publicUrl, {}),
    };
    const ok = await fetch(url("twilio", query), { method: "POST", headers, body });
    expect(ok.status).toBe(200);
    // Signed for another host, with forwarding headers claiming it: refused.
    const spoofedUrl = `https://attacker.example/webhooks${query}`;
    const spoofed = await fetch(url("twilio", query), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-host": "attacker.example",
        "x-forwarded-proto": "https",
        "X-Twilio-Signature": twilio.getExpectedTwilioSignature(TOKEN, spoofedUrl, {}),
      },
      body,
    });
    expect(spoofed.status).toBe(401);
  });
});

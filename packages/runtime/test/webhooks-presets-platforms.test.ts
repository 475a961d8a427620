/**
 * Presets of messaging, commerce, payment, developer and support platforms: Razorpay checked both
 * ways against the `razorpay` SDK's validateWebhookSignature, GoCardless against
 * `gocardless-nodejs`' webhooks.parse, Mercado Pago against the `mercadopago` SDK's
 * WebhookSignatureValidator, Telegram against grammY's webhook handler; the others (X, LINE,
 * WooCommerce, PagerDuty, Paystack, CircleCI with its published test vector, Bitbucket, Vercel,
 * Lemon Squeezy, Airtable, Frame.io, Customer.io, Webex, Help Scout, Segment) against their
 * documented algorithms, computed here with node:crypto independently of the runtime. Handshakes (X's Challenge-Response Check, LINE's
 * verification, WooCommerce's ping) through the node:http adapter on 127.0.0.1.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { parse as gocardlessParse } from "gocardless-nodejs/webhooks";
import { Bot, webhookCallback } from "grammy";
import { WebhookSignatureValidator } from "mercadopago";
import Razorpay from "razorpay";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeListener } from "../src/node/index.js";
import {
  createReceiver,
  resolveSignatureScheme,
  type SignatureConfig,
  signDelivery,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { listen, type Running } from "./listen.js";
import { closeReceivers, reasonOf, serveReceiver } from "./signed-receiver.js";

const BODY = JSON.stringify({ id: "evt_01", event: "order.paid", data: { name: "Zoë / Ada" } });
const TAMPERED = BODY.replace("Ada", "Eve");

async function verify(
  config: SignatureConfig,
  secret: string | readonly string[],
  body: string,
  headers: Record<string, string>,
): Promise<VerifyResult> {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return resolveSignatureScheme(config, secret).verify({
    headers: (name) => lower[name],
    body: new TextEncoder().encode(body),
    now: Math.floor(Date.now() / 1000),
    toleranceSeconds: 300,
    url: "https://hooks.example.com/webhooks",
    method: "POST",
  });
}
const hmac = (
  algorithm: "sha1" | "sha256" | "sha512",
  key: string | Buffer,
  data: string,
  encoding: "hex" | "base64",
) => createHmac(algorithm, key).update(data).digest(encoding);

async function signed(
  config: SignatureConfig,
  secret: string,
  body = BODY,
  id?: string,
  extra: { timestamp?: number; url?: string } = {},
) {
  return (
    await signDelivery(resolveSignatureScheme(config, secret), {
      body,
      ...(id !== undefined ? { id } : {}),
      ...extra,
    })
  ).headers;
}

describe("documented algorithms", () => {
  const at = Math.floor(Date.now() / 1000);
  const airtableKey = Buffer.from("airtable-mac-secret-bytes").toString("base64");
  const cases: Array<{
    config: SignatureConfig;
    secret: string;
    /** The headers the provider sends for BODY, made as its documentation says. */
    theirs: () => Record<string, string>;
  }> = [
    {
      config: "x",
      secret: "x-consumer-secret",
      theirs: () => ({
        "x-twitter-webhooks-signature": `sha256=${hmac("sha256", "x-consumer-secret", BODY, "base64")}`,
      }),
    },
    {
      config: "line",
      secret: "line-channel-secret",
      theirs: () => ({ "x-line-signature": hmac("sha256", "line-channel-secret", BODY, "base64") }),
    },
    {
      config: "woocommerce",
      secret: "woo-webhook-secret",
      theirs: () => ({ "X-WC-Webhook-Signature": hmac("sha256", "woo-webhook-secret", BODY, "base64") }),
    },
    {
      config: "pagerduty",
      secret: "pagerduty-signing-secret",
      theirs: () => ({
        "X-PagerDuty-Signature": `v1=${hmac("sha256", "pagerduty-signing-secret", BODY, "hex")}`,
      }),
    },
    {
      config: "paystack",
      secret: "sk_test_paystack",
      theirs: () => ({ "x-paystack-signature": hmac("sha512", "sk_test_paystack", BODY, "hex") }),
    },
    {
      config: "gocardless",
      secret: "gocardless-endpoint-secret",
      theirs: () => ({ "Webhook-Signature": hmac("sha256", "gocardless-endpoint-secret", BODY, "hex") }),
    },
    {
      config: "circleci",
      secret: "circleci-signing-secret",
      theirs: () => ({
        "circleci-signature": `v1=${hmac("sha256", "circleci-signing-secret", BODY, "hex")}`,
      }),
    },
    {
      config: "bitbucket",
      secret: "bitbucket-webhook-secret",
      theirs: () => ({
        "X-Hub-Signature": `sha256=${hmac("sha256", "bitbucket-webhook-secret", BODY, "hex")}`,
      }),
    },
    {
      config: "vercel",
      secret: "vercel-client-secret",
      theirs: () => ({ "x-vercel-signature": hmac("sha1", "vercel-client-secret", BODY, "hex") }),
    },
    {
      config: "lemon-squeezy",
      secret: "lemon-signing-secret",
      theirs: () => ({ "X-Signature": hmac("sha256", "lemon-signing-secret", BODY, "hex") }),
    },
    {
      config: "airtable",
      secret: airtableKey,
      theirs: () => ({
        "X-Airtable-Content-MAC": `hmac-sha256=${hmac("sha256", Buffer.from(airtableKey, "base64"), BODY, "hex")}`,
      }),
    },
    {
      config: "frame-io",
      secret: "frameio-signing-secret",
      theirs: () => ({
        "X-Frameio-Signature": `v0=${hmac("sha256", "frameio-signing-secret", `v0:${at}:${BODY}`, "hex")}`,
        "X-Frameio-Request-Timestamp": String(at),
      }),
    },
    {
      config: "customer-io",
      secret: "customerio-signing-key",
      theirs: () => ({
        "X-CIO-Signature": hmac("sha256", "customerio-signing-key", `v0:${at}:${BODY}`, "hex"),
        "X-CIO-Timestamp": String(at),
      }),
    },
    {
      config: "webex",
      secret: "webex-webhook-secret",
      theirs: () => ({ "X-Spark-Signature": hmac("sha1", "webex-webhook-secret", BODY, "hex") }),
    },
    {
      config: "help-scout",
      secret: "helpscout-secret-key",
      theirs: () => ({ "X-HelpScout-Signature": hmac("sha1", "helpscout-secret-key", BODY, "base64") }),
    },
    {
      config: "segment",
      secret: "segment-shared-secret",
      theirs: () => ({ "X-Signature": hmac("sha1", "segment-shared-secret", BODY, "hex") }),
    },
    {
      config: { type: "hmac", header: "X-Signature", algorithm: "sha512", encoding: "base64" },
      secret: "generic-sha512-secret",
      theirs: () => ({ "X-Signature": hmac("sha512", "generic-sha512-secret", BODY, "base64") }),
    },
  ];
  const named = cases.map((c) => ({ ...c, name: typeof c.config === "string" ? c.config : "hmac sha512" }));

  it.each(named)(
    "$name: the provider's signature passes, a changed body or another key fails",
    async ({ config, secret, theirs }) => {
      expect(reasonOf(await verify(config, secret, BODY, theirs()))).toBe("ok");
      expect(reasonOf(await verify(config, secret, TAMPERED, theirs()))).toBe("bad-signature");
      // Another key of the same kind (Airtable's is base64).
      const other = config === "airtable" ? Buffer.from("another key").toString("base64") : `${secret}-other`;
      expect(reasonOf(await verify(config, other, BODY, theirs()))).toBe("bad-signature");
      expect(reasonOf(await verify(config, secret, BODY, {}))).toBe("missing-signature");
    },
  );

  it.each(named)(
    "$name: what our sender signs is what the provider would send",
    async ({ config, secret, theirs }) => {
      const ours = await signed(config, secret, BODY, undefined, { timestamp: at });
      for (const [name, value] of Object.entries(theirs())) expect(ours[name], name).toBe(value);
      expect(reasonOf(await verify(config, secret, BODY, ours))).toBe("ok");
    },
  );

  it("circleci: the test vector CircleCI publishes passes (body `hello world`, secret `secret`)", async () => {
    const headers = {
      "circleci-signature": "v1=734cc62f32841568f45715aeb9f4d7891324e6d948e4c6c60c0621cdac48623a",
    };
    expect(reasonOf(await verify("circleci", "secret", "hello world", headers))).toBe("ok");
    expect(reasonOf(await verify("circleci", "secret", "hello world!", headers))).toBe("bad-signature");
  });

  it.each([
    ["frame-io", "X-Frameio-Signature", "X-Frameio-Request-Timestamp", "v0="],
    ["customer-io", "X-CIO-Signature", "X-CIO-Timestamp", ""],
  ] as const)(
    "%s: a signature made an hour ago is stale",
    async (config, header, timestampHeader, prefix) => {
      const old = at - 3600;
      const headers = {
        [header]: `${prefix}${hmac("sha256", "k", `v0:${old}:${BODY}`, "hex")}`,
        [timestampHeader]: String(old),
      };
      expect(reasonOf(await verify(config, "k", BODY, headers))).toBe("stale-timestamp");
      expect(reasonOf(await verify(config, "k", BODY, { ...headers, [timestampHeader]: String(at) }))).toBe(
        "bad-signature",
      );
    },
  );

  it("circleci and vercel: the event's id is the delivery id, so a retry runs once", async () => {
    const body = JSON.stringify({ id: "3888f21b-eaa7-38e3-8f3d-75a63bba8895", type: "workflow-completed" });
    const schemes = [
      ["circleci", "circleci-signature", `v1=${hmac("sha256", "k", body, "hex")}`],
      ["vercel", "x-vercel-signature", hmac("sha1", "k", body, "hex")],
    ] as const;
    for (const [config, header, signature] of schemes) {
      const { url, handled } = await serveReceiver("event", config, "k");
      const send = () =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", [header]: signature },
          body,
        });
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      expect(handled.map((h) => h.id)).toEqual(["3888f21b-eaa7-38e3-8f3d-75a63bba8895"]);
    }
  });

  it("pagerduty: while a secret is rotated, a header with a v1 entry per secret passes on either", async () => {
    const header = `v1=${hmac("sha256", "old-secret", BODY, "hex")},v1=${hmac("sha256", "new-secret", BODY, "hex")}`;
    for (const secret of ["old-secret", "new-secret"])
      expect(reasonOf(await verify("pagerduty", secret, BODY, { "X-PagerDuty-Signature": header }))).toBe(
        "ok",
      );
    expect(
      reasonOf(await verify("pagerduty", "third-secret", BODY, { "X-PagerDuty-Signature": header })),
    ).toBe("bad-signature");
  });

  it("paystack: an HMAC-SHA256 of the body (the wrong hash) does not pass", async () => {
    const sha256 = hmac("sha256", "sk_test_paystack", BODY, "hex");
    expect(
      reasonOf(await verify("paystack", "sk_test_paystack", BODY, { "x-paystack-signature": sha256 })),
    ).toBe("bad-signature");
  });

  it("woocommerce: X-WC-Webhook-Delivery-ID is the delivery id, written by the sender", async () => {
    const ours = await signed("woocommerce", "s", BODY, "8f1c2d");
    expect(ours["X-WC-Webhook-Delivery-ID"]).toBe("8f1c2d");
    expect(await verify("woocommerce", "s", BODY, ours)).toMatchObject({ ok: true, deliveryId: "8f1c2d" });
  });
});

describe("razorpay (X-Razorpay-Signature: hex HMAC-SHA256 of the body) — razorpay SDK", () => {
  const secret = "razorpay-webhook-secret";

  it("the SDK accepts what our sender signs, and refuses it for another body or secret", async () => {
    const ours = await signed("razorpay", secret, BODY, "HgT0yk5pKfGv9N");
    const signature = ours["X-Razorpay-Signature"] as string;
    expect(Razorpay.validateWebhookSignature(BODY, signature, secret)).toBe(true);
    expect(Razorpay.validateWebhookSignature(TAMPERED, signature, secret)).toBe(false);
    expect(Razorpay.validateWebhookSignature(BODY, signature, "other")).toBe(false);
    expect(ours["x-razorpay-event-id"]).toBe("HgT0yk5pKfGv9N");
  });

  it("a signature the SDK accepts passes ours, with x-razorpay-event-id as the delivery id", async () => {
    const theirs = hmac("sha256", secret, BODY, "hex");
    expect(Razorpay.validateWebhookSignature(BODY, theirs, secret)).toBe(true);
    const headers = { "X-Razorpay-Signature": theirs, "x-razorpay-event-id": "HgT0yk5pKfGv9N" };
    expect(await verify("razorpay", secret, BODY, headers)).toMatchObject({
      ok: true,
      deliveryId: "HgT0yk5pKfGv9N",
    });
    expect(reasonOf(await verify("razorpay", secret, TAMPERED, headers))).toBe("bad-signature");
  });
});

describe("gocardless (Webhook-Signature: hex HMAC-SHA256 of the body) — gocardless-nodejs", () => {
  const secret = "ED7D658C-D8EB-4941-948B-3973214F2D49";
  const body = JSON.stringify({
    events: [
      { id: "EV123", created_at: "2026-12-08T10:00:00.000Z", resource_type: "payments", action: "confirmed" },
    ],
    meta: { webhook_id: "WB123" },
  });

  it("webhooks.parse accepts what our sender signs, and throws for another body or secret", async () => {
    const signature = (await signed("gocardless", secret, body))["Webhook-Signature"] as string;
    expect(gocardlessParse(body, secret, signature)).toEqual(JSON.parse(body).events);
    expect(() => gocardlessParse(body.replace("EV123", "EV124"), secret, signature)).toThrow();
    expect(() => gocardlessParse(body, "another-secret", signature)).toThrow();
  });

  it("a signature webhooks.parse accepts passes ours", async () => {
    const theirs = hmac("sha256", secret, body, "hex");
    expect(gocardlessParse(body, secret, theirs)).toHaveLength(1);
    expect(reasonOf(await verify("gocardless", secret, body, { "Webhook-Signature": theirs }))).toBe("ok");
    expect(reasonOf(await verify("gocardless", secret, TAMPERED, { "Webhook-Signature": theirs }))).toBe(
      "bad-signature",
    );
  });
});

describe("mercado-pago (x-signature: ts=…,v1=… over id;request-id;ts) — mercadopago SDK", () => {
  const secret = "mercadopago-secret-signature";
  const url = "https://shop.example.com/webhooks/mp?data.id=123456789&type=payment";
  const body = JSON.stringify({ action: "payment.updated", data: { id: "123456789" }, type: "payment" });
  const verifyAt = (headers: Record<string, string>, at: string, sent = body) => {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    return resolveSignatureScheme("mercado-pago", secret).verify({
      headers: (name) => lower[name],
      body: new TextEncoder().encode(sent),
      now: Math.floor(Date.now() / 1000),
      toleranceSeconds: 300,
      url: at,
      method: "POST",
    });
  };
  const sdkAccepts = (headers: Record<string, string | undefined>, dataId: string | undefined) => {
    try {
      WebhookSignatureValidator.validate({
        xSignature: headers["x-signature"],
        xRequestId: headers["x-request-id"],
        dataId,
        secret,
        toleranceSeconds: 300,
      });
      return true;
    } catch {
      return false;
    }
  };
  const signedAs = (manifest: string, ts: number, requestId?: string) => ({
    "x-signature": `ts=${ts},v1=${hmac("sha256", secret, manifest, "hex")}`,
    ...(requestId !== undefined ? { "x-request-id": requestId } : {}),
  });

  it("the SDK accepts what our sender signs, for the data.id of the URL and no other", async () => {
    const ours = await signed("mercado-pago", secret, body, "bb56a2f1-6aae-46ac-982e-9dcd3581d08e", { url });
    expect(ours["x-request-id"]).toBe("bb56a2f1-6aae-46ac-982e-9dcd3581d08e");
    expect(sdkAccepts(ours, "123456789")).toBe(true);
    expect(sdkAccepts(ours, "123456780")).toBe(false);
    expect(sdkAccepts({ ...ours, "x-request-id": "another" }, "123456789")).toBe(false);
    expect(reasonOf(await verifyAt(ours, url))).toBe("ok");
    expect(reasonOf(await verifyAt(ours, url.replace("123456789", "123456780")))).toBe("bad-signature");
  });

  it("a header made the SDK's way passes ours; the resource id is signed, and the body must name the same", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = signedAs(`id:123456789;request-id:req-1;ts:${ts};`, ts, "req-1");
    expect(sdkAccepts(headers, "123456789")).toBe(true);
    expect(reasonOf(await verifyAt(headers, url))).toBe("ok");
    expect(reasonOf(await verifyAt(headers, url, "{}"))).toBe("ok");
    // A body naming another resource than the signed one is refused (as a string or a number).
    for (const id of ['"123456780"', "123456780"])
      expect(reasonOf(await verifyAt(headers, url, `{"type":"payment","data":{"id":${id}}}`)), id).toBe(
        "bad-signature",
      );
    expect(reasonOf(await verifyAt(headers, url, '{"type":"payment","data":{"id":123456789}}'))).toBe("ok");
    expect(reasonOf(await verifyAt({ ...headers, "x-request-id": "req-2" }, url))).toBe("bad-signature");
    expect(reasonOf(await verifyAt({}, url))).toBe("missing-signature");
  });

  it("an alphanumeric data.id signed lowercased, as Mercado Pago's guide says, or as sent, as its SDK does", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const at = "https://shop.example.com/webhooks/mp?data.id=ABC123xyz";
    const sent = '{"type":"merchant_order","data":{"id":"ABC123xyz"}}';
    for (const id of ["abc123xyz", "ABC123xyz"])
      expect(
        reasonOf(await verifyAt(signedAs(`id:${id};request-id:r;ts:${ts};`, ts, "r"), at, sent)),
        id,
      ).toBe("ok");
    expect(reasonOf(await verifyAt(signedAs(`id:ABC123XYZ;request-id:r;ts:${ts};`, ts, "r"), at, sent))).toBe(
      "bad-signature",
    );
  });

  it("without x-request-id or data.id the pair is left out, as the SDK does; a stale ts is refused by both", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const bare = signedAs(`ts:${ts};`, ts);
    expect(sdkAccepts(bare, undefined)).toBe(true);
    expect(reasonOf(await verifyAt(bare, "https://shop.example.com/webhooks/mp"))).toBe("ok");
    const old = ts - 3600;
    const stale = signedAs(`id:123456789;request-id:r;ts:${old};`, old, "r");
    expect(sdkAccepts(stale, "123456789")).toBe(false);
    expect(reasonOf(await verifyAt(stale, url))).toBe("stale-timestamp");
  });
});

describe("basic-auth (Authorization: Basic, RFC 7617) and token (a secret in a header)", () => {
  const basic = (pair: string) => `Basic ${Buffer.from(pair).toString("base64")}`;

  it("basic-auth accepts any configured user:password, compared whole", async () => {
    const pairs = ["postmark:correct horse", "chargebee:battery staple"];
    for (const pair of pairs)
      expect(reasonOf(await verify("basic-auth", pairs, BODY, { Authorization: basic(pair) })), pair).toBe(
        "ok",
      );
    for (const [sent, reason] of [
      [basic("postmark:correct horsE"), "bad-signature"],
      [basic("postmark"), "bad-signature"],
      [`Bearer ${Buffer.from(pairs[0]!).toString("base64")}`, "malformed-signature"],
      ["Basic %%%", "malformed-signature"],
      ["Basic", "malformed-signature"],
    ] as const)
      expect(reasonOf(await verify("basic-auth", pairs, BODY, { Authorization: sent })), sent).toBe(reason);
    expect(reasonOf(await verify("basic-auth", pairs, BODY, {}))).toBe("missing-signature");
    // The scheme name is case-insensitive (RFC 7235).
    expect(
      reasonOf(
        await verify("basic-auth", pairs, BODY, { Authorization: `basic ${basic(pairs[1]!).slice(6)}` }),
      ),
    ).toBe("ok");
  });

  it("basic-auth: a secret that is not user:password is refused when the scheme is made", () => {
    expect(() => resolveSignatureScheme("basic-auth", "no-colon")).toThrow(/user:password/);
  });

  it("basic-auth over HTTP: 401 with a WWW-Authenticate challenge, then the same request with credentials is handled", async () => {
    const { url, handled } = await serveReceiver("event", "basic-auth", "postmark:correct horse");
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: BODY });
    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Basic realm="webhooks", charset="UTF-8"');
    const wrong = await post({ authorization: basic("postmark:wrong") });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect(handled).toEqual([]);
    const ours = await signed("basic-auth", "postmark:correct horse");
    expect(ours.Authorization).toBe(basic("postmark:correct horse"));
    expect((await post(ours)).status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it("token: the header the config names (Authorization by default), compared whole", async () => {
    const config = { type: "token", header: "verif-hash" } as const;
    expect(reasonOf(await verify(config, "flw-secret-hash", BODY, { "verif-hash": "flw-secret-hash" }))).toBe(
      "ok",
    );
    expect(reasonOf(await verify(config, "flw-secret-hash", BODY, { "verif-hash": "flw-secret-has" }))).toBe(
      "bad-signature",
    );
    expect(
      reasonOf(await verify(config, "flw-secret-hash", BODY, { Authorization: "flw-secret-hash" })),
    ).toBe("missing-signature");
    expect(await signed(config, "flw-secret-hash")).toEqual({ "verif-hash": "flw-secret-hash" });
    expect(await signed("token", "t0ken")).toEqual({ Authorization: "t0ken" });
    expect(reasonOf(await verify("token", "t0ken", BODY, { Authorization: "t0ken" }))).toBe("ok");
    // Other schemes' 401s carry no challenge: only HTTP authentication asks for credentials.
    const { url } = await serveReceiver("event", config, "flw-secret-hash");
    const refused = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: BODY,
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBeNull();
  });
});

describe("google-watch (Calendar/Drive watch channels: X-Goog-Channel-Token, no body)", () => {
  const token = "channel-token-01";
  /** A contract of one body-less webhook routed by X-Goog-Resource-State, as Google sends them. */
  async function watchReceiver() {
    const handled: Array<{ webhook: string; id: string | undefined; payload: unknown }> = [];
    const receiver = createReceiver<Record<string, unknown>>(
      {
        webhooks: [{ name: "exists", methods: ["post"], mediaTypes: [] }],
        validators: () => undefined,
        signature: "google-watch",
        route: { by: "header", header: "X-Goog-Resource-State" },
      },
      {
        secret: token,
        handlers: {
          exists: (event) =>
            void handled.push({ webhook: event.webhook, id: event.deliveryId, payload: event.payload }),
        },
        onError: () => {},
      },
    );
    const server = await listen(createServer(toNodeListener(receiver)));
    running.push(server);
    const notify = (state: string, number: string, sent = token) =>
      fetch(`${server.url}/hooks`, {
        method: "POST",
        headers: {
          "x-goog-channel-token": sent,
          "x-goog-channel-id": "4ba78bf0-6a47-11e2-bcfd-0800200c9a66",
          "x-goog-message-number": number,
          "x-goog-resource-id": "ret08u3rv24htgh289g",
          "x-goog-resource-state": state,
        },
      });
    return { handled, notify };
  }

  it("the sync message is answered 200 without a handler; a change reaches its handler once per message number", async () => {
    const { handled, notify } = await watchReceiver();
    expect((await notify("sync", "1")).status).toBe(200);
    expect(handled).toEqual([]);
    expect((await notify("exists", "12")).status).toBe(200);
    expect((await notify("exists", "12")).status).toBe(200);
    expect((await notify("exists", "13")).status).toBe(200);
    expect(handled).toEqual([
      { webhook: "exists", id: "4ba78bf0-6a47-11e2-bcfd-0800200c9a66:12", payload: undefined },
      { webhook: "exists", id: "4ba78bf0-6a47-11e2-bcfd-0800200c9a66:13", payload: undefined },
    ]);
  });

  it("another token is refused, the sync message too", async () => {
    const { handled, notify } = await watchReceiver();
    expect((await notify("sync", "1", "another-token")).status).toBe(401);
    expect((await notify("exists", "2", "another-token")).status).toBe(401);
    expect(handled).toEqual([]);
    expect(reasonOf(await verify("google-watch", token, "", {}))).toBe("missing-signature");
    expect(await signed("google-watch", token, "", "7")).toMatchObject({
      "X-Goog-Channel-Token": token,
      "X-Goog-Message-Number": "7",
    });
  });
});

describe("telegram (X-Telegram-Bot-Api-Secret-Token) — grammY's webhook handler", () => {
  const token = "telegram_secret-token_01";
  const update = JSON.stringify({
    update_id: 906_312_271,
    message: { message_id: 5, date: 1_765_000_000, chat: { id: 42, type: "private" }, text: "hi" },
  });

  /** grammY's handler for `std/http` (a Fetch Request in, a Response out), with its secret token. */
  function grammyHandler(seen: number[]) {
    const bot = new Bot("123:test", {
      botInfo: {
        id: 123,
        is_bot: true,
        first_name: "test",
        username: "test_bot",
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
        has_topics_enabled: false,
        allows_users_to_create_topics: false,
        can_manage_bots: false,
        supports_join_request_queries: false,
      },
    });
    bot.on("message", (ctx) => void seen.push(ctx.update.update_id));
    return webhookCallback(bot, "std/http", { secretToken: token });
  }
  const post = (headers: Record<string, string>) =>
    new Request("https://bot.example.com/telegram", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: update,
    });

  it("grammY accepts the header our sender writes, and refuses another token", async () => {
    const seen: number[] = [];
    const handle = grammyHandler(seen);
    const ours = await signed("telegram", token, update);
    expect((await handle(post(ours))).status).toBe(200);
    expect(seen).toEqual([906_312_271]);
    const other = await signed("telegram", "another_token", update);
    expect((await handle(post(other))).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it("verifies the token, and takes update_id as the delivery id", async () => {
    const headers = { "X-Telegram-Bot-Api-Secret-Token": token };
    expect(await verify("telegram", token, update, headers)).toMatchObject({
      ok: true,
      deliveryId: "906312271",
    });
    expect(reasonOf(await verify("telegram", "another_token", update, headers))).toBe("bad-signature");
    expect(reasonOf(await verify("telegram", token, update, {}))).toBe("missing-signature");
    // Two bots on one receiver: either token passes.
    expect(reasonOf(await verify("telegram", ["another_token", token], update, headers))).toBe("ok");
  });

  it("an update sent again (no 2xx seen by Telegram) reaches the handler once", async () => {
    const { url, handled } = await serveReceiver("update", "telegram", token);
    const send = () =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": token },
        body: update,
      });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(handled).toEqual([{ id: "906312271", payload: JSON.parse(update) }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Handshakes over HTTP

/** Receivers a test served itself (not through serveReceiver), closed after it. */
const running: Running[] = [];
afterEach(closeReceivers);
afterEach(() => Promise.all(running.splice(0).map((server) => server.close())));

describe("handshakes", () => {
  it("x: the CRC GET is answered with the base64 HMAC of crc_token under the consumer secret, and runs no handler", async () => {
    const secret = "x-consumer-secret";
    const { url, handled } = await serveReceiver("event", "x", secret);
    const crc = "MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A";
    const answer = await fetch(`${url}?crc_token=${encodeURIComponent(crc)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await answer.json()).toEqual({
      response_token: `sha256=${createHmac("sha256", secret).update(crc).digest("base64")}`,
    });
    expect(handled).toEqual([]);
  });

  it("x: a crc_token that is a delivery body is refused, so the CRC cannot sign a forged delivery", async () => {
    const secret = "x-consumer-secret";
    const { url, handled } = await serveReceiver("event", "x", secret);
    const forged = JSON.stringify({ for_user_id: "2244994945", tweet_create_events: [{ text: "forged" }] });
    for (const token of [forged, ` ${forged}`, `[${forged}]`]) {
      const answer = await fetch(`${url}?crc_token=${encodeURIComponent(token)}`);
      expect(answer.status, token).toBe(400);
      expect(await answer.text()).not.toContain(createHmac("sha256", secret).update(token).digest("base64"));
    }
    // What the CRC would have signed is indeed a delivery the receiver would take.
    const mac = createHmac("sha256", secret).update(forged).digest("base64");
    const delivery = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-twitter-webhooks-signature": `sha256=${mac}` },
      body: forged,
    });
    expect(delivery.status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it("line: the console's verification (a signed delivery of no events) gets 200 without a handler; wrongly signed, 401", async () => {
    const secret = "line-channel-secret";
    const { url, handled } = await serveReceiver("event", "line", secret);
    const verification = JSON.stringify({ destination: "U8e742f61d673b39c7fff3cecb7536ef0", events: [] });
    const post = (signature: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-line-signature": signature },
        body: verification,
      });
    expect((await post(hmac("sha256", secret, verification, "base64"))).status).toBe(200);
    expect((await post(hmac("sha256", "not-the-secret", verification, "base64"))).status).toBe(401);
    expect(handled).toEqual([]);
  });

  it("woocommerce: the unsigned ping of webhook_id gets exactly 200 and runs no handler; other unsigned bodies 401", async () => {
    const { url, handled } = await serveReceiver("event", "woocommerce", "woo-webhook-secret");
    const send = (body: string, contentType = "application/x-www-form-urlencoded") =>
      fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
    const ping = await send("webhook_id=17");
    expect(ping.status).toBe(200);
    expect(handled).toEqual([]);
    expect((await send("webhook_id=17&x=1")).status).toBe(401);
    expect((await send(BODY, "application/json")).status).toBe(401);
    // A signed delivery goes to the handler.
    const delivered = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-WC-Webhook-Signature": hmac("sha256", "woo-webhook-secret", BODY, "base64"),
      },
      body: BODY,
    });
    expect(delivered.status).toBe(200);
    expect(handled).toHaveLength(1);
  });
});

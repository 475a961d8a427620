/**
 * Presets of SaaS providers that sign with an HMAC in a header: WorkOS and Mux checked both ways
 * against `@workos-inc/node` and `@mux/mux-node`; the others against their documented algorithms, computed here with
 * node:crypto independently of the runtime. Handshakes (Xero's intent to receive, Trello's and
 * Mandrill's HEAD) through the node:http adapter on 127.0.0.1.
 */
import { createHmac } from "node:crypto";
import Mux from "@mux/mux-node";
import { WorkOS } from "@workos-inc/node";
import { afterEach, describe, expect, it } from "vitest";
import {
  resolveSignatureScheme,
  type SignatureConfig,
  signDelivery,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { closeReceivers, serveReceiver } from "./signed-receiver.js";

const NOW = () => Math.floor(Date.now() / 1000);
const BODY = JSON.stringify({ id: "evt_01", event: "user.created", data: { name: "Zoë / Ada" } });
const TAMPERED = BODY.replace("Ada", "Eve");
const URL_ = "https://hooks.example.com/webhooks?app=1";

async function verify(
  config: SignatureConfig,
  secret: string,
  body: string,
  headers: Record<string, string>,
  options: { now?: number; url?: string } = {},
): Promise<VerifyResult> {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return resolveSignatureScheme(config, secret).verify({
    headers: (name) => lower[name],
    body: new TextEncoder().encode(body),
    now: options.now ?? NOW(),
    toleranceSeconds: 300,
    url: options.url ?? URL_,
    method: "POST",
  });
}
const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);
const hmac = (algorithm: "sha1" | "sha256", key: string, data: string, encoding: "hex" | "base64") =>
  createHmac(algorithm, key).update(data).digest(encoding);

async function signed(config: SignatureConfig, secret: string, body = BODY, timestamp?: number) {
  return (
    await signDelivery(resolveSignatureScheme(config, secret), {
      body,
      url: URL_,
      ...(timestamp !== undefined ? { timestamp } : {}),
    })
  ).headers;
}

describe("workos (WorkOS-Signature: t=<ms>, v1=<hex> over t.body) — @workos-inc/node", () => {
  const secret = "wh_secret_workos_example";
  const workos = new WorkOS("sk_test_example");

  it("what we sign passes verifyHeader; what WorkOS computes passes ours, with the event id", async () => {
    const headers = await signed("workos", secret);
    const sigHeader = headers["WorkOS-Signature"] as string;
    expect(sigHeader).toMatch(/^t=\d{13}, v1=[0-9a-f]{64}$/);
    await expect(workos.webhooks.verifyHeader({ payload: BODY, sigHeader, secret })).resolves.toBe(true);
    await expect(workos.webhooks.verifyHeader({ payload: TAMPERED, sigHeader, secret })).rejects.toThrow();

    const t = String(Date.now());
    const theirs = `t=${t}, v1=${await workos.webhooks.computeSignature(t, BODY, secret)}`;
    expect(await verify("workos", secret, BODY, { "WorkOS-Signature": theirs })).toMatchObject({
      ok: true,
      timestamp: Math.floor(Number(t) / 1000),
    });
    expect(reasonOf(await verify("workos", secret, TAMPERED, { "WorkOS-Signature": theirs }))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify("workos", "other", BODY, { "WorkOS-Signature": theirs }))).toBe(
      "bad-signature",
    );
  });

  it("an old delivery is refused by both", async () => {
    const t = String(Date.now() - 3_600_000);
    const sigHeader = `t=${t}, v1=${await workos.webhooks.computeSignature(t, BODY, secret)}`;
    await expect(workos.webhooks.verifyHeader({ payload: BODY, sigHeader, secret })).rejects.toThrow(
      /tolerance/,
    );
    expect(reasonOf(await verify("workos", secret, BODY, { "WorkOS-Signature": sigHeader }))).toBe(
      "stale-timestamp",
    );
  });
});

describe("mux (Mux-Signature: t=<s>,v1=<hex> over t.body) — @mux/mux-node", () => {
  const secret = "mux-webhook-signing-secret";
  const mux = new Mux({ tokenId: "id", tokenSecret: "secret", webhookSecret: secret });
  const headersOf = (signature: string) => new Headers({ "mux-signature": signature });

  it("what we sign passes verifySignature; what Mux signs passes ours; an old one fails both", async () => {
    const sigHeader = (await signed("mux", secret))["Mux-Signature"] as string;
    expect(sigHeader).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    await expect(mux.webhooks.verifySignature(BODY, headersOf(sigHeader))).resolves.toBeUndefined();
    await expect(mux.webhooks.verifySignature(TAMPERED, headersOf(sigHeader))).rejects.toThrow();

    const t = NOW();
    const theirs = `t=${t},v1=${hmac("sha256", secret, `${t}.${BODY}`, "hex")}`;
    await expect(mux.webhooks.verifySignature(BODY, headersOf(theirs))).resolves.toBeUndefined();
    expect(await verify("mux", secret, BODY, { "Mux-Signature": theirs })).toMatchObject({
      ok: true,
      timestamp: t,
    });
    expect(reasonOf(await verify("mux", secret, TAMPERED, { "Mux-Signature": theirs }))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify("mux", "other", BODY, { "Mux-Signature": theirs }))).toBe("bad-signature");
    const old = NOW() - 3600;
    const stale = `t=${old},v1=${hmac("sha256", secret, `${old}.${BODY}`, "hex")}`;
    await expect(mux.webhooks.verifySignature(BODY, headersOf(stale))).rejects.toThrow(/too old/);
    expect(reasonOf(await verify("mux", secret, BODY, { "Mux-Signature": stale }))).toBe("stale-timestamp");
  });
});

describe("documented algorithms", () => {
  const at = NOW();
  const iso = new Date(at * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const cases: Array<{
    config: SignatureConfig;
    secret: string;
    /** The headers the provider sends for BODY, made as its documentation says. */
    theirs: () => Record<string, string>;
  }> = [
    {
      config: "calendly",
      secret: "calendly-signing-key",
      theirs: () => ({
        "Calendly-Webhook-Signature": `t=${at},v1=${hmac("sha256", "calendly-signing-key", `${at}.${BODY}`, "hex")}`,
      }),
    },
    {
      config: "zendesk",
      secret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
      theirs: () => ({
        "X-Zendesk-Webhook-Signature": hmac(
          "sha256",
          "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
          `${iso}${BODY}`,
          "base64",
        ),
        "X-Zendesk-Webhook-Signature-Timestamp": iso,
      }),
    },
    {
      config: "intercom",
      secret: "intercom-client-secret",
      theirs: () => ({ "X-Hub-Signature": `sha1=${hmac("sha1", "intercom-client-secret", BODY, "hex")}` }),
    },
    {
      config: "typeform",
      secret: "typeform-secret",
      theirs: () => ({ "Typeform-Signature": `sha256=${hmac("sha256", "typeform-secret", BODY, "base64")}` }),
    },
    {
      config: "sentry",
      secret: "sentry-client-secret",
      theirs: () => ({ "Sentry-Hook-Signature": hmac("sha256", "sentry-client-secret", BODY, "hex") }),
    },
    {
      config: "xero",
      secret: "xero-webhook-key",
      theirs: () => ({ "x-xero-signature": hmac("sha256", "xero-webhook-key", BODY, "base64") }),
    },
    {
      config: "trello",
      secret: "trello-app-secret",
      theirs: () => ({ "X-Trello-Webhook": hmac("sha1", "trello-app-secret", BODY + URL_, "base64") }),
    },
  ];

  it.each(cases)(
    "$config: the provider's signature passes, a changed body or another key fails",
    async ({ config, secret, theirs }) => {
      expect(reasonOf(await verify(config, secret, BODY, theirs()))).toBe("ok");
      expect(reasonOf(await verify(config, secret, TAMPERED, theirs()))).toBe("bad-signature");
      expect(reasonOf(await verify(config, `${secret}-other`, BODY, theirs()))).toBe("bad-signature");
      expect(reasonOf(await verify(config, secret, BODY, {}))).toBe("missing-signature");
    },
  );

  it.each(cases)(
    "$config: what our sender signs is what the provider would send",
    async ({ config, secret, theirs }) => {
      const ours = await signed(config, secret, BODY, at);
      const expected = theirs();
      // The same signature header values; a timestamp header as the provider writes it may differ in
      // its fraction of a second only, and is checked through verification instead.
      for (const [name, value] of Object.entries(expected)) {
        if (/timestamp/i.test(name)) continue;
        if (config === "zendesk") continue;
        expect(ours[name], name).toBe(value);
      }
      expect(reasonOf(await verify(config, secret, BODY, ours))).toBe("ok");
    },
  );

  it("calendly and zendesk: an hour-old signature is stale", async () => {
    const old = at - 3600;
    const calendly = {
      "Calendly-Webhook-Signature": `t=${old},v1=${hmac("sha256", "k", `${old}.${BODY}`, "hex")}`,
    };
    expect(reasonOf(await verify("calendly", "k", BODY, calendly))).toBe("stale-timestamp");
    const oldIso = new Date(old * 1000).toISOString();
    const zendesk = {
      "X-Zendesk-Webhook-Signature": hmac("sha256", "k", `${oldIso}${BODY}`, "base64"),
      "X-Zendesk-Webhook-Signature-Timestamp": oldIso,
    };
    expect(reasonOf(await verify("zendesk", "k", BODY, zendesk))).toBe("stale-timestamp");
  });

  it("trello: the callback URL is signed, so the same body on another URL fails", async () => {
    const headers = { "X-Trello-Webhook": hmac("sha1", "s", BODY + URL_, "base64") };
    expect(reasonOf(await verify("trello", "s", BODY, headers))).toBe("ok");
    expect(
      reasonOf(
        await verify("trello", "s", BODY, headers, { url: "https://evil.example.com/webhooks?app=1" }),
      ),
    ).toBe("bad-signature");
  });

  it("mandrill: the URL + the form parameters sorted by name, as its documentation computes it", async () => {
    const events = JSON.stringify([{ event: "send", _id: "abc", msg: { email: "a@example.com" } }]);
    const form = new URLSearchParams({ mandrill_events: events, b: "2", a: "1" }).toString();
    const signedData = `${URL_}a1b2mandrill_events${events}`;
    const headers = { "X-Mandrill-Signature": hmac("sha1", "mandrill-key", signedData, "base64") };
    expect(reasonOf(await verify("mandrill", "mandrill-key", form, headers))).toBe("ok");
    expect(reasonOf(await verify("mandrill", "mandrill-key", form.replace("a%40", "b%40"), headers))).toBe(
      "bad-signature",
    );
    const ours = await signDelivery(resolveSignatureScheme("mandrill", "mandrill-key"), {
      body: form,
      url: URL_,
    });
    expect(ours.headers["X-Mandrill-Signature"]).toBe(headers["X-Mandrill-Signature"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Handshakes over HTTP

afterEach(closeReceivers);

describe("handshakes", () => {
  it("xero intent to receive: a correctly signed empty batch gets 200, a wrongly signed one 401, no handler runs", async () => {
    const { url, handled } = await serveReceiver("event", "xero", "xero-webhook-key");
    const itr = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: "S0m3r4Nd0mt3xt",
    });
    const post = (signature: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-xero-signature": signature },
        body: itr,
      });
    const good = await post(hmac("sha256", "xero-webhook-key", itr, "base64"));
    expect(good.status).toBe(200);
    const bad = await post(hmac("sha256", "not-the-key", itr, "base64"));
    expect(bad.status).toBe(401);
    expect(handled).toEqual([]);
    // A real batch goes to the handler.
    const batch = JSON.stringify({
      events: [{ eventCategory: "INVOICE", eventType: "UPDATE" }],
      entropy: "x",
    });
    const delivered = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-xero-signature": hmac("sha256", "xero-webhook-key", batch, "base64"),
      },
      body: batch,
    });
    expect(delivered.status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it.each(["trello", "mandrill"] as const)(
    "%s: the HEAD sent when a webhook is created gets 200; an unsigned POST 401",
    async (signature) => {
      const { url } = await serveReceiver("event", signature, "app-secret");
      const head = await fetch(url, { method: "HEAD" });
      expect(head.status).toBe(200);
      const post = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(post.status).toBe(401);
    },
  );
});

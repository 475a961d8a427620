/**
 * Handshakes in `verify --listen`: a sender doing its provider's documented handshake (a plain
 * HTTP client on 127.0.0.1, signing with node:crypto as the provider documents, not with the
 * runtime) gets the answer the provider checks — Slack's challenge, Zoom's encryptedToken,
 * Discord's PONG, Meta's, Dropbox's, Microsoft Graph's, Twitch's and Okta's echo, X's response_token,
 * LINE's and WooCommerce's 200 — and no finding; a wrongly signed
 * handshake is refused (401) and reported as `bad-signature`, Meta's with a wrong verify token as
 * `handshake-refused`, and one missing what the provider sends as `handshake-malformed`, each
 * named by its handshake and located at the spec's `webhooks`.
 */
import { createHmac, sign } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { type LoadedSpec, loadSpecFromString } from "@contract/core";
import type { SignatureConfig } from "@contract/runtime/webhooks";
import {
  createDeliveryChecker,
  type Finding,
  listenForDeliveries,
  type VerifyReport,
  type WebhookContract,
  webhookContract,
} from "@contract/verify";
import { beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "../lib/capture-io.js";
import { DISCORD_PRIVATE, DISCORD_PUBLIC, SPEC, SPEC_PATH, VERIFY_TOKEN } from "./handshake-fixture.js";

const SECRET = "listen-handshake-signing-secret";

let loaded: LoadedSpec;
let contract: WebhookContract;
beforeAll(async () => {
  loaded = await loadSpecFromString(SPEC, { path: SPEC_PATH });
  contract = webhookContract({ document: loaded.document, locate: (p) => loaded.locate(p) });
});

/** A listener for one request, checking with `signature` as `verify --listen --signature …` does. */
async function listenOnce(
  signature: SignatureConfig,
  options: { secret?: string; verifyToken?: string } = {},
) {
  const check = createDeliveryChecker({
    contract,
    secret: options.secret ?? SECRET,
    signature,
    ...(options.verifyToken !== undefined ? { verifyToken: options.verifyToken } : {}),
  });
  return listenForDeliveries({ check, port: 0, maxRequests: 1, webhooks: ["message.created"] });
}

const hex = (key: string, text: string) => createHmac("sha256", key).update(text).digest("hex");
const now = () => String(Math.floor(Date.now() / 1000));

/** Slack and Zoom sign `v0:<timestamp>:<body>` with HMAC-SHA256 (their documented "v0" scheme). */
function v0Post(url: string, headers: [string, string], payload: unknown, key = SECRET) {
  const body = JSON.stringify(payload);
  const timestamp = now();
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [headers[1]]: timestamp,
      [headers[0]]: `v0=${hex(key, `v0:${timestamp}:${body}`)}`,
    },
    body,
  });
}
const SLACK: [string, string] = ["x-slack-signature", "x-slack-request-timestamp"];
const ZOOM: [string, string] = ["x-zm-signature", "x-zm-request-timestamp"];

const located = (finding: Finding | undefined) => ({
  operation: finding?.operation,
  specPointer: finding?.specPointer,
  line: finding?.specLocation?.line,
});
const rules = (report: VerifyReport) => report.findings.map((f) => `${f.rule} ${f.severity}`);

describe("verify --listen answers a sender's handshake as the runtime receiver does", () => {
  it("slack url_verification: the challenge comes back, no finding", async () => {
    const listener = await listenOnce("slack");
    const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
    const answer = await v0Post(listener.url, SLACK, {
      token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
      challenge,
      type: "url_verification",
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { challenge?: string }).challenge).toBe(challenge);
    const report = await listener.report;
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual(["slack url_verification"]);
    expect(report.skipped).toEqual([{ operation: "message.created", reason: "no delivery received" }]);
  });

  it("slack url_verification signed with another secret: refused with 401 and reported", async () => {
    const listener = await listenOnce("slack");
    const answer = await v0Post(
      listener.url,
      SLACK,
      { token: "t", challenge: "c1", type: "url_verification" },
      "not-the-signing-secret",
    );
    expect(answer.status).toBe(401);
    expect(await answer.text()).not.toContain("c1");
    const report = await listener.report;
    expect(rules(report)).toEqual(["bad-signature error"]);
    // The handshake belongs to the endpoint: the finding points at the spec's webhooks, line 3.
    expect(located(report.findings[0])).toEqual({
      operation: "slack url_verification",
      specPointer: "/webhooks",
      line: 3,
    });
  });

  it("slack url_verification without a challenge: handshake-malformed", async () => {
    const listener = await listenOnce("slack");
    await v0Post(listener.url, SLACK, { token: "t", type: "url_verification" });
    const report = await listener.report;
    expect(rules(report)).toEqual(["handshake-malformed error"]);
    expect(report.findings[0]?.message).toContain("challenge");
    expect(located(report.findings[0]).operation).toBe("slack url_verification");
  });

  it("zoom endpoint.url_validation: plainToken and its HMAC with the secret token come back", async () => {
    const listener = await listenOnce("zoom");
    const plainToken = "qgg8vlvZRS6UYooatFL8Aw";
    const answer = await v0Post(listener.url, ZOOM, {
      payload: { plainToken },
      event_ts: Date.now(),
      event: "endpoint.url_validation",
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ plainToken, encryptedToken: hex(SECRET, plainToken) });
    expect((await listener.report).findings).toEqual([]);
  });

  it("zoom endpoint.url_validation unsigned: refused, and no HMAC of the token is given away", async () => {
    const listener = await listenOnce("zoom");
    const plainToken = "any-text-to-get-signed";
    const answer = await fetch(listener.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ payload: { plainToken }, event: "endpoint.url_validation" }),
    });
    expect(answer.status).toBe(401);
    expect(await answer.text()).not.toContain(hex(SECRET, plainToken));
    const report = await listener.report;
    expect(rules(report)).toEqual(["bad-signature error"]);
    expect(report.findings[0]?.message).toContain("missing-signature");
  });

  it("discord PING signed with Ed25519: PONG", async () => {
    const listener = await listenOnce("discord", { secret: DISCORD_PUBLIC });
    const body = JSON.stringify({ id: "1", application_id: "2", type: 1, version: 1, token: "t" });
    const timestamp = now();
    const signature = sign(null, Buffer.from(timestamp + body), DISCORD_PRIVATE).toString("hex");
    const answer = await fetch(listener.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature-ed25519": signature,
        "x-signature-timestamp": timestamp,
      },
      body,
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ type: 1 });
    expect((await listener.report).findings).toEqual([]);
  });

  it("meta hub.challenge with the verify token: the challenge is the body", async () => {
    const listener = await listenOnce("meta", { verifyToken: VERIFY_TOKEN });
    const answer = await fetch(
      `${listener.url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`,
    );
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("1158201444");
    const report = await listener.report;
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual(["meta hub.challenge"]);
  });

  it("meta hub.challenge with a wrong verify token: refused with 403 and reported", async () => {
    const listener = await listenOnce("meta", { verifyToken: VERIFY_TOKEN });
    const answer = await fetch(`${listener.url}?hub.mode=subscribe&hub.challenge=7&hub.verify_token=wrong`);
    expect(answer.status).toBe(403);
    expect(await answer.text()).not.toBe("7");
    const report = await listener.report;
    expect(rules(report)).toEqual(["handshake-refused error"]);
    expect(located(report.findings[0])).toEqual({
      operation: "meta hub.challenge",
      specPointer: "/webhooks",
      line: 3,
    });
    // The verify token is a shared secret: reports show it hidden.
    const shown = JSON.stringify(report.findings[0]?.request);
    expect(shown).toContain("hub.verify_token=%3Credacted%3E");
    expect(shown).not.toContain("hub.verify_token=wrong");
  });

  it("meta hub.challenge when no verify token was given: refused, a warning that says so", async () => {
    const listener = await listenOnce("meta");
    const answer = await fetch(`${listener.url}?hub.mode=subscribe&hub.challenge=7&hub.verify_token=x`);
    expect(answer.status).toBe(403);
    const report = await listener.report;
    expect(rules(report)).toEqual(["handshake-refused warning"]);
    expect(report.findings[0]?.message).toContain("--verify-token");
  });

  it("dropbox challenge: echoed as text/plain with nosniff", async () => {
    const listener = await listenOnce("dropbox");
    const answer = await fetch(`${listener.url}?challenge=ZnJvbS1kcm9wYm94`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("ZnJvbS1kcm9wYm94");
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await listener.report).findings).toEqual([]);
  });

  it("microsoft-graph validationToken: the token comes back as text/plain", async () => {
    const listener = await listenOnce("microsoft-graph");
    const token = "Validation: Testing client application";
    const answer = await fetch(`${listener.url}?validationToken=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(token);
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await listener.report).findings).toEqual([]);
  });

  it("twitch webhook_callback_verification: signed as Twitch documents it, the challenge comes back as text", async () => {
    const listener = await listenOnce("twitch");
    const send = async (key: string) => {
      const body = JSON.stringify({
        challenge: "pogchamp-kappa-360noscope-vohiyo",
        subscription: {
          id: "f1c2a387",
          status: "webhook_callback_verification_pending",
          type: "channel.follow",
        },
      });
      const id = "e76c6bd4-55c9-4987-8304-da1588d8988b";
      const sentAt = new Date().toISOString().replace("Z", "123456Z");
      return fetch(listener.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "twitch-eventsub-message-id": id,
          "twitch-eventsub-message-type": "webhook_callback_verification",
          "twitch-eventsub-message-timestamp": sentAt,
          "twitch-eventsub-message-signature": `sha256=${hex(key, id + sentAt + body)}`,
        },
        body,
      });
    };
    const answer = await send(SECRET);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("pogchamp-kappa-360noscope-vohiyo");
    expect(answer.headers.get("content-type")).toMatch(/^text\/plain/);
    expect((await listener.report).findings).toEqual([]);

    const wrong = await listenOnce("twitch");
    const refused = await (async () => {
      const body = JSON.stringify({
        challenge: "c",
        subscription: { status: "webhook_callback_verification_pending" },
      });
      const sentAt = new Date().toISOString();
      return fetch(wrong.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "twitch-eventsub-message-id": "m-1",
          "twitch-eventsub-message-type": "webhook_callback_verification",
          "twitch-eventsub-message-timestamp": sentAt,
          "twitch-eventsub-message-signature": `sha256=${hex("not-the-secret", `m-1${sentAt}${body}`)}`,
        },
        body,
      });
    })();
    expect(refused.status).toBe(401);
    expect(rules(await wrong.report)).toEqual(["bad-signature error"]);
  });

  it("okta verification: with the hook's secret the challenge comes back as JSON; without it, refused", async () => {
    const listener = await listenOnce("okta");
    const challenge = "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg";
    const answer = await fetch(listener.url, {
      headers: {
        accept: "application/json",
        "x-okta-verification-challenge": challenge,
        authorization: SECRET,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await answer.json()).toEqual({ verification: challenge });
    expect((await listener.report).findings).toEqual([]);

    const wrong = await listenOnce("okta");
    const refused = await fetch(wrong.url, {
      headers: { "x-okta-verification-challenge": challenge, authorization: "not-the-secret" },
    });
    expect(refused.status).toBe(401);
    expect(rules(await wrong.report)).toEqual(["handshake-refused error"]);
  });

  it("xero intent to receive: signed, 200 and no finding; signed with another key, 401 and reported", async () => {
    const itr = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: "QWERTYUIOP",
    });
    const post = (url: string, key: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-xero-signature": createHmac("sha256", key).update(itr).digest("base64"),
        },
        body: itr,
      });
    const listener = await listenOnce("xero");
    expect((await post(listener.url, SECRET)).status).toBe(200);
    expect((await listener.report).findings).toEqual([]);
    const wrong = await listenOnce("xero");
    expect((await post(wrong.url, "another-key")).status).toBe(401);
    expect(rules(await wrong.report)).toEqual(["bad-signature error"]);
  });

  it("x challenge-response check: the response_token comes back; a crc_token that is a delivery body is refused", async () => {
    const listener = await listenOnce("x");
    const crc = "Y3JjLXRva2VuLWZyb20teA";
    const answer = await fetch(`${listener.url}?crc_token=${crc}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      response_token: `sha256=${createHmac("sha256", SECRET).update(crc).digest("base64")}`,
    });
    expect((await listener.report).findings).toEqual([]);

    const oracle = await listenOnce("x");
    const refused = await fetch(
      `${oracle.url}?crc_token=${encodeURIComponent('{"tweet_create_events":[]}')}`,
    );
    expect(refused.status).toBe(400);
    expect(rules(await oracle.report)).toEqual(["handshake-refused error"]);
  });

  it("x challenge-response check with an empty crc_token: handshake-malformed", async () => {
    const listener = await listenOnce("x");
    await fetch(`${listener.url}?crc_token=`);
    expect(rules(await listener.report)).toEqual(["handshake-malformed error"]);
  });

  it("line verification: signed with no events, 200 and no finding; signed with another secret, 401 and reported", async () => {
    const body = JSON.stringify({ destination: "U0123456789abcdef0123456789abcdef", events: [] });
    const post = (url: string, key: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-line-signature": createHmac("sha256", key).update(body).digest("base64"),
        },
        body,
      });
    const listener = await listenOnce("line");
    expect((await post(listener.url, SECRET)).status).toBe(200);
    expect((await listener.report).findings).toEqual([]);
    const wrong = await listenOnce("line");
    expect((await post(wrong.url, "another-secret")).status).toBe(401);
    expect(rules(await wrong.report)).toEqual(["bad-signature error"]);
  });

  it("woocommerce ping: the unsigned webhook_id gets 200 and no finding; a webhook_id that is no number is malformed", async () => {
    const ping = (url: string, body: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": "WooCommerce/9.4 Hookshot",
        },
        body,
      });
    const listener = await listenOnce("woocommerce");
    expect((await ping(listener.url, "webhook_id=42")).status).toBe(200);
    expect((await listener.report).findings).toEqual([]);
    const malformed = await listenOnce("woocommerce");
    await ping(malformed.url, "webhook_id=forty-two");
    expect(rules(await malformed.report)).toEqual(["handshake-malformed error"]);
  });

  it("google-watch sync: with the channel's token 200 and no finding; with another, 401 and reported", async () => {
    const sync = (url: string, token: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "x-goog-channel-id": "4ba78bf0-6a47-11e2-bcfd-0800200c9a66",
          "x-goog-channel-token": token,
          "x-goog-message-number": "1",
          "x-goog-resource-state": "sync",
        },
      });
    const listener = await listenOnce("google-watch");
    expect((await sync(listener.url, SECRET)).status).toBe(200);
    expect((await listener.report).findings).toEqual([]);
    const wrong = await listenOnce("google-watch");
    expect((await sync(wrong.url, "another-token")).status).toBe(401);
    expect(rules(await wrong.report)).toEqual(["bad-signature error"]);
  });

  it.each(["trello", "mandrill"] as const)("%s HEAD check: 200, no finding", async (signature) => {
    const listener = await listenOnce(signature);
    expect((await fetch(listener.url, { method: "HEAD" })).status).toBe(200);
    expect((await listener.report).findings).toEqual([]);
  });

  it("a scheme whose provider has no handshake answers a url_verification-like body as a delivery", async () => {
    const listener = await listenOnce("github");
    const body = JSON.stringify({ type: "url_verification", challenge: "c" });
    const answer = await fetch(listener.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${hex(SECRET, body)}`,
      },
      body,
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("");
    expect(rules(await listener.report)).toEqual(["unknown-webhook error"]);
  });
});

describe("contract verify --listen --signature slack", () => {
  it("answers the handshake, checks the delivery after it, and exits 1 on a wrongly signed handshake", async () => {
    const dir = await mkdtemp(join(tmpdir(), "contract-listen-handshake-"));
    try {
      await writeFile(join(dir, "hooks.yaml"), SPEC);
      const run = async (send: (url: string) => Promise<void>) => {
        const io = captureIO(dir);
        const args = ["--signature", "slack", "--secret", SECRET, "--max-requests", "2", "-f", "json"];
        const exit = runCli(["verify", "hooks.yaml", "--listen", "0", ...args], io);
        let ended = false;
        void exit.finally(() => {
          ended = true;
        });
        // The first stdout line names the port; a run that ends before it has failed.
        while (!ended && !/listening on (\S+)/.test(io.out)) await new Promise((r) => setTimeout(r, 10));
        expect(io.out).toMatch(/^listening on /);
        await send(/listening on (\S+)/.exec(io.out)?.[1] ?? "");
        return { code: await exit, out: io.out };
      };
      const delivery = { type: "message.created", id: "msg_1" };
      const ok = await run(async (url) => {
        const answer = await v0Post(url, SLACK, {
          token: "t",
          challenge: "ch4llenge",
          type: "url_verification",
        });
        expect(await answer.json()).toEqual({ challenge: "ch4llenge" });
        expect((await v0Post(url, SLACK, delivery)).status).toBe(200);
      });
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toContain("received slack url_verification: ok");
      expect(ok.out).toContain("received message.created: ok");

      const wrong = await run(async (url) => {
        const answer = await v0Post(
          url,
          SLACK,
          { token: "t", challenge: "c", type: "url_verification" },
          "x",
        );
        expect(answer.status).toBe(401);
        await v0Post(url, SLACK, delivery);
      });
      expect(wrong.code, wrong.out).toBe(1);
      expect(wrong.out).toContain('"rule": "bad-signature"');
      expect(wrong.out).toContain('"operation": "slack url_verification"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

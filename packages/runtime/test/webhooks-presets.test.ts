/**
 * Provider presets against the providers' own libraries (pinned devDependencies) and, where a
 * provider publishes none, against its documented algorithm and example values: deliveries signed by
 * our sender are accepted by the provider's verifier, deliveries signed the provider's way are
 * accepted by our receiver, and a tampered body, a wrong key, a stale timestamp and a wrong URL are
 * refused by both.
 */
import { createHash, createHmac, generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { Signature as HubSpotSignature } from "@hubspot/api-client";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { Paddle } from "@paddle/paddle-node-sdk";
import "@shopify/shopify-api/adapters/node";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { isValidSlackRequest } from "@slack/bolt/dist/receivers/verify-request.js";
import { computeWebhookSignature as boxSignature } from "box-node-sdk/internal";
import { WebhooksManager as BoxWebhooks } from "box-node-sdk/managers/webhooks";
import { verifyKey as discordVerifyKey } from "discord-interactions";
import { WebhooksHelper } from "square";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { TelnyxWebhook } from "telnyx/lib/webhooks";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import {
  type PresetName,
  resolveSignatureScheme,
  type SignatureConfig,
  type SignatureScheme,
  utf8,
  type VerifyResult,
} from "../src/webhooks/index.js";

const NOW = () => Math.floor(Date.now() / 1000);

function reader(headers: Record<string, string>) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return (name: string) => lower[name];
}

function verify(
  scheme: SignatureScheme,
  headers: Record<string, string>,
  body: string,
  options: { url?: string; now?: number } = {},
): Promise<VerifyResult> {
  return scheme.verify({
    headers: reader(headers),
    body: utf8(body),
    now: options.now ?? NOW(),
    toleranceSeconds: 300,
    ...(options.url ? { url: options.url } : {}),
  });
}

const scheme = (config: SignatureConfig, secrets: string | string[]) =>
  resolveSignatureScheme(config, secrets);

const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);

function ed25519Keys() {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const spki = publicKey.export({ format: "der", type: "spki" });
  const raw = spki.subarray(spki.length - 32);
  return {
    publicKey,
    privateKey,
    hex: raw.toString("hex"),
    base64: raw.toString("base64"),
    spkiBase64: spki.toString("base64"),
    pem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    jwk: JSON.stringify(publicKey.export({ format: "jwk" })),
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    privateJwk: JSON.stringify(privateKey.export({ format: "jwk" })),
    seedBase64: privateKey.export({ format: "der", type: "pkcs8" }).subarray(16).toString("base64"),
  };
}

const BODY = JSON.stringify({ type: "order.paid", id: "ord_1", amount: 1200 });
const TAMPERED = BODY.replace("1200", "1");

describe("discord (Ed25519, hex, timestamp + body) — discord-interactions", () => {
  const keys = ed25519Keys();
  const other = ed25519Keys();
  const receiver = scheme("discord", keys.hex);
  const sender = scheme("discord", keys.privatePem);

  it("our signature is accepted by discord-interactions' verifyKey, and theirs refuses tampering", async () => {
    const headers = await sender.sign({ body: BODY });
    const sig = headers["X-Signature-Ed25519"]!;
    const ts = headers["X-Signature-Timestamp"]!;
    expect(await discordVerifyKey(BODY, sig, ts, keys.hex)).toBe(true);
    expect(await discordVerifyKey(TAMPERED, sig, ts, keys.hex)).toBe(false);
    expect(await discordVerifyKey(BODY, sig, ts, other.hex)).toBe(false);
  });

  it("a delivery signed as Discord documents it is accepted; tampered, wrong key and stale are refused", async () => {
    const ts = String(NOW());
    const signature = nodeSign(null, Buffer.from(ts + BODY), keys.privateKey).toString("hex");
    const headers = { "X-Signature-Ed25519": signature, "X-Signature-Timestamp": ts };
    expect(await verify(receiver, headers, BODY)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, headers, TAMPERED))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("discord", other.hex), headers, BODY))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, headers, BODY, { now: NOW() + 3600 }))).toBe("stale-timestamp");
    expect(reasonOf(await verify(receiver, {}, BODY))).toBe("missing-signature");
  });
});

describe("telnyx (Ed25519, base64, timestamp|body) — telnyx", () => {
  const keys = ed25519Keys();
  const receiver = scheme("telnyx", keys.base64);
  const sender = scheme("telnyx", keys.privatePem);

  it("our signature is accepted by TelnyxWebhook.verify; tampering is refused", async () => {
    const headers = await sender.sign({ body: BODY });
    await expect(new TelnyxWebhook(keys.base64).verify(BODY, headers)).resolves.not.toThrow();
    await expect(new TelnyxWebhook(keys.base64).verify(TAMPERED, headers)).rejects.toThrow();
    await expect(new TelnyxWebhook(ed25519Keys().base64).verify(BODY, headers)).rejects.toThrow();
  });

  it("a delivery signed as Telnyx documents it is accepted; tampered, wrong key and stale are refused", async () => {
    const ts = String(NOW());
    const signature = nodeSign(null, Buffer.from(`${ts}|${BODY}`), keys.privateKey).toString("base64");
    const headers = { "telnyx-signature-ed25519": signature, "telnyx-timestamp": ts };
    expect(await verify(receiver, headers, BODY)).toMatchObject({ ok: true, timestamp: Number(ts) });
    expect(reasonOf(await verify(receiver, headers, TAMPERED))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("telnyx", ed25519Keys().base64), headers, BODY))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(receiver, headers, BODY, { now: NOW() - 3600 }))).toBe("stale-timestamp");
  });
});

describe("sendgrid (ECDSA P-256, base64 DER) — @sendgrid/eventwebhook", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicBase64 = publicKey.export({ format: "der", type: "spki" }).toString("base64");
  const privatePem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const receiver = scheme("sendgrid", publicBase64);
  const sender = scheme("sendgrid", privatePem);
  const library = new EventWebhook();
  const ecKey = library.convertPublicKeyToECDSA(publicBase64);
  const SIG = "X-Twilio-Email-Event-Webhook-Signature";
  const TS = "X-Twilio-Email-Event-Webhook-Timestamp";

  it("our signature is accepted by EventWebhook.verifySignature; tampering is refused", async () => {
    const headers = await sender.sign({ body: BODY });
    expect(library.verifySignature(ecKey, BODY, headers[SIG]!, headers[TS]!)).toBe(true);
    expect(library.verifySignature(ecKey, TAMPERED, headers[SIG]!, headers[TS]!)).toBe(false);
  });

  it("a delivery signed as SendGrid documents it is accepted; tampered, wrong key and stale are refused", async () => {
    const ts = String(NOW());
    const signature = nodeSign("sha256", Buffer.from(ts + BODY), privateKey).toString("base64");
    const headers = { [SIG]: signature, [TS]: ts };
    expect(await verify(receiver, headers, BODY)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, headers, TAMPERED))).toBe("bad-signature");
    const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" })
      .publicKey.export({ format: "der", type: "spki" })
      .toString("base64");
    expect(reasonOf(await verify(scheme("sendgrid", otherKey), headers, BODY))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, headers, BODY, { now: NOW() + 3600 }))).toBe("stale-timestamp");
  });
});

describe("twilio (HMAC-SHA1 over URL + sorted form params; bodySHA256 for JSON) — twilio", () => {
  const token = "12345678901234567890123456789012";
  const receiver = scheme("twilio", token);
  const url = "https://example.com/twilio/sms?source=app";
  const params = { To: "+15550001111", From: "+15552223333", Body: "Hello & goodbye", MessageSid: "SM1" };
  const form = new URLSearchParams(params).toString();

  it("a form delivery signed by getExpectedTwilioSignature is accepted; tampered, wrong token and wrong URL are refused", async () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    const headers = { "X-Twilio-Signature": signature };
    expect(await verify(receiver, headers, form, { url })).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, headers, form.replace("Hello", "Hullo"), { url }))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(scheme("twilio", "x".repeat(32)), headers, form, { url }))).toBe(
      "bad-signature",
    );
    expect(
      reasonOf(await verify(receiver, headers, form, { url: "https://evil.example/twilio/sms?source=app" })),
    ).toBe("bad-signature");
    // The default port written out or left off is the same URL (as Twilio's validateRequest accepts).
    expect(
      await verify(receiver, headers, form, { url: "https://example.com:443/twilio/sms?source=app" }),
    ).toMatchObject({
      ok: true,
    });
    expect(reasonOf(await verify(receiver, headers, form))).toBe("malformed-signature");
  });

  it("our signature is accepted by validateRequest; tampering and a wrong URL are refused", async () => {
    const headers = await scheme("twilio", token).sign({ body: form, url });
    const signature = headers["X-Twilio-Signature"]!;
    expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
    expect(twilio.validateRequest(token, signature, url, { ...params, Body: "x" })).toBe(false);
    expect(twilio.validateRequest(token, signature, "https://example.com/other", params)).toBe(false);
  });

  it("SharedKey webhooks: the algorithm named in X-Twilio-Webhooks-Signature-Settings (HMAC_SHA256)", async () => {
    const sharedKey = "shared-key-secret-0123456789";
    const signature = twilio.getExpectedTwilioSignature(sharedKey, url, params, "HMAC_SHA256");
    const settings = "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256";
    const both = scheme("twilio", [token, sharedKey]);
    const headers = { "X-Twilio-Signature": signature, "X-Twilio-Webhooks-Signature-Settings": settings };
    expect(await verify(both, headers, form, { url })).toMatchObject({ ok: true });
    expect(reasonOf(await verify(both, { "X-Twilio-Signature": signature }, form, { url }))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(receiver, headers, form, { url }))).toBe("bad-signature");
    expect(
      reasonOf(
        await verify(
          both,
          { ...headers, "X-Twilio-Webhooks-Signature-Settings": "algorithm=HMAC_MD5" },
          form,
          { url },
        ),
      ),
    ).toBe("malformed-signature");
  });

  it("JSON bodies: bodySHA256 in the signed URL, both ways (validateRequestWithBody)", async () => {
    const hash = createHash("sha256").update(BODY).digest("hex");
    const jsonUrl = `https://example.com/twilio/events?bodySHA256=${hash}`;
    const signature = twilio.getExpectedTwilioSignature(token, jsonUrl, {});
    expect(await verify(receiver, { "X-Twilio-Signature": signature }, BODY, { url: jsonUrl })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(
      reasonOf(await verify(receiver, { "X-Twilio-Signature": signature }, TAMPERED, { url: jsonUrl })),
    ).toBe("malformed-signature");
    const ours = await receiver.sign({ body: BODY, url: jsonUrl });
    expect(twilio.validateRequestWithBody(token, ours["X-Twilio-Signature"]!, jsonUrl, BODY)).toBe(true);
    expect(twilio.validateRequestWithBody(token, ours["X-Twilio-Signature"]!, jsonUrl, TAMPERED)).toBe(false);
  });
});

describe("square (HMAC-SHA256 over notification URL + body, base64) — square", () => {
  const key = "sq0wbk-signature-key-example";
  const url = "https://example.com/square/webhooks";
  const receiver = scheme("square", key);

  it("both ways with WebhooksHelper.verifySignature; wrong URL, key and body refused", async () => {
    const headers = await receiver.sign({ body: BODY, url });
    const signatureHeader = headers["x-square-hmacsha256-signature"]!;
    const check = (over: Partial<Parameters<typeof WebhooksHelper.verifySignature>[0]>) =>
      WebhooksHelper.verifySignature({
        requestBody: BODY,
        signatureHeader,
        signatureKey: key,
        notificationUrl: url,
        ...over,
      });
    expect(await check({})).toBe(true);
    expect(await check({ requestBody: TAMPERED })).toBe(false);
    expect(await check({ notificationUrl: "https://example.com/other" })).toBe(false);

    const theirs = createHmac("sha256", key)
      .update(url + BODY)
      .digest("base64");
    expect(await check({ signatureHeader: theirs })).toBe(true);
    const h = { "x-square-hmacsha256-signature": theirs };
    expect(await verify(receiver, h, BODY, { url })).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, h, TAMPERED, { url }))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, h, BODY, { url: "https://example.com/other" }))).toBe(
      "bad-signature",
    );
    expect(reasonOf(await verify(scheme("square", "other"), h, BODY, { url }))).toBe("bad-signature");
    // The registered URL wins over the one the request arrived on (e.g. a rewriting proxy).
    const pinned = scheme({ type: "square", notificationUrl: url }, key);
    expect(await verify(pinned, h, BODY, { url: "http://10.0.0.5:8080/hook" })).toMatchObject({ ok: true });
  });
});

describe("paddle (ts=…;h1=…) — @paddle/paddle-node-sdk", () => {
  const secret = "pdl_ntfset_01example_secret";
  const receiver = scheme("paddle", secret);
  const paddle = new Paddle("pdl_sdbx_apikey_01example");
  const validator = {
    isValidSignature: (body: string, key: string, signature: string) =>
      paddle.webhooks.isSignatureValid(body, key, signature),
  };

  it("both ways; tampered, wrong key and stale refused", async () => {
    const headers = await receiver.sign({ body: BODY });
    const signature = headers["Paddle-Signature"]!;
    expect(await validator.isValidSignature(BODY, secret, signature)).toBe(true);
    expect(await validator.isValidSignature(TAMPERED, secret, signature)).toBe(false);
    expect(await validator.isValidSignature(BODY, "other", signature)).toBe(false);

    const ts = NOW();
    const h1 = createHmac("sha256", secret).update(`${ts}:${BODY}`).digest("hex");
    const theirs = { "Paddle-Signature": `ts=${ts};h1=${h1}` };
    expect(await validator.isValidSignature(BODY, secret, theirs["Paddle-Signature"])).toBe(true);
    expect(await verify(receiver, theirs, BODY)).toMatchObject({ ok: true, timestamp: ts });
    expect(reasonOf(await verify(receiver, theirs, TAMPERED))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("paddle", "other"), theirs, BODY))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, theirs, BODY, { now: ts + 3600 }))).toBe("stale-timestamp");
    expect(receiver.payloadDeliveryIdField).toBe("event_id");
  });
});

describe("standard-webhooks v1a (Ed25519, whpk_/whsk_) and v1 side by side", () => {
  const keys = ed25519Keys();
  const whpk = `whpk_${keys.base64}`;
  const whsk = `whsk_${keys.seedBase64}`;
  const whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  it("v1a signed per the spec is accepted with whpk_; tampered, wrong key and stale refused", async () => {
    const id = "msg_1";
    const ts = String(NOW());
    const sig = nodeSign(null, Buffer.from(`${id}.${ts}.${BODY}`), keys.privateKey).toString("base64");
    const headers = { "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": `v1a,${sig}` };
    const receiver = scheme("standard-webhooks", whpk);
    expect(await verify(receiver, headers, BODY)).toMatchObject({ ok: true, deliveryId: id });
    expect(reasonOf(await verify(receiver, headers, TAMPERED))).toBe("bad-signature");
    expect(
      reasonOf(await verify(scheme("standard-webhooks", `whpk_${ed25519Keys().base64}`), headers, BODY)),
    ).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, headers, BODY, { now: NOW() + 3600 }))).toBe("stale-timestamp");
  });

  it("whsk_ signs v1a; a header carrying v1 and v1a passes a v1-only (standardwebhooks library) and a v1a-only receiver", async () => {
    const v1a = await scheme("standard-webhooks", whsk).sign({ id: "msg_2", body: BODY });
    const v1 = await scheme("standard-webhooks", whsec).sign({
      id: "msg_2",
      body: BODY,
      timestamp: Number(v1a["webhook-timestamp"]),
    });
    const both = { ...v1a, "webhook-signature": `${v1["webhook-signature"]} ${v1a["webhook-signature"]}` };
    expect(await verify(scheme("standard-webhooks", whpk), both, BODY)).toMatchObject({ ok: true });
    expect(await verify(scheme("standard-webhooks", whsec), both, BODY)).toMatchObject({ ok: true });
    expect(await verify(scheme("standard-webhooks", [whsec, whpk]), v1a, BODY)).toMatchObject({ ok: true });
    expect(new StandardWebhook(whsec).verify(BODY, both)).toEqual(JSON.parse(BODY));
  });
});

describe("HMAC presets over the body or v0:ts:body", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";

  it("slack: v0:ts:body as Slack documents it, url_verification answered", async () => {
    const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fwebbot&text=";
    const ts = String(NOW());
    const mac = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
    const headers = { "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": `v0=${mac}` };
    const receiver = scheme("slack", secret);
    expect(await verify(receiver, headers, body)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, headers, body, { now: NOW() + 3600 }))).toBe("stale-timestamp");
    expect(reasonOf(await verify(receiver, headers, `${body}x`))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("slack", "other"), headers, body))).toBe("bad-signature");
    expect(await receiver.sign({ body, timestamp: Number(ts) })).toEqual(headers);
  });

  it("zoom: v0:ts:body, as Zoom documents it", async () => {
    const ts = String(NOW());
    const mac = createHmac("sha256", secret).update(`v0:${ts}:${BODY}`).digest("hex");
    const headers = { "x-zm-signature": `v0=${mac}`, "x-zm-request-timestamp": ts };
    const receiver = scheme("zoom", secret);
    expect(await verify(receiver, headers, BODY)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, headers, TAMPERED))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("zoom", "other"), headers, BODY))).toBe("bad-signature");
    expect(await receiver.sign({ body: BODY, timestamp: Number(ts) })).toEqual(headers);
  });

  it("meta: X-Hub-Signature-256, the @octokit/webhooks-methods algorithm (same as GitHub)", async () => {
    const receiver = scheme("meta", secret);
    const signature = await octokitSign(secret, BODY);
    expect(await verify(receiver, { "X-Hub-Signature-256": signature }, BODY)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, { "X-Hub-Signature-256": signature }, TAMPERED))).toBe(
      "bad-signature",
    );
    const ours = await receiver.sign({ body: BODY });
    expect(await octokitVerify(secret, BODY, ours["X-Hub-Signature-256"]!)).toBe(true);
    expect(await octokitVerify("other", BODY, ours["X-Hub-Signature-256"]!)).toBe(false);
  });

  it("shopify, linear, dropbox: the documented HMAC of the body, and their delivery ids", async () => {
    const cases: Array<[PresetName, string, "hex" | "base64", string?]> = [
      ["shopify", "X-Shopify-Hmac-Sha256", "base64", "X-Shopify-Webhook-Id"],
      ["linear", "Linear-Signature", "hex", "Linear-Delivery"],
      ["dropbox", "X-Dropbox-Signature", "hex"],
    ];
    for (const [name, header, encoding, idHeader] of cases) {
      const receiver = scheme(name, secret);
      const headers: Record<string, string> = {
        [header]: createHmac("sha256", secret).update(BODY).digest(encoding),
        ...(idHeader ? { [idHeader]: "delivery-1" } : {}),
      };
      expect(await verify(receiver, headers, BODY), name).toMatchObject({
        ok: true,
        ...(idHeader ? { deliveryId: "delivery-1" } : {}),
      });
      expect(reasonOf(await verify(receiver, headers, TAMPERED)), name).toBe("bad-signature");
      expect(reasonOf(await verify(scheme(name, "other"), headers, BODY)), name).toBe("bad-signature");
      expect((await receiver.sign({ body: BODY, id: "delivery-1" }))[header], name).toBe(headers[header]);
    }
  });
});

describe("stripe — stripe", () => {
  const secret = "whsec_test_secret";
  const stripe = new Stripe("sk_test_x");
  it("both ways; tampered and wrong secret refused", async () => {
    const receiver = scheme("stripe", secret);
    const header = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret });
    expect(await verify(receiver, { "Stripe-Signature": header }, BODY)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, { "Stripe-Signature": header }, TAMPERED))).toBe("bad-signature");
    const ours = await receiver.sign({ body: BODY });
    expect(stripe.webhooks.constructEvent(BODY, ours["Stripe-Signature"]!, secret)).toMatchObject({
      id: "ord_1",
    });
    expect(() => stripe.webhooks.constructEvent(TAMPERED, ours["Stripe-Signature"]!, secret)).toThrow();
    expect(() => stripe.webhooks.constructEvent(BODY, ours["Stripe-Signature"]!, "whsec_other")).toThrow();
  });
});

describe("keys in the formats providers hand out", () => {
  const keys = ed25519Keys();

  it("an Ed25519 public key as hex, base64, DER/SPKI base64, PEM and JWK verifies; private keys as PEM, JWK and seed sign", async () => {
    for (const signing of [keys.privatePem, keys.privateJwk, keys.seedBase64]) {
      const headers = await scheme("discord", signing).sign({ body: BODY });
      for (const format of [keys.hex, keys.base64, keys.spkiBase64, keys.pem, keys.jwk, keys.privateJwk]) {
        expect(await verify(scheme("discord", format), headers, BODY)).toMatchObject({ ok: true });
      }
    }
  });

  it("several keys at once (rotation): any of them verifies, the first signs", async () => {
    const next = ed25519Keys();
    const receiver = scheme("discord", [next.hex, keys.hex]);
    for (const signer of [keys, next]) {
      const headers = await scheme("discord", signer.privatePem).sign({ body: BODY });
      expect(await verify(receiver, headers, BODY)).toMatchObject({ ok: true });
    }
    const rotating = scheme("slack", ["new-secret", "old-secret"]);
    const old = await scheme("slack", "old-secret").sign({ body: BODY });
    expect(await verify(rotating, old, BODY)).toMatchObject({ ok: true });
    expect(await rotating.sign({ body: BODY, timestamp: 1 })).toEqual(
      await scheme("slack", "new-secret").sign({ body: BODY, timestamp: 1 }),
    );
  });

  it("key material never appears in an error", async () => {
    const privateKeyText = keys.privatePem;
    const bad = "not-a-key-but-very-secret-text";
    for (const secret of [bad, `{"kty":"OKP","d":"${bad}"}`]) {
      const error = await verify(
        scheme("discord", secret),
        { "X-Signature-Ed25519": "00".repeat(64), "X-Signature-Timestamp": String(NOW()) },
        BODY,
      ).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect(String((error as Error).message)).not.toContain(bad);
      expect(String((error as Error).message)).toMatch(/key 1 is not/);
    }
    const signError = await scheme("sendgrid", keys.pem)
      .sign({ body: BODY })
      .catch((e: Error) => e);
    expect(signError).toBeInstanceOf(Error);
    expect((signError as Error).message).not.toContain(keys.pem.split("\n")[1]!);
    const results = [
      await verify(
        scheme("discord", privateKeyText),
        { "X-Signature-Ed25519": "ab", "X-Signature-Timestamp": "1" },
        BODY,
      ),
      await verify(
        scheme("slack", "slack-secret-text"),
        { "X-Slack-Signature": "v0=00", "X-Slack-Request-Timestamp": "1" },
        BODY,
      ),
    ];
    for (const result of results) {
      const text = JSON.stringify(result);
      expect(text).not.toContain("slack-secret-text");
      expect(text).not.toContain(privateKeyText.split("\n")[1]!);
    }
  });
});

describe("secrets and private keys stay out of answers and logs", () => {
  it("a receiver reports refused deliveries and key errors without the secret or key", async () => {
    const { createReceiver } = await import("../src/webhooks/index.js");
    const { definition } = await import("./webhooks-fixtures.js");
    const secretText = "super-secret-slack-signing-text";
    const keys = ed25519Keys();
    const seen: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(" "));
    try {
      const cases: Array<[SignatureConfig, string, Record<string, string>]> = [
        ["slack", secretText, { "X-Slack-Signature": "v0=00", "X-Slack-Request-Timestamp": String(NOW()) }],
        // A private key where a public one is expected still works; a malformed key is a 500 with its position only.
        [
          "discord",
          keys.privatePem,
          { "X-Signature-Ed25519": "00".repeat(64), "X-Signature-Timestamp": String(NOW()) },
        ],
        [
          "discord",
          `garbage-${secretText}`,
          { "X-Signature-Ed25519": "00".repeat(64), "X-Signature-Timestamp": String(NOW()) },
        ],
      ];
      for (const [signature, secret, headers] of cases) {
        const receiver = createReceiver(definition, {
          signature,
          secret,
          handlers: {},
          onError: (error) => {
            seen.push(`${error.message} ${String((error.cause as Error | undefined)?.message)}`);
            console.warn(error);
          },
        });
        const answer = await receiver.handle({
          method: "POST",
          path: "/",
          headers: reader({ "content-type": "application/json", ...headers }),
          body: utf8(BODY),
        });
        seen.push(answer.body);
        expect([401, 500]).toContain(answer.status);
      }
    } finally {
      console.warn = warn;
    }
    const all = seen.join("\n");
    expect(all).toContain("key 1 is not");
    expect(all).not.toContain(secretText);
    expect(all).not.toContain(keys.privatePem.split("\n")[1]!);
  });
});

describe("the Node adapter's synchronous crypto gives Web Crypto's verdicts", () => {
  it("Ed25519 and ECDSA (DER and raw), valid and not; HMAC-SHA1", async () => {
    const { nodeVerify, nodeHmac } = await import("../src/node/crypto.js");
    const { importPublicKey, webCryptoVerify, webCryptoHmac } = await import("../src/webhooks/index.js");
    const data = utf8(BODY);
    const ed = ed25519Keys();
    const edKey = await importPublicKey(ed.base64, "ed25519", "test", 0);
    const edSig = new Uint8Array(nodeSign(null, data, ed.privateKey));
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ecKey = await importPublicKey(
      ec.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
      "ecdsa-p256",
      "test",
      0,
    );
    const der = new Uint8Array(nodeSign("sha256", data, ec.privateKey));
    const raw = new Uint8Array(nodeSign("sha256", data, { key: ec.privateKey, dsaEncoding: "ieee-p1363" }));
    const cases = [
      ["ed25519", edKey, edSig, data],
      ["ed25519", edKey, edSig, utf8(TAMPERED)],
      ["ecdsa-p256", ecKey, der, data],
      ["ecdsa-p256", ecKey, raw, data],
      ["ecdsa-p256", ecKey, der, utf8(TAMPERED)],
      ["ecdsa-p256", ecKey, new Uint8Array([1, 2, 3]), data],
    ] as const;
    for (const [algorithm, key, signature, content] of cases) {
      expect(nodeVerify(algorithm, key, signature, content)).toBe(
        await webCryptoVerify(algorithm, key, signature, content),
      );
    }
    expect(nodeVerify("ed25519", edKey, edSig, data)).toBe(true);
    const key = utf8("k");
    expect(Buffer.from(nodeHmac("SHA-1", key, [data]) as Uint8Array)).toEqual(
      Buffer.from(await webCryptoHmac("SHA-1", key, [data])),
    );
  });
});

describe("slack — @slack/bolt (isValidSlackRequest)", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";
  const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fwebbot&text=";
  const boltAccepts = (
    headers: Record<string, string>,
    text: string,
    key = secret,
    nowMilliseconds?: number,
  ) =>
    isValidSlackRequest({
      signingSecret: key,
      body: text,
      headers: {
        "x-slack-signature": headers["X-Slack-Signature"]!,
        "x-slack-request-timestamp": Number(headers["X-Slack-Request-Timestamp"]),
      },
      ...(nowMilliseconds !== undefined ? { nowMilliseconds } : {}),
      logger: {
        debug() {},
        info() {},
        warn() {},
        error() {},
        setLevel() {},
        getLevel() {},
        setName() {},
      } as never,
    });

  it("our signature passes Bolt's verifier; tampered, wrong secret and stale do not", async () => {
    const headers = await scheme("slack", secret).sign({ body });
    expect(boltAccepts(headers, body)).toBe(true);
    expect(boltAccepts(headers, `${body}x`)).toBe(false);
    expect(boltAccepts(headers, body, "other")).toBe(false);
    expect(boltAccepts(headers, body, secret, Date.now() + 3_600_000)).toBe(false);
  });
});

describe("stale deliveries are refused by the providers' libraries too", () => {
  const old = NOW() - 3600;

  it("stripe, telnyx and paddle refuse our signature an hour old; so do we", async () => {
    const stripeSecret = "whsec_test_secret";
    const stripeHeaders = await scheme("stripe", stripeSecret).sign({ body: BODY, timestamp: old });
    expect(() =>
      new Stripe("sk_test_x").webhooks.constructEvent(BODY, stripeHeaders["Stripe-Signature"]!, stripeSecret),
    ).toThrow(/tolerance/i);
    expect(reasonOf(await verify(scheme("stripe", stripeSecret), stripeHeaders, BODY))).toBe(
      "stale-timestamp",
    );

    const keys = ed25519Keys();
    const telnyxHeaders = await scheme("telnyx", keys.privatePem).sign({ body: BODY, timestamp: old });
    await expect(new TelnyxWebhook(keys.base64).verify(BODY, telnyxHeaders)).rejects.toThrow();
    expect(reasonOf(await verify(scheme("telnyx", keys.base64), telnyxHeaders, BODY))).toBe(
      "stale-timestamp",
    );

    const paddleHeaders = await scheme("paddle", "pdl_secret").sign({ body: BODY, timestamp: old });
    const paddle = new Paddle("pdl_sdbx_apikey_01example");
    expect(
      await paddle.webhooks.isSignatureValid(BODY, "pdl_secret", paddleHeaders["Paddle-Signature"]!),
    ).toBe(false);
    expect(reasonOf(await verify(scheme("paddle", "pdl_secret"), paddleHeaders, BODY))).toBe(
      "stale-timestamp",
    );
  });
});

describe("linear: webhookTimestamp (ms, inside the signed body) is the replay window", () => {
  it("a fresh delivery passes, an hour-old one is stale", async () => {
    const secret = "lin_wh_secret";
    const receiver = scheme("linear", secret);
    for (const [sent, expected] of [
      [Date.now(), "ok"],
      [Date.now() - 3_600_000, "stale-timestamp"],
    ] as const) {
      const body = JSON.stringify({ action: "create", type: "Issue", webhookTimestamp: sent });
      const headers = { "Linear-Signature": createHmac("sha256", secret).update(body).digest("hex") };
      expect(reasonOf(await verify(receiver, headers, body))).toBe(expected);
    }
  });

  it("the window holds for a payload over 64 KiB too (an issue with a long description)", async () => {
    const secret = "lin_wh_secret";
    const description = "x".repeat(70_000);
    const body = JSON.stringify({
      action: "update",
      data: { description },
      webhookTimestamp: Date.now() - 3_600_000,
    });
    const headers = { "Linear-Signature": createHmac("sha256", secret).update(body).digest("hex") };
    expect(reasonOf(await verify(scheme("linear", secret), headers, body))).toBe("stale-timestamp");
  });
});

describe("shopify — @shopify/shopify-api (webhooks.validate)", () => {
  const secret = "shpss_example_client_secret";
  const shopify = shopifyApi({
    apiSecretKey: secret,
    apiKey: "key",
    scopes: [],
    hostName: "example.com",
    apiVersion: ApiVersion.January25,
    isEmbeddedApp: false,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  const shopHeaders = {
    "x-shopify-topic": "orders/create",
    "x-shopify-api-version": "2025-01",
    "x-shopify-shop-domain": "example.myshopify.com",
    "content-type": "application/json",
  };
  const validate = (body: string, headers: Record<string, string>) =>
    shopify.webhooks.validate({
      rawBody: body,
      rawRequest: { headers: { ...shopHeaders, ...headers }, method: "POST", url: "/webhooks" } as never,
      rawResponse: {} as never,
    });

  it("both ways; tampered and wrong secret refused; X-Shopify-Webhook-Id is the delivery id", async () => {
    const ours = await scheme("shopify", secret).sign({ body: BODY, id: "wh_1" });
    const lowered = Object.fromEntries(Object.entries(ours).map(([k, v]) => [k.toLowerCase(), v]));
    expect(await validate(BODY, lowered)).toMatchObject({ valid: true, webhookId: "wh_1" });
    expect(await validate(TAMPERED, lowered)).toMatchObject({ valid: false });
    const wrong = await scheme("shopify", "other").sign({ body: BODY, id: "wh_1" });
    expect(
      await validate(BODY, {
        "x-shopify-hmac-sha256": wrong["X-Shopify-Hmac-Sha256"]!,
        "x-shopify-webhook-id": "wh_1",
      }),
    ).toMatchObject({
      valid: false,
    });
    const theirs = {
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(BODY).digest("base64"),
      "X-Shopify-Webhook-Id": "wh_2",
    };
    expect(
      await validate(BODY, {
        "x-shopify-hmac-sha256": theirs["X-Shopify-Hmac-Sha256"],
        "x-shopify-webhook-id": "wh_2",
      }),
    ).toMatchObject({ valid: true });
    expect(await verify(scheme("shopify", secret), theirs, BODY)).toMatchObject({
      ok: true,
      deliveryId: "wh_2",
    });
    expect(reasonOf(await verify(scheme("shopify", secret), theirs, TAMPERED))).toBe("bad-signature");
  });
});

describe("hubspot (v3: HMAC-SHA256 over method + URL + body + ms timestamp, base64) — @hubspot/api-client", () => {
  const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  const url = "https://example.com/hubspot/webhook?portal=62515";
  const receiver = scheme("hubspot", secret);
  const check = (
    headers: Record<string, string>,
    body: string,
    options: { url?: string; method?: string; nowMs?: number } = {},
  ) =>
    receiver.verify({
      headers: reader(headers),
      body: utf8(body),
      now: Math.floor((options.nowMs ?? Date.now()) / 1000),
      toleranceSeconds: 300,
      url: options.url ?? url,
      method: options.method ?? "POST",
    });

  it("both ways with Signature.isValid (v3); tampered body, URL, method, secret and a stale timestamp refused", async () => {
    const headers = await receiver.sign({ body: BODY, url });
    const timestamp = Number(headers["X-HubSpot-Request-Timestamp"]);
    expect(Math.abs(timestamp - Date.now())).toBeLessThan(60_000); // milliseconds, as HubSpot sends
    const theirs = (over: Record<string, unknown> = {}) =>
      HubSpotSignature.isValid({
        signatureVersion: "v3",
        signature: headers["X-HubSpot-Signature-v3"]!,
        clientSecret: secret,
        requestBody: BODY,
        url,
        method: "POST",
        timestamp,
        ...over,
      });
    expect(theirs()).toBe(true);
    expect(theirs({ requestBody: TAMPERED })).toBe(false);
    expect(theirs({ url: "https://example.com/other" })).toBe(false);

    const signed = HubSpotSignature.getSignature("POST", "v3", {
      signature: "",
      clientSecret: secret,
      requestBody: BODY,
      url,
      timestamp,
    });
    const h = { "X-HubSpot-Signature-v3": signed, "X-HubSpot-Request-Timestamp": String(timestamp) };
    expect(await check(h, BODY)).toMatchObject({ ok: true, timestamp: Math.floor(timestamp / 1000) });
    expect(reasonOf(await check(h, TAMPERED))).toBe("bad-signature");
    expect(reasonOf(await check(h, BODY, { url: "https://example.com/other" }))).toBe("bad-signature");
    expect(reasonOf(await check(h, BODY, { method: "PUT" }))).toBe("bad-signature");
    expect(
      reasonOf(
        await scheme("hubspot", "other").verify({
          headers: reader(h),
          body: utf8(BODY),
          now: NOW(),
          toleranceSeconds: 300,
          url,
          method: "POST",
        }),
      ),
    ).toBe("bad-signature");
    // Ten minutes later: HubSpot's own check and ours refuse it.
    expect(() => theirs({ timestamp: timestamp - 600_000 })).toThrow(/Timestamp is invalid/);
    expect(reasonOf(await check(h, BODY, { nowMs: timestamp + 600_000 }))).toBe("stale-timestamp");
    expect(reasonOf(await check({ ...h, "X-HubSpot-Request-Timestamp": "soon" }, BODY))).toBe(
      "malformed-signature",
    );
  });

  it("the URL as HubSpot signs it: the escapes its documentation lists decoded", async () => {
    const encoded = "https://example.com/hubspot%3Awebhook?next=%2Fa%2Fb%40c&q=%20x";
    const timestamp = Date.now();
    // HubSpot signs `:`, `/`, `@` decoded, and leaves other escapes (`%20`) as they are.
    const signed = HubSpotSignature.getSignature("POST", "v3", {
      signature: "",
      clientSecret: secret,
      requestBody: BODY,
      url: "https://example.com/hubspot:webhook?next=/a/b@c&q=%20x",
      timestamp,
    });
    const h = { "X-HubSpot-Signature-v3": signed, "X-HubSpot-Request-Timestamp": String(timestamp) };
    expect(await check(h, BODY, { url: encoded })).toMatchObject({ ok: true });
  });
});

describe("box (HMAC-SHA256 of body + BOX-DELIVERY-TIMESTAMP, primary and secondary keys) — box-node-sdk", () => {
  const primary = "SamplePrimaryKey0123456789abcdef";
  const secondary = "SampleSecondaryKey0123456789abcd";
  const lower = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  /** Box's own check: the SDK's WebhooksManager.validateMessage. */
  const theirs = (body: string, headers: Record<string, string>, keys: [string, string?]) =>
    BoxWebhooks.validateMessage(body, lower(headers), keys[0], keys[1] ? { secondaryKey: keys[1] } : {});

  it("our sender's deliveries pass Box's check with either key; tampered or re-keyed ones fail", async () => {
    const headers = await scheme("box", [primary, secondary]).sign({ body: BODY });
    expect(headers).toMatchObject({ "BOX-SIGNATURE-VERSION": "1", "BOX-SIGNATURE-ALGORITHM": "HmacSHA256" });
    expect(headers["BOX-DELIVERY-ID"]).toBeUndefined();
    expect(await theirs(BODY, headers, [primary, secondary])).toBe(true);
    // Rotating: a receiver that only has the secondary key still accepts.
    expect(await theirs(BODY, headers, ["retired", secondary])).toBe(true);
    expect(await theirs(TAMPERED, headers, [primary, secondary])).toBe(false);
    expect(await theirs(BODY, headers, ["a", "b"])).toBe(false);
  });

  it("Box's signatures pass ours, from either header, the escaped-JSON variant too", async () => {
    const body = JSON.stringify({
      type: "webhook_event",
      trigger: "FILE.UPLOADED",
      source: { name: "café/été.txt" },
    });
    const head = {
      "box-delivery-id": "f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f",
      "box-delivery-timestamp": new Date().toISOString().replace(/\.\d+Z$/, "+00:00"),
      "box-signature-version": "1",
      "box-signature-algorithm": "HmacSHA256",
    };
    const signed = {
      ...head,
      "box-signature-primary": (await boxSignature(body, head, primary)) as string,
      "box-signature-secondary": (await boxSignature(body, head, secondary)) as string,
    };
    expect(await theirs(body, signed, [primary, secondary])).toBe(true);
    const receiver = scheme("box", [primary, secondary]);
    expect(await verify(receiver, signed, body)).toMatchObject({
      ok: true,
      deliveryId: head["box-delivery-id"],
    });
    expect(await verify(scheme("box", ["retired", secondary]), signed, body)).toMatchObject({ ok: true });
    // Box may sign the body as its JSON encoder writes it (\u00e9, \/): accepted as Box accepts it.
    const escaped = {
      ...head,
      "box-signature-primary": (await boxSignature(body, head, primary, true)) as string,
    };
    expect(await theirs(body, escaped, [primary])).toBe(true);
    expect(await verify(scheme("box", primary), escaped, body)).toMatchObject({ ok: true });
    expect(reasonOf(await verify(receiver, signed, body.replace("FILE", "FOLDER")))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("box", "other"), signed, body))).toBe("bad-signature");
  });

  it("refuses a stale delivery, another signature version or algorithm, and a missing timestamp", async () => {
    const receiver = scheme("box", primary);
    const old = Math.floor(Date.now() / 1000) - 900;
    const stale = await receiver.sign({ body: BODY, timestamp: old });
    expect(await theirs(BODY, stale, [primary])).toBe(false);
    expect(reasonOf(await verify(receiver, stale, BODY))).toBe("stale-timestamp");
    const fresh = await receiver.sign({ body: BODY });
    expect(reasonOf(await verify(receiver, { ...fresh, "BOX-SIGNATURE-VERSION": "2" }, BODY))).toBe(
      "malformed-signature",
    );
    expect(await theirs(BODY, { ...fresh, "BOX-SIGNATURE-VERSION": "2" }, [primary])).toBe(false);
    const { "BOX-SIGNATURE-ALGORITHM": _algorithm, ...noAlgorithm } = fresh;
    expect(reasonOf(await verify(receiver, noAlgorithm, BODY))).toBe("malformed-signature");
    const { "BOX-DELIVERY-TIMESTAMP": _timestamp, ...noTimestamp } = fresh;
    expect(reasonOf(await verify(receiver, noTimestamp, BODY))).toBe("missing-signature");
  });
});

describe("gitlab (X-Gitlab-Token: the secret token itself)", () => {
  const receiver = scheme("gitlab", ["new-token", "old-token"]);

  it("accepts any configured token, refuses another or none; Idempotency-Key is the delivery id", async () => {
    expect(await verify(receiver, { "X-Gitlab-Token": "old-token", "Idempotency-Key": "k-1" }, BODY)).toEqual(
      {
        ok: true,
        deliveryId: "k-1",
      },
    );
    expect(await verify(receiver, { "X-Gitlab-Token": "new-token" }, BODY)).toEqual({ ok: true });
    expect(reasonOf(await verify(receiver, { "X-Gitlab-Token": "new-token!" }, BODY))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, { "X-Gitlab-Token": "" }, BODY))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, {}, BODY))).toBe("missing-signature");
    // Webhooks triggered by other webhooks share X-Gitlab-Event-UUID: it is no delivery id.
    expect(
      await verify(receiver, { "X-Gitlab-Token": "new-token", "X-Gitlab-Event-UUID": "u-1" }, BODY),
    ).toEqual({
      ok: true,
    });
  });

  it("the sender sends the first token and the message id as GitLab does", async () => {
    expect(await receiver.sign({ body: BODY, id: "msg_1" })).toEqual({
      "X-Gitlab-Token": "new-token",
      "Idempotency-Key": "msg_1",
    });
  });
});

describe("twitch (EventSub: HMAC-SHA256 over message id + RFC 3339 timestamp + body, sha256=hex)", () => {
  const secret = "s3cRe7-twitch-eventsub";
  const receiver = scheme("twitch", secret);
  const signedTheTwitchWay = (body: string, id: string, timestamp: string, key = secret) => ({
    "Twitch-Eventsub-Message-Id": id,
    "Twitch-Eventsub-Message-Timestamp": timestamp,
    "Twitch-Eventsub-Message-Type": "notification",
    "Twitch-Eventsub-Message-Signature": `sha256=${createHmac("sha256", key)
      .update(id + timestamp + body)
      .digest("hex")}`,
  });

  it("a delivery signed as Twitch documents it (nanosecond timestamps) is accepted; its message id is the delivery id", async () => {
    const sent = new Date().toISOString().replace(/\.(\d{3})Z$/, ".$1456789Z");
    const h = signedTheTwitchWay(BODY, "befa7b53-d79d-478f-86b9-120f112b044e", sent);
    expect(await verify(receiver, h, BODY)).toEqual({
      ok: true,
      deliveryId: "befa7b53-d79d-478f-86b9-120f112b044e",
      timestamp: Math.floor(Date.parse(sent) / 1000),
    });
    expect(reasonOf(await verify(receiver, h, TAMPERED))).toBe("bad-signature");
    expect(reasonOf(await verify(scheme("twitch", "other"), h, BODY))).toBe("bad-signature");
    // The id is signed: another id with the same signature fails.
    expect(reasonOf(await verify(receiver, { ...h, "Twitch-Eventsub-Message-Id": "other" }, BODY))).toBe(
      "bad-signature",
    );
    const { "Twitch-Eventsub-Message-Id": _id, ...withoutId } = h;
    expect(reasonOf(await verify(receiver, withoutId, BODY))).toBe("missing-signature");
    // Twitch asks receivers to refuse messages older than 10 minutes; the window is the receiver's.
    const old = new Date(Date.now() - 11 * 60_000).toISOString();
    expect(reasonOf(await verify(receiver, signedTheTwitchWay(BODY, "m-2", old), BODY))).toBe(
      "stale-timestamp",
    );
    const unix = String(Math.floor(Date.now() / 1000));
    expect(reasonOf(await verify(receiver, signedTheTwitchWay(BODY, "m-3", unix), BODY))).toBe(
      "malformed-signature",
    );
  });

  it("our sender's headers are what Twitch sends: checked with the documented algorithm", async () => {
    const headers = await receiver.sign({ body: BODY, id: "msg-1" });
    const timestamp = headers["Twitch-Eventsub-Message-Timestamp"]!;
    expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(headers["Twitch-Eventsub-Message-Id"]).toBe("msg-1");
    expect(headers["Twitch-Eventsub-Message-Type"]).toBe("notification");
    expect(headers["Twitch-Eventsub-Message-Signature"]).toBe(
      signedTheTwitchWay(BODY, "msg-1", timestamp)["Twitch-Eventsub-Message-Signature"],
    );
    // Without an id, one is made: Twitch signs one on every message.
    const made = await receiver.sign({ body: BODY });
    expect(made["Twitch-Eventsub-Message-Id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verify(receiver, made, BODY)).toMatchObject({ ok: true });
  });
});

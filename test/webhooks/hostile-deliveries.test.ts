/**
 * Every signature preset against a seeded table of hostile deliveries: headers each scheme reads,
 * filled with junk; bodies that are not JSON, or JSON with the fields the schemes look into given
 * the wrong types (a signature object that is a number, notification items that are null, a
 * certificate URL that is not a URL...). Verification must refuse each one with a reason, and
 * never throw: a throw is a 5xx, which makes the provider retry what can never pass. The
 * certificate schemes (AWS SNS, PayPal) may only throw for a certificate they fetched, and they
 * must fetch none here (none of these URLs is on their hosts).
 */
import { generateKeyPairSync } from "node:crypto";
import { type HandshakeInput, PRESET_NAMES, resolveSignatureScheme } from "@contract/runtime/webhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const SCHEMES = ["standard-webhooks", "github", "stripe", ...PRESET_NAMES];
const ed25519 = generateKeyPairSync("ed25519").publicKey.export({ format: "der", type: "spki" }).subarray(12);
const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({
  format: "der",
  type: "spki",
});
/** A key of the kind each scheme verifies with. */
const SECRETS: Record<string, string> = {
  "standard-webhooks": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  discord: ed25519.toString("hex"),
  telnyx: ed25519.toString("base64"),
  sendgrid: p256.toString("base64"),
  "aws-sns": "arn:aws:sns:us-east-1:123456789012:orders",
  // Credentials: a token that got as far as its key would be fetched, which this test forbids.
  plaid: "5e8a7b1c2d3f4a0012345678:0123456789abcdef0123456789abcd",
  // Likewise Google's keys, which a token that got as far as its signature would need.
  "google-pubsub": "push-invoker@my-project.iam.gserviceaccount.com",
  "basic-auth": "hooks:00112233445566778899aabbccddeeff",
};
const secretOf = (name: string) => SECRETS[name] ?? "00112233445566778899aabbccddeeff";

// The certificate schemes must fetch nothing (no URL here is on their hosts), nor Plaid's or Google's keys.
const fetched: string[] = [];
beforeAll(() => {
  vi.stubGlobal("fetch", async (url: unknown) => {
    fetched.push(String(url));
    throw new Error("no network in this test");
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** Mulberry32: the same junk on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Header names the presets read (signatures, timestamps, ids, certificate URLs). */
const HEADERS = [
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
  "x-hub-signature-256",
  "x-hub-signature",
  "stripe-signature",
  "x-slack-signature",
  "x-slack-request-timestamp",
  "x-zm-signature",
  "x-zm-request-timestamp",
  "paddle-signature",
  "x-shopify-hmac-sha256",
  "linear-signature",
  "x-dropbox-signature",
  "x-signature-ed25519",
  "x-signature-timestamp",
  "telnyx-signature-ed25519",
  "telnyx-timestamp",
  "x-twilio-email-event-webhook-signature",
  "x-twilio-email-event-webhook-timestamp",
  "x-twilio-signature",
  "x-twilio-webhooks-signature-settings",
  "x-square-hmacsha256-signature",
  "x-gitlab-token",
  "x-hubspot-signature-v3",
  "x-hubspot-request-timestamp",
  "twitch-eventsub-message-signature",
  "twitch-eventsub-message-timestamp",
  "twitch-eventsub-message-id",
  "box-signature-primary",
  "box-signature-secondary",
  "box-delivery-timestamp",
  "box-signature-version",
  "box-signature-algorithm",
  "authorization",
  "hmacsignature",
  "workos-signature",
  "calendly-webhook-signature",
  "x-zendesk-webhook-signature",
  "x-zendesk-webhook-signature-timestamp",
  "typeform-signature",
  "sentry-hook-signature",
  "x-xero-signature",
  "x-trello-webhook",
  "x-mandrill-signature",
  "paypal-transmission-sig",
  "paypal-transmission-id",
  "paypal-transmission-time",
  "paypal-cert-url",
  "paypal-auth-algo",
  "x-hook-signature",
  "x-contentful-signature",
  "x-contentful-signed-headers",
  "x-contentful-timestamp",
  "x-notion-signature",
  "plaid-verification",
  "x-docusign-signature-1",
  "x-docusign-signature-2",
  "x-twitter-webhooks-signature",
  "x-line-signature",
  "x-telegram-bot-api-secret-token",
  "x-wc-webhook-signature",
  "x-wc-webhook-delivery-id",
  "x-razorpay-signature",
  "x-razorpay-event-id",
  "x-pagerduty-signature",
  "x-paystack-signature",
  "x-signature",
  "x-request-id",
  "circleci-signature",
  "x-vercel-signature",
  "x-airtable-content-mac",
  "x-frameio-signature",
  "x-frameio-request-timestamp",
  "x-cio-signature",
  "x-cio-timestamp",
  "x-spark-signature",
  "x-helpscout-signature",
  "x-goog-channel-token",
  "x-goog-channel-id",
  "x-goog-message-number",
  "x-goog-resource-state",
];

const JUNK = [
  "",
  " ",
  "=",
  ",",
  ";",
  "t=",
  "v1=",
  "t=1,v1=",
  "sha256=",
  "sha1=zz",
  "v0=",
  "ts=;h1=",
  "%%%",
  "null",
  "0",
  "-1",
  "99999999999999999999",
  "1e309",
  "NaN",
  "2026-13-45T99:99:99Z",
  "\u0000",
  "é",
  "a".repeat(5000),
  "http://x",
  "https://",
  "ftp://sns.us-east-1.amazonaws.com/a.pem",
  "arn:aws:sns:x",
  "AAAA",
  "=====",
  "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
];

/** Values for the fields schemes read from bodies: every JSON type, and junk strings. */
function junkValue(next: () => number, depth = 0): unknown {
  const pick = Math.floor(next() * (depth > 1 ? 6 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(next() * 2 ** 40) - 2 ** 39;
    case 2:
      return next() < 0.5;
    case 3:
    case 4:
    case 5:
      return JUNK[Math.floor(next() * JUNK.length)];
    case 6:
      return Array.from({ length: Math.floor(next() * 3) }, () => junkValue(next, depth + 1));
    default:
      return Object.fromEntries(
        FIELDS.slice(0, 1 + Math.floor(next() * 6)).map((field) => [field, junkValue(next, depth + 1)]),
      );
  }
}

/** Body fields the presets look into. */
const FIELDS = [
  "signature",
  "event-data",
  "notificationItems",
  "NotificationRequestItem",
  "additionalData",
  "hmacSignature",
  "amount",
  "value",
  "clientState",
  "events",
  "Type",
  "Signature",
  "SigningCertURL",
  "SignatureVersion",
  "TopicArn",
  "MessageId",
  "Message",
  "Timestamp",
  "SubscribeURL",
  "Token",
  "webhookTimestamp",
  "type",
  "challenge",
  "payload",
  "plainToken",
  "event",
  "id",
  "eventId",
  "verification_token",
  "update_id",
];

/** Request URLs, some with a handshake's query (X's `crc_token`, as text and as JSON). */
const URLS = [
  "https://receiver.example/hooks?x=1",
  "https://receiver.example/hooks?crc_token=abc",
  "https://receiver.example/hooks?data.id=123&type=payment",
  "https://receiver.example/hooks?crc_token=%7B%22a%22%3A1%7D",
];

function junkBody(next: () => number): string {
  const kind = next();
  if (kind < 0.15) return JUNK[Math.floor(next() * JUNK.length)] ?? "";
  if (kind < 0.25) return JSON.stringify(junkValue(next));
  // An object with the fields schemes read, shuffled into place.
  const body: Record<string, unknown> = {};
  for (const field of FIELDS) if (next() < 0.3) body[field] = junkValue(next);
  return JSON.stringify(body);
}

describe("every preset refuses hostile deliveries without throwing", () => {
  it.each(SCHEMES)("%s", async (name) => {
    const scheme = resolveSignatureScheme(name as never, secretOf(name));
    const next = random([...name].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7));
    for (let i = 0; i < 300; i++) {
      const headers: Record<string, string> = {};
      for (const header of HEADERS)
        if (next() < 0.35) headers[header] = JUNK[Math.floor(next() * JUNK.length)] ?? "";
      const body = new TextEncoder().encode(junkBody(next));
      const url = next() < 0.8 ? URLS[Math.floor(next() * URLS.length)] : undefined;
      const input = {
        headers: (h: string) => headers[h],
        body,
        now: 1_765_000_000,
        toleranceSeconds: 300,
        method: "POST",
        ...(url ? { url } : {}),
      };
      const label = `${name} #${i}: ${JSON.stringify(headers).slice(0, 200)} ${new TextDecoder().decode(body).slice(0, 200)}`;
      const result = await scheme.verify(input).catch((error: Error) => ({ threw: error.message }));
      expect(result, label).toMatchObject({ ok: false });
      const handshake: HandshakeInput = {
        method: next() < 0.5 ? "GET" : "POST",
        headers: input.headers,
        body,
        ...(url ? { url } : {}),
      };
      // Handshakes answer or pass; they never throw either (an unsigned one may well be answered).
      await scheme.unsignedHandshake?.(handshake);
    }
    expect(fetched).toEqual([]);
  });
});

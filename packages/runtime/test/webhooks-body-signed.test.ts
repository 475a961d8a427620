/**
 * Schemes that sign inside the body (Mailgun, Adyen) and Microsoft Graph's clientState, which a
 * sender writes into the body: checked both ways against the providers' libraries where one
 * exists (`mailgun-js`' validateWebhook, `@adyen/api-library`'s HmacValidator), then end to end,
 * sender → receiver over HTTP on 127.0.0.1.
 */
import { createHmac } from "node:crypto";
import { hmacValidator as HmacValidator } from "@adyen/api-library";
import mailgun from "mailgun-js";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import {
  mailgunSignature,
  resolveSignatureScheme,
  type SignatureConfig,
  signDelivery,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const NOW = () => Math.floor(Date.now() / 1000);
const scheme = (config: SignatureConfig, secrets: string | string[]) =>
  resolveSignatureScheme(config, secrets);

function verify(
  config: SignatureConfig,
  secrets: string | string[],
  body: string,
  headers: Record<string, string> = {},
  now = NOW(),
): Promise<VerifyResult> {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return scheme(config, secrets).verify({
    headers: (name) => lower[name],
    body: new TextEncoder().encode(body),
    now,
    toleranceSeconds: 300,
  });
}
const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);

// ---------------------------------------------------------------------------------------------
// Mailgun

const MAILGUN_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
const event = (id = "CPgfbmQMTCKtHW6uIWtuVe", extra: Record<string, unknown> = {}) => ({
  "event-data": {
    event: "delivered",
    id,
    timestamp: 1529006854.329574,
    recipient: "alice@example.com",
    ...extra,
  },
});

/** Signs the documented way (Mailgun's "Securing webhooks"): hex HMAC-SHA256 of timestamp + token. */
function mailgunSigned(
  payload: object,
  key = MAILGUN_KEY,
  timestamp = NOW(),
  token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0",
) {
  const signature = createHmac("sha256", key).update(`${timestamp}${token}`).digest("hex");
  return JSON.stringify({ signature: { timestamp: String(timestamp), token, signature }, ...payload });
}

/** mailgun-js' validateWebhook, one client per check (it remembers every token it accepted). */
function mailgunAccepts(body: string, key = MAILGUN_KEY): boolean {
  const { signature } = JSON.parse(body) as {
    signature: { timestamp: string; token: string; signature: string };
  };
  const client = mailgun({ apiKey: key, domain: "mg.example.com", mute: true });
  return client.validateWebhook(signature.timestamp, signature.token, signature.signature);
}

describe("mailgun (signature object in the body: HMAC-SHA256 of timestamp + token) — mailgun-js", () => {
  it("what our sender signs passes mailgun-js; the event and its place in the body are kept", async () => {
    const signed = await signDelivery(scheme("mailgun", MAILGUN_KEY), { body: JSON.stringify(event()) });
    expect(signed.headers).toEqual({});
    const body = signed.body as string;
    expect(mailgunAccepts(body)).toBe(true);
    expect(mailgunAccepts(body, "key-another")).toBe(false);
    const parsed = JSON.parse(body);
    expect(parsed["event-data"]).toEqual(event()["event-data"]);
    expect(parsed.signature.token).toMatch(/^[0-9a-f]{50}$/);
    expect(reasonOf(await verify("mailgun", MAILGUN_KEY, body))).toBe("ok");
  });

  it("a placeholder signature in the payload is replaced, not duplicated", async () => {
    const placeholder = JSON.stringify({
      signature: { timestamp: "0", token: "t", signature: "00" },
      ...event(),
    });
    const signed = await signDelivery(scheme("mailgun", MAILGUN_KEY), { body: placeholder });
    expect(Object.keys(JSON.parse(signed.body as string))).toEqual(["signature", "event-data"]);
    expect(mailgunAccepts(signed.body as string)).toBe(true);
  });

  it("what is signed the documented way passes ours, with event-data.id as the delivery id", async () => {
    const body = mailgunSigned(event("evt_42"));
    expect(mailgunAccepts(body)).toBe(true);
    expect(await verify("mailgun", MAILGUN_KEY, body)).toMatchObject({ ok: true, deliveryId: "evt_42" });
    // During rotation every key verifies.
    expect(reasonOf(await verify("mailgun", ["key-new", MAILGUN_KEY], mailgunSigned(event())))).toBe("ok");
  });

  it("another key, a stale timestamp, no signature or a malformed one are refused", async () => {
    const other = mailgunSigned(event(), "key-another");
    expect(mailgunAccepts(other)).toBe(false);
    expect(reasonOf(await verify("mailgun", MAILGUN_KEY, other))).toBe("bad-signature");
    const stale = mailgunSigned(event(), MAILGUN_KEY, NOW() - 3600);
    expect(mailgunAccepts(stale)).toBe(false);
    expect(reasonOf(await verify("mailgun", MAILGUN_KEY, stale))).toBe("stale-timestamp");
    expect(reasonOf(await verify("mailgun", MAILGUN_KEY, JSON.stringify(event())))).toBe("missing-signature");
    expect(reasonOf(await verify("mailgun", MAILGUN_KEY, "not json"))).toBe("missing-signature");
    const malformed = JSON.parse(mailgunSigned(event()));
    for (const broken of [
      { ...malformed.signature, timestamp: "soon" },
      { ...malformed.signature, signature: "not hex" },
      { ...malformed.signature, token: 7 },
      "sig",
    ]) {
      const body = JSON.stringify({ ...malformed, signature: broken });
      expect(reasonOf(await verify("mailgun", MAILGUN_KEY, body)), JSON.stringify(broken)).toBe(
        "malformed-signature",
      );
    }
  });

  it("a token seen with another body is a replayed signature; the same body again is the same delivery", async () => {
    const receiverScheme = scheme("mailgun", MAILGUN_KEY);
    const check = (body: string) =>
      receiverScheme.verify({
        headers: () => undefined,
        body: new TextEncoder().encode(body),
        now: NOW(),
        toleranceSeconds: 300,
      });
    const original = mailgunSigned(event("evt_1"));
    expect(reasonOf(await check(original))).toBe("ok");
    expect(reasonOf(await check(original))).toBe("ok");
    // The signature covers no event field: the same signature object over a forged event.
    const forged = JSON.stringify({
      ...JSON.parse(original),
      "event-data": { event: "complained", id: "evt_2" },
    });
    expect(mailgunAccepts(forged)).toBe(true);
    expect(await check(forged)).toMatchObject({ ok: false, reason: "bad-signature" });
    expect((await check(forged)) as { message: string }).toMatchObject({ message: /already used/ });
  });

  it("the tokens remembered are bounded, the oldest forgotten first", async () => {
    const small = mailgunSignature({ secrets: MAILGUN_KEY, maxRememberedTokens: 2 });
    const check = (body: string) =>
      small.verify({
        headers: () => undefined,
        body: new TextEncoder().encode(body),
        now: NOW(),
        toleranceSeconds: 300,
      });
    const first = mailgunSigned(event("evt_1"), MAILGUN_KEY, NOW(), "token-1");
    const forgedFirst = JSON.stringify({ ...JSON.parse(first), "event-data": { id: "evt_forged" } });
    expect(reasonOf(await check(first))).toBe("ok");
    expect(reasonOf(await check(forgedFirst))).toBe("bad-signature");
    expect(reasonOf(await check(mailgunSigned(event("evt_2"), MAILGUN_KEY, NOW(), "token-2")))).toBe("ok");
    expect(reasonOf(await check(mailgunSigned(event("evt_3"), MAILGUN_KEY, NOW(), "token-3")))).toBe("ok");
    // token-1 was the oldest of three: forgotten.
    expect(reasonOf(await check(forgedFirst))).toBe("ok");
  });

  it("a token is forgotten once its signature is out of the window anyway", async () => {
    const receiverScheme = scheme("mailgun", MAILGUN_KEY);
    const at = NOW();
    const original = mailgunSigned(event("evt_1"), MAILGUN_KEY, at, "token-window");
    const forged = JSON.stringify({ ...JSON.parse(original), "event-data": { id: "evt_forged" } });
    const check = (body: string, now: number) =>
      receiverScheme.verify({
        headers: () => undefined,
        body: new TextEncoder().encode(body),
        now,
        toleranceSeconds: 300,
      });
    expect(reasonOf(await check(original, at))).toBe("ok");
    expect(reasonOf(await check(forged, at + 299))).toBe("bad-signature");
    expect(reasonOf(await check(forged, at + 301))).toBe("stale-timestamp");
  });
});

// ---------------------------------------------------------------------------------------------
// Adyen

const ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const ADYEN_OTHER_KEY = "0011223344556677889900AABBCCDDEEFF00112233445566778899AABBCCDDEE";

function adyenItem(psp = "7914073381342284", extra: Record<string, unknown> = {}) {
  return {
    additionalData: { authCode: "58747" },
    amount: { currency: "EUR", value: 1130 },
    eventCode: "AUTHORISATION",
    eventDate: "2026-12-07T12:00:00+01:00",
    merchantAccountCode: "YOUR_MERCHANT_ACCOUNT",
    merchantReference: "TestPayment-1407325143704",
    paymentMethod: "visa",
    pspReference: psp,
    reason: "58747:1111:12/2012",
    success: "true",
    ...extra,
  };
}
const notification = (...items: object[]) => ({
  live: "false",
  notificationItems: items.map((NotificationRequestItem) => ({ NotificationRequestItem })),
});
const validator = new HmacValidator();

/** Signs each item the way Adyen's library computes it. */
function adyenSigned(payload: ReturnType<typeof notification>, key = ADYEN_KEY): string {
  const copy = structuredClone(payload);
  for (const { NotificationRequestItem: item } of copy.notificationItems) {
    const withData = item as { additionalData?: Record<string, string> };
    withData.additionalData = {
      ...withData.additionalData,
      hmacSignature: validator.calculateHmac(item as never, key),
    };
  }
  return JSON.stringify(copy);
}

const itemsOf = (body: string) =>
  (JSON.parse(body) as ReturnType<typeof notification>).notificationItems.map(
    (i) => i.NotificationRequestItem,
  );

describe("adyen (hmacSignature per notification item; HmacSignature header otherwise) — @adyen/api-library", () => {
  it("what our sender signs passes HmacValidator.validateHMAC, item by item", async () => {
    const payload = notification(adyenItem("1"), adyenItem("2", { eventCode: "CAPTURE", success: "false" }));
    const signed = await signDelivery(scheme("adyen", ADYEN_KEY), { body: JSON.stringify(payload) });
    expect(signed.headers).toEqual({});
    for (const item of itemsOf(signed.body as string)) {
      expect(validator.validateHMAC(item as never, ADYEN_KEY)).toBe(true);
      expect(validator.validateHMAC(item as never, ADYEN_OTHER_KEY)).toBe(false);
      expect((item as { additionalData: { authCode: string } }).additionalData.authCode).toBe("58747");
    }
    expect(await verify("adyen", ADYEN_KEY, signed.body as string)).toMatchObject({
      ok: true,
      deliveryId: "1:AUTHORISATION:true,2:CAPTURE:false",
    });
  });

  it("what Adyen's library signs passes ours; another key or a changed signed field fails both", async () => {
    const body = adyenSigned(notification(adyenItem()));
    expect(reasonOf(await verify("adyen", ADYEN_KEY, body))).toBe("ok");
    expect(reasonOf(await verify("adyen", [ADYEN_OTHER_KEY, ADYEN_KEY], body))).toBe("ok");
    expect(reasonOf(await verify("adyen", ADYEN_OTHER_KEY, body))).toBe("bad-signature");
    const changed = body.replace('"value":1130', '"value":1');
    expect(validator.validateHMAC(itemsOf(changed)[0] as never, ADYEN_KEY)).toBe(false);
    expect(reasonOf(await verify("adyen", ADYEN_KEY, changed))).toBe("bad-signature");
    // A field outside the signed ones passes both: the same verdict as Adyen's library.
    const reason = body.replace("58747:1111:12/2012", "changed");
    expect(validator.validateHMAC(itemsOf(reason)[0] as never, ADYEN_KEY)).toBe(true);
    expect(reasonOf(await verify("adyen", ADYEN_KEY, reason))).toBe("ok");
    // Absent fields (originalReference here) are signed as empty, as the library does.
    const refund = adyenSigned(
      notification(adyenItem("9", { eventCode: "REFUND", originalReference: "7914" })),
    );
    expect(reasonOf(await verify("adyen", ADYEN_KEY, refund))).toBe("ok");
  });

  it("an item without hmacSignature, or a body that is no notification and has no header, is unsigned", async () => {
    const signed = JSON.parse(adyenSigned(notification(adyenItem("1"))));
    const unsigned = notification(adyenItem("2"));
    const mixed = {
      ...signed,
      notificationItems: [...signed.notificationItems, ...unsigned.notificationItems],
    };
    expect(reasonOf(await verify("adyen", ADYEN_KEY, JSON.stringify(mixed)))).toBe("missing-signature");
    expect(
      reasonOf(
        await verify("adyen", ADYEN_KEY, JSON.stringify({ type: "balancePlatform.accountHolder.created" })),
      ),
    ).toBe("missing-signature");
  });

  it("other webhooks: the body's HMAC in HmacSignature, checked by validateHMACSignature", async () => {
    const body = JSON.stringify({ type: "balancePlatform.accountHolder.created", data: { id: "AH1" } });
    const signed = await signDelivery(scheme("adyen", ADYEN_KEY), { body });
    expect(signed.body).toBe(body);
    const header = signed.headers.HmacSignature as string;
    expect(validator.validateHMACSignature(ADYEN_KEY, header, body)).toBe(true);
    expect(reasonOf(await verify("adyen", ADYEN_KEY, body, signed.headers))).toBe("ok");
    const theirs = createHmac("sha256", Buffer.from(ADYEN_KEY, "hex")).update(body).digest("base64");
    expect(reasonOf(await verify("adyen", ADYEN_KEY, body, { HmacSignature: theirs }))).toBe("ok");
    expect(reasonOf(await verify("adyen", ADYEN_KEY, `${body} `, { HmacSignature: theirs }))).toBe(
      "bad-signature",
    );
    expect(validator.validateHMACSignature(ADYEN_KEY, theirs, `${body} `)).toBe(false);
  });

  it("a key that is not hex is refused when the scheme is built", () => {
    expect(() => scheme("adyen", "not a hex key")).toThrow(/hex/);
  });
});

// ---------------------------------------------------------------------------------------------
// Microsoft Graph

describe("microsoft-graph: a sender writes clientState; large notifications verify", () => {
  it("our sender writes the clientState into every notification, which our receiver accepts", async () => {
    const body = JSON.stringify({
      value: [{ subscriptionId: "s1" }, { subscriptionId: "s2", clientState: "old" }],
    });
    const signed = await signDelivery(scheme("microsoft-graph", "state-secret"), { body });
    const items = (JSON.parse(signed.body as string) as { value: Array<{ clientState: string }> }).value;
    expect(items.map((i) => i.clientState)).toEqual(["state-secret", "state-secret"]);
    expect(reasonOf(await verify("microsoft-graph", "state-secret", signed.body as string))).toBe("ok");
    expect(reasonOf(await verify("microsoft-graph", "other", signed.body as string))).toBe("bad-signature");
  });

  it("a notification batch over 64 KiB (rich notifications carry resource data) is verified, not refused", async () => {
    const resourceData = "x".repeat(40_000);
    const body = JSON.stringify({
      value: [
        { subscriptionId: "s1", clientState: "state-secret", encryptedContent: { data: resourceData } },
        { subscriptionId: "s2", clientState: "state-secret", encryptedContent: { data: resourceData } },
      ],
    });
    expect(body.length).toBeGreaterThan(65_536);
    expect(reasonOf(await verify("microsoft-graph", "state-secret", body))).toBe("ok");
    const forged = body.replaceAll("state-secret", "guess");
    expect(reasonOf(await verify("microsoft-graph", "state-secret", forged))).toBe("bad-signature");
  });
});

// ---------------------------------------------------------------------------------------------
// End to end

afterEach(closeReceivers);

describe("sender → receiver over HTTP, signed inside the body", () => {
  it("mailgun: a retried event (a new token each attempt) is handled once, by event-data.id", async () => {
    const { url, handled } = await serveReceiver("event", "mailgun", MAILGUN_KEY);
    const sender = createWebhookSender<{ event: unknown }>(oneWebhook("event", "mailgun"), {
      secret: MAILGUN_KEY,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const first = await sender.send("event", event("evt_retry"));
    const again = await sender.send("event", event("evt_retry"));
    expect(first).toMatchObject({ ok: true, status: 200 });
    expect(again).toMatchObject({ ok: true, status: 200 });
    const bodies = [first, again].map((r) => JSON.parse(r.attempts[0]?.request.body ?? "{}"));
    expect(bodies[0].signature.token).not.toBe(bodies[1].signature.token);
    expect(mailgunAccepts(first.attempts[0]?.request.body ?? "")).toBe(true);
    expect(handled.map((h) => h.id)).toEqual(["evt_retry"]);
  });

  it("adyen: a notification our sender signs is handled once, redelivered or not", async () => {
    const { url, handled } = await serveReceiver("event", "adyen", ADYEN_KEY);
    const sender = createWebhookSender<{ event: unknown }>(oneWebhook("event", "adyen"), {
      secret: ADYEN_KEY,
      endpoints: url,
      allowPrivateTargets: true,
    });
    const payload = notification(adyenItem("8815"));
    expect(await sender.send("event", payload)).toMatchObject({ ok: true, status: 200 });
    expect(await sender.send("event", payload)).toMatchObject({ ok: true, status: 200 });
    expect(handled.map((h) => h.id)).toEqual(["8815:AUTHORISATION:true"]);
  });
});

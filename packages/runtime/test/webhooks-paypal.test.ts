/**
 * PayPal webhooks verified offline, as PayPal documents it: SHA256withRSA over
 * `transmission id|time|webhook id|crc32(body)`, with the certificate at PAYPAL-CERT-URL. No
 * library signs or verifies this offline (PayPal's SDKs call its API), so deliveries are signed
 * here with node:crypto and zlib's CRC-32, independently of the runtime, with the test
 * certificate of the SNS tests.
 */
import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 as zlibCrc32 } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import {
  crc32,
  paypalSignature,
  type SignatureScheme,
  signDelivery,
  type UrlReader,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/aws-sns/${name}`, import.meta.url), "utf8");
const KEY = fixture("signing-key.pem");
const CERTIFICATE = fixture("certificate.pem");
const WEBHOOK_ID = "1JE4291016473214C";
const CERT_URL = "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77";
const BODY = JSON.stringify({
  id: "WH-2WR32451HC0233532-67976317FL4543714",
  event_type: "PAYMENT.CAPTURE.COMPLETED",
  resource: { id: "42311647XV020574X", amount: { currency_code: "EUR", value: "12.30" }, note: "Zoë" },
});
const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);

function reader() {
  const read: string[] = [];
  const readUrl: UrlReader = async (url) => {
    read.push(url);
    return url === CERT_URL
      ? { status: 200, text: async () => CERTIFICATE }
      : { status: 404, text: async () => "" };
  };
  return { read, readUrl };
}

/** Headers as PayPal sends them, signed as its documentation says. */
function paypalHeaders(body: string, options: { webhookId?: string; certUrl?: string; id?: string } = {}) {
  const id = options.id ?? "b2384410-f8d2-11ec-a4b8-1d5b4f5b8a2e";
  const time = "2026-12-07T12:00:00Z";
  const data = `${id}|${time}|${options.webhookId ?? WEBHOOK_ID}|${zlibCrc32(Buffer.from(body))}`;
  return {
    "paypal-transmission-id": id,
    "paypal-transmission-time": time,
    "paypal-transmission-sig": createSign("RSA-SHA256").update(data).sign(KEY, "base64"),
    "paypal-cert-url": options.certUrl ?? CERT_URL,
    "paypal-auth-algo": "SHA256withRSA",
  };
}

const verify = (scheme: SignatureScheme, body: string, headers: Record<string, string>) =>
  scheme.verify({
    headers: (name) => headers[name],
    body: new TextEncoder().encode(body),
    now: Date.now() / 1000,
    toleranceSeconds: 300,
  });

describe("paypal (SHA256withRSA over id|time|webhook id|crc32, certificate from PAYPAL-CERT-URL)", () => {
  it("CRC-32 is zlib's, on text and bytes alike", () => {
    for (const text of ["", "a", BODY, "\u{1F600}".repeat(100)])
      expect(crc32(new TextEncoder().encode(text)), text).toBe(zlibCrc32(Buffer.from(text)));
  });

  it("a delivery signed as PayPal documents it passes; the certificate is fetched once", async () => {
    const { read, readUrl } = reader();
    const receiver = paypalSignature({ secrets: WEBHOOK_ID, readUrl });
    expect(await verify(receiver, BODY, paypalHeaders(BODY))).toEqual({ ok: true });
    expect(reasonOf(await verify(receiver, BODY, paypalHeaders(BODY, { id: "another" })))).toBe("ok");
    expect(read).toEqual([CERT_URL]);
    expect(receiver.payloadDeliveryIdField).toBe("id");
  });

  it("a changed body, another webhook's delivery, a header missing or malformed are refused", async () => {
    const { readUrl } = reader();
    const receiver = paypalSignature({ secrets: WEBHOOK_ID, readUrl });
    const headers = paypalHeaders(BODY);
    expect(reasonOf(await verify(receiver, BODY.replace("12.30", "1.30"), headers))).toBe("bad-signature");
    expect(reasonOf(await verify(receiver, BODY, paypalHeaders(BODY, { webhookId: "9XY" })))).toBe(
      "bad-signature",
    );
    // Every configured webhook ID verifies.
    expect(
      reasonOf(await verify(paypalSignature({ secrets: ["9XY", WEBHOOK_ID], readUrl }), BODY, headers)),
    ).toBe("ok");
    const { "paypal-transmission-sig": _, ...unsigned } = headers;
    expect(reasonOf(await verify(receiver, BODY, unsigned))).toBe("missing-signature");
    const { "paypal-transmission-time": __, ...noTime } = headers;
    expect(reasonOf(await verify(receiver, BODY, noTime))).toBe("malformed-signature");
    expect(reasonOf(await verify(receiver, BODY, { ...headers, "paypal-auth-algo": "SHA1withRSA" }))).toBe(
      "malformed-signature",
    );
    expect(reasonOf(await verify(receiver, BODY, { ...headers, "paypal-transmission-sig": "%%" }))).toBe(
      "malformed-signature",
    );
  });

  it("a certificate URL off PayPal's API hosts is refused without being fetched", async () => {
    const { read, readUrl } = reader();
    const receiver = paypalSignature({ secrets: WEBHOOK_ID, readUrl });
    for (const certUrl of [
      "https://evil.example.com/v1/notifications/certs/CERT-1",
      "http://api.paypal.com/v1/notifications/certs/CERT-1",
      "https://api.paypal.com.evil.example.com/certs/CERT-1",
      "https://www.paypal.com/certs/CERT-1",
    ]) {
      const result = await verify(receiver, BODY, paypalHeaders(BODY, { certUrl }));
      expect(result, certUrl).toMatchObject({
        ok: false,
        reason: "bad-signature",
        message: /PAYPAL-CERT-URL/,
      });
    }
    expect(read).toEqual([]);
    // The sandbox's is PayPal's too.
    const sandbox = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-2";
    const sandboxReader: UrlReader = async () => ({ status: 200, text: async () => CERTIFICATE });
    const onSandbox = paypalSignature({ secrets: WEBHOOK_ID, readUrl: sandboxReader });
    expect(reasonOf(await verify(onSandbox, BODY, paypalHeaders(BODY, { certUrl: sandbox })))).toBe("ok");
  });

  it("what our sender signs is what PayPal's documentation verifies", async () => {
    const sender = paypalSignature({ secrets: [KEY, WEBHOOK_ID], certificateUrl: CERT_URL });
    const { headers } = await signDelivery(sender, { body: BODY, id: "tx-1" });
    expect(headers).toMatchObject({
      "PAYPAL-TRANSMISSION-ID": "tx-1",
      "PAYPAL-CERT-URL": CERT_URL,
      "PAYPAL-AUTH-ALGO": "SHA256withRSA",
    });
    const { createVerify } = await import("node:crypto");
    const data = `tx-1|${headers["PAYPAL-TRANSMISSION-TIME"]}|${WEBHOOK_ID}|${zlibCrc32(Buffer.from(BODY))}`;
    expect(
      createVerify("RSA-SHA256")
        .update(data)
        .verify(CERTIFICATE, headers["PAYPAL-TRANSMISSION-SIG"] ?? "", "base64"),
    ).toBe(true);
    await expect(
      signDelivery(paypalSignature({ secrets: [KEY, WEBHOOK_ID] }), { body: BODY }),
    ).rejects.toThrow(/certificateUrl/);
    expect(() => paypalSignature({ secrets: [KEY] })).toThrow(/webhook ID/);
  });
});

afterEach(closeReceivers);

describe("paypal through the receiver", () => {
  it("our sender → our receiver: handled once by the event id, a 5xx while the certificate cannot be read", async () => {
    let certificateUp = false;
    const readUrl: UrlReader = async () =>
      certificateUp ? { status: 200, text: async () => CERTIFICATE } : { status: 503, text: async () => "" };
    const { url, handled } = await serveReceiver(
      "capture",
      paypalSignature({ secrets: WEBHOOK_ID, readUrl }),
    );
    const sender = createWebhookSender<{ capture: unknown }>(oneWebhook("capture", "paypal"), {
      secret: KEY,
      signature: paypalSignature({ secrets: [KEY, WEBHOOK_ID], certificateUrl: CERT_URL }),
      endpoints: url,
      allowPrivateTargets: true,
      retry: { limit: 0 },
    });
    const payload = JSON.parse(BODY);
    const down = await sender.send("capture", payload);
    expect(down.status).toBeGreaterThanOrEqual(500);
    certificateUp = true;
    expect(await sender.send("capture", payload)).toMatchObject({ ok: true, status: 200 });
    expect(await sender.send("capture", payload)).toMatchObject({ ok: true, status: 200 });
    expect(handled.map((h) => h.id)).toEqual([payload.id]);
  });
});

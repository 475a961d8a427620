/**
 * AWS SNS HTTP(S) subscriptions: messages our sender signs pass AWS's own validator
 * (`sns-validator`, which fetches the certificate over HTTPS: served here on 127.0.0.1 with a test
 * certificate); messages signed as AWS documents it (node:crypto) pass ours; the certificate URL,
 * topic and signature are each checked before anything runs; the subscription handshake is
 * answered by visiting SubscribeURL; and deliveries reach handlers once, by MessageId.
 */
import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer as createHttpsServer, globalAgent } from "node:https";
import type { AddressInfo } from "node:net";
import MessageValidator from "sns-validator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import {
  awsSnsSignature,
  type SignatureScheme,
  signDelivery,
  snsStringToSign,
  type UrlReader,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/aws-sns/${name}`, import.meta.url), "utf8");
const KEY = fixture("signing-key.pem");
const CERTIFICATE = fixture("certificate.pem");
const TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
const CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem";
const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);

/** A reader that serves the test certificate at CERT_URL and records every URL read. */
function reader(answers: Record<string, { status: number; body: string }> = {}) {
  const read: string[] = [];
  const readUrl: UrlReader = async (url) => {
    read.push(url);
    const answer =
      answers[url] ?? (url === CERT_URL ? { status: 200, body: CERTIFICATE } : { status: 404, body: "" });
    return { status: answer.status, text: async () => answer.body };
  };
  return { read, readUrl };
}

const notification = (extra: Record<string, string> = {}) => ({
  Type: "Notification",
  MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  TopicArn: TOPIC,
  Subject: "Order paid",
  Message: JSON.stringify({ type: "order.paid", id: "ord_1" }),
  Timestamp: "2026-12-07T12:00:00.000Z",
  UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x",
  ...extra,
});

/** Signs a message the way AWS documents it, with node:crypto. */
function awsSigned(message: Record<string, string>, version: "1" | "2" = "2", certUrl = CERT_URL): string {
  const full: Record<string, string> = { ...message, SignatureVersion: version, SigningCertURL: certUrl };
  const fields =
    full.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
  for (const field of fields) if (field in full) signer.update(`${field}\n${full[field]}\n`);
  return JSON.stringify({ ...full, Signature: signer.sign(KEY, "base64") });
}

async function verify(scheme: SignatureScheme, body: string): Promise<VerifyResult> {
  return scheme.verify({
    headers: () => undefined,
    body: new TextEncoder().encode(body),
    now: Date.now() / 1000,
    toleranceSeconds: 300,
  });
}

describe("aws-sns: messages our sender signs pass AWS's sns-validator", () => {
  let server: Server;
  let certUrl: string;
  let previousCa: unknown;
  beforeAll(async () => {
    server = createHttpsServer({ key: KEY, cert: CERTIFICATE }, (_req, res) =>
      res.writeHead(200).end(CERTIFICATE),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    certUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/SimpleNotificationService-test.pem`;
    // sns-validator fetches with https.get: trust the test certificate there.
    previousCa = globalAgent.options.ca;
    globalAgent.options.ca = CERTIFICATE;
  });
  afterAll(async () => {
    globalAgent.options.ca = previousCa as string;
    await new Promise((resolve) => server.close(resolve));
  });
  const validate = (body: string) =>
    new Promise<string>((resolve) =>
      new MessageValidator(/^127\.0\.0\.1:\d+$/).validate(body, (error) =>
        resolve(error ? error.message : "valid"),
      ),
    );

  it.each(["1", "2"] as const)(
    "SignatureVersion %s: valid; a changed Message is refused",
    async (signatureVersion) => {
      const sender = awsSnsSignature({ secrets: [KEY, TOPIC], certificateUrl: certUrl, signatureVersion });
      const signed = await signDelivery(sender, { body: JSON.stringify(notification()) });
      const body = signed.body as string;
      expect(JSON.parse(body)).toMatchObject({ SignatureVersion: signatureVersion, SigningCertURL: certUrl });
      expect(await validate(body)).toBe("valid");
      const changed = JSON.stringify({ ...JSON.parse(body), Message: "{}" });
      expect(await validate(changed)).toBe("The message signature is invalid.");
      expect(signed.headers).toEqual({
        "x-amz-sns-message-type": "Notification",
        "x-amz-sns-message-id": notification().MessageId,
        "x-amz-sns-topic-arn": TOPIC,
      });
    },
  );

  it("a subscription confirmation (Token and SubscribeURL signed too)", async () => {
    const sender = awsSnsSignature({ secrets: [KEY, TOPIC], certificateUrl: certUrl });
    const confirmation = {
      Type: "SubscriptionConfirmation",
      MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
      Token:
        "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
      TopicArn: TOPIC,
      Message:
        "You have chosen to subscribe to the topic. To confirm the subscription, visit the SubscribeURL included in this message.",
      SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=y",
      Timestamp: "2026-12-07T12:00:00.000Z",
    };
    const body = (await signDelivery(sender, { body: JSON.stringify(confirmation) })).body as string;
    expect(await validate(body)).toBe("valid");
    expect(await validate(JSON.stringify({ ...JSON.parse(body), Token: "other" }))).toBe(
      "The message signature is invalid.",
    );
  });
});

describe("aws-sns: what AWS signs passes ours; everything else is refused before a handler runs", () => {
  it.each(["1", "2"] as const)(
    "SignatureVersion %s signed as AWS documents it: valid, MessageId is the delivery id",
    async (version) => {
      const { read, readUrl } = reader();
      const receiver = awsSnsSignature({ secrets: TOPIC, readUrl });
      expect(await verify(receiver, awsSigned(notification(), version))).toEqual({
        ok: true,
        deliveryId: notification().MessageId,
      });
      // The certificate is fetched once, then kept.
      expect(await verify(receiver, awsSigned(notification({ MessageId: "m2" }), version))).toMatchObject({
        ok: true,
      });
      expect(read).toEqual([CERT_URL]);
    },
  );

  it("the string to sign is AWS's: what sns-validator and the documentation sign", () => {
    expect(snsStringToSign({ ...notification(), Extra: "x" })).toBe(
      `Message\n${notification().Message}\nMessageId\n${notification().MessageId}\nSubject\nOrder paid\nTimestamp\n2026-12-07T12:00:00.000Z\nTopicArn\n${TOPIC}\nType\nNotification\n`,
    );
  });

  it("a changed field, another topic, a missing or malformed signature are refused", async () => {
    const { readUrl } = reader();
    const receiver = awsSnsSignature({ secrets: TOPIC, readUrl });
    const signed = JSON.parse(awsSigned(notification()));
    const send = (message: object) => verify(receiver, JSON.stringify(message));
    expect(reasonOf(await send({ ...signed, Message: "forged" }))).toBe("bad-signature");
    expect(reasonOf(await send({ ...signed, Subject: "other" }))).toBe("bad-signature");
    const otherTopic = JSON.parse(
      awsSigned(notification({ TopicArn: "arn:aws:sns:us-east-1:999999999999:theirs" })),
    );
    expect(await send(otherTopic)).toMatchObject({
      ok: false,
      reason: "bad-signature",
      message: /not a topic this receiver accepts/,
    });
    const { Signature: _, ...unsigned } = signed;
    expect(reasonOf(await send(unsigned))).toBe("missing-signature");
    expect(reasonOf(await send({ ...signed, SignatureVersion: "3" }))).toBe("malformed-signature");
    expect(reasonOf(await send({ ...signed, Signature: "%%%" }))).toBe("malformed-signature");
    const { MessageId: __, ...noId } = signed;
    expect(reasonOf(await send(noId))).toBe("malformed-signature");
    expect(reasonOf(await verify(receiver, "not json"))).toBe("missing-signature");
  });

  it("a certificate URL that is not SNS's is refused without being fetched", async () => {
    const { read, readUrl } = reader();
    const receiver = awsSnsSignature({ secrets: TOPIC, readUrl });
    for (const url of [
      "https://evil.example.com/SimpleNotificationService-x.pem",
      "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem",
      "https://sns.us-east-1.amazonaws.com.evil.example.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com/cert.txt",
      "https://user@sns.us-east-1.amazonaws.com/cert.pem",
      "not a url",
    ]) {
      const result = await verify(receiver, awsSigned(notification(), "2", url));
      expect(result, url).toMatchObject({ ok: false, reason: "bad-signature", message: /SigningCertURL/ });
    }
    expect(read).toEqual([]);
  });

  it("a certificate that cannot be read throws (a 5xx: SNS retries), and is fetched again next time", async () => {
    let fail = true;
    const readUrl: UrlReader = async () =>
      fail ? { status: 503, text: async () => "" } : { status: 200, text: async () => CERTIFICATE };
    const receiver = awsSnsSignature({ secrets: TOPIC, readUrl });
    await expect(verify(receiver, awsSigned(notification()))).rejects.toThrow(/answered 503/);
    fail = false;
    expect(reasonOf(await verify(receiver, awsSigned(notification())))).toBe("ok");
    const garbage = awsSnsSignature({
      secrets: TOPIC,
      readUrl: async () => ({ status: 200, text: async () => "<html>" }),
    });
    await expect(verify(garbage, awsSigned(notification()))).rejects.toThrow(/no X.509 certificate/);
  });

  it("a receiver needs the topics it accepts; a sender needs a PKCS#8 key and a certificate URL", async () => {
    expect(() => awsSnsSignature({ secrets: "not-an-arn" })).toThrow(/topic ARNs/);
    await expect(
      signDelivery(awsSnsSignature({ secrets: TOPIC }), { body: JSON.stringify(notification()) }),
    ).rejects.toThrow(/certificateUrl/);
    const pkcs1 = awsSnsSignature({
      secrets: ["-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"],
      certificateUrl: CERT_URL,
    });
    await expect(signDelivery(pkcs1, { body: JSON.stringify(notification()) })).rejects.toThrow(/PKCS#8/);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the receiver, over HTTP

afterEach(closeReceivers);
const definition = oneWebhook("order", "aws-sns");

const post = (url: string, body: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "text/plain; charset=UTF-8" }, body });

describe("aws-sns through the receiver", () => {
  it("a notification sent as text/plain reaches its handler once, however often SNS delivers it", async () => {
    const { url, handled } = await serveReceiver(
      "order",
      awsSnsSignature({ secrets: TOPIC, readUrl: reader().readUrl }),
    );
    const body = awsSigned(notification());
    expect((await post(url, body)).status).toBe(200);
    expect((await post(url, body)).status).toBe(200);
    expect(handled).toEqual([{ id: notification().MessageId, payload: JSON.parse(body) }]);
    expect((await post(url, body.replace("ord_1", "ord_2"))).status).toBe(401);
    expect(handled).toHaveLength(1);
  });

  it("a certificate that cannot be fetched answers 5xx, so SNS delivers the message again", async () => {
    const down: UrlReader = async () => {
      throw new TypeError("fetch failed");
    };
    const { url, errors, handled } = await serveReceiver(
      "order",
      awsSnsSignature({ secrets: TOPIC, readUrl: down }),
    );
    const answer = await post(url, awsSigned(notification()));
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("SubscriptionConfirmation: SubscribeURL is visited once the message verifies; no handler runs", async () => {
    const subscribe = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=abc";
    const { read, readUrl } = reader({
      [subscribe]: { status: 200, body: "<ConfirmSubscriptionResponse/>" },
    });
    const { url, handled } = await serveReceiver("order", awsSnsSignature({ secrets: TOPIC, readUrl }));
    const confirmation = {
      Type: "SubscriptionConfirmation",
      MessageId: "c1",
      Token: "abc",
      TopicArn: TOPIC,
      Message: "You have chosen to subscribe to the topic.",
      SubscribeURL: subscribe,
      Timestamp: "2026-12-07T12:00:00.000Z",
    };
    const answer = await post(url, awsSigned(confirmation));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("subscription confirmed");
    expect(read).toEqual([CERT_URL, subscribe]);
    // Unsigned, or for a SubscribeURL elsewhere: nothing is visited.
    expect((await post(url, JSON.stringify(confirmation))).status).toBe(401);
    const elsewhere = awsSigned({ ...confirmation, SubscribeURL: "https://evil.example.com/confirm" });
    expect((await post(url, elsewhere)).status).toBe(400);
    expect(read).toEqual([CERT_URL, subscribe]);
    // Unsubscribing is acknowledged.
    expect((await post(url, awsSigned({ ...confirmation, Type: "UnsubscribeConfirmation" }))).status).toBe(
      200,
    );
    expect(handled).toEqual([]);
  });

  it("with confirmSubscriptions false the confirmation is acknowledged, not visited", async () => {
    const { read, readUrl } = reader();
    const { url } = await serveReceiver(
      "order",
      awsSnsSignature({ secrets: TOPIC, readUrl, confirmSubscriptions: false }),
    );
    const confirmation = {
      Type: "SubscriptionConfirmation",
      MessageId: "c2",
      Token: "t",
      TopicArn: TOPIC,
      Message: "m",
      SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
      Timestamp: "2026-12-07T12:00:00.000Z",
    };
    expect((await post(url, awsSigned(confirmation))).status).toBe(200);
    expect(read).toEqual([CERT_URL]);
  });

  it("our sender → our receiver: signed per attempt, handled once", async () => {
    const { url, handled } = await serveReceiver(
      "order",
      awsSnsSignature({ secrets: TOPIC, readUrl: reader().readUrl }),
    );
    const sender = createWebhookSender<{ order: unknown }>(definition, {
      secret: KEY,
      signature: awsSnsSignature({ secrets: [KEY, TOPIC], certificateUrl: CERT_URL }),
      endpoints: url,
      allowPrivateTargets: true,
    });
    const { Type: _, MessageId: __, ...payload } = notification();
    const result = await sender.send("order", payload, { id: "sent-1" });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(handled.map((h) => h.id)).toEqual(["sent-1"]);
  });
});

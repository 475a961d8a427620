/**
 * Amazon SNS HTTP(S) subscriptions. The body is the signed message (sent as `text/plain`, read as
 * JSON): `Signature` is RSA over `key\nvalue\n` of its signed fields (SHA-1 for `SignatureVersion`
 * 1, SHA-256 for 2), with the key of the X.509 certificate at `SigningCertURL`, which must be an
 * HTTPS `.pem` on an SNS host (`sns.<region>.amazonaws.com`, or `.amazonaws.com.cn`): the URL, not
 * the certificate's contents, is what makes it AWS's, as in AWS's own validators. Certificates are
 * fetched once and kept; a fetch that fails throws, so the delivery gets a 5xx and SNS retries it.
 *
 * What you configure (`secrets`) is the topic ARNs whose messages are accepted: any AWS account
 * can subscribe an endpoint to its own topic, and AWS signs that topic's messages too. A sender
 * (tests, `trigger`, `verify`) adds a PKCS#8 private key in PEM, and `certificateUrl` for the
 * messages' `SigningCertURL`.
 *
 * `SubscriptionConfirmation` is answered by visiting its `SubscribeURL` (on an SNS host, once the
 * message verifies); `UnsubscribeConfirmation` is acknowledged. `MessageId` is the delivery id,
 * the same on every retry. No timestamp window: SNS retries a message for up to hours with its
 * first signature; de-duplication by `MessageId` is what stops a replay.
 */
import { fromBase64, toBase64, utf8 } from "../bytes.js";
import { certificateStore, defaultReadUrl, rsaPrivateKey, type UrlReader } from "./certificates.js";
import {
  bodyText,
  fail,
  jsonObject,
  jsonObjectOfText,
  type SignatureScheme,
  type SignInput,
  secretList,
  textReply,
  type VerifyResult,
} from "./types.js";

export interface AwsSnsOptions {
  /** Topic ARNs whose messages are accepted; for a sender, also its PKCS#8 private key (PEM). */
  secrets: string | readonly string[];
  /** Sender: the `SigningCertURL` written into the messages it signs. */
  certificateUrl?: string;
  /** Sender: the `SignatureVersion` it writes, `"1"` (RSA-SHA1) or `"2"` (RSA-SHA256, default). */
  signatureVersion?: "1" | "2";
  /** Confirm subscriptions by visiting `SubscribeURL` (default true). */
  confirmSubscriptions?: boolean;
  /** Hosts certificates and `SubscribeURL`s may be on (default: SNS's own). */
  trustedHost?: RegExp;
  /** How certificates and `SubscribeURL`s are read (default `fetch`, 10 s timeout). */
  readUrl?: UrlReader;
}

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const TYPES = new Set(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]);
const CONFIRMATIONS = new Set(["SubscriptionConfirmation", "UnsubscribeConfirmation"]);
/** The signed fields, in AWS's order; `Subject` only when present. */
const SIGNED_NOTIFICATION = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"];
const SIGNED_CONFIRMATION = [
  "Message",
  "MessageId",
  "SubscribeURL",
  "Timestamp",
  "Token",
  "TopicArn",
  "Type",
];
const REQUIRED = [
  "Message",
  "MessageId",
  "Timestamp",
  "TopicArn",
  "Type",
  "SigningCertURL",
  "SignatureVersion",
];

type Message = Record<string, unknown>;

const hashOf = (version: string) => (version === "1" ? "SHA-1" : "SHA-256");

/** What AWS signs: each signed field present, as `name\nvalue\n`. */
export function snsStringToSign(message: Message): string {
  const fields = CONFIRMATIONS.has(String(message.Type)) ? SIGNED_CONFIRMATION : SIGNED_NOTIFICATION;
  let text = "";
  for (const field of fields) {
    const value = message[field];
    if (typeof value === "string") text += `${field}\n${value}\n`;
  }
  return text;
}

export function awsSnsSignature(options: AwsSnsOptions): SignatureScheme {
  const entries = secretList(options.secrets, "aws-sns");
  const topics = new Set(entries.filter((entry) => entry.startsWith("arn:")));
  const privateKeyPem = entries.find((entry) => entry.includes("PRIVATE KEY-----"));
  if (topics.size === 0 && privateKeyPem === undefined)
    throw new TypeError(
      "aws-sns: secrets must name the topic ARNs to accept (arn:aws:sns:…), or hold the sender's private key",
    );
  const trustedHost = options.trustedHost ?? SNS_HOST;
  const readUrl = options.readUrl ?? defaultReadUrl;
  const version = options.signatureVersion ?? "2";

  const certificates = certificateStore({ name: "aws-sns", trustedHost, readUrl });
  // The message verify read, for the handshake that follows it on the same body (not parsed twice).
  const verified = new WeakMap<Uint8Array, Message>();

  let signingKey: Promise<CryptoKey> | undefined;
  const privateKey = () => {
    signingKey ??= rsaPrivateKey("aws-sns", privateKeyPem, hashOf(version));
    return signingKey;
  };

  return {
    name: "aws-sns",
    async verify(input): Promise<VerifyResult> {
      const message = jsonObject(input.body, Number.POSITIVE_INFINITY);
      if (!message) return fail("missing-signature", "expected an SNS message: a JSON object");
      if (typeof message.Signature !== "string")
        return fail("missing-signature", "the message has no Signature");
      const required = CONFIRMATIONS.has(String(message.Type))
        ? [...REQUIRED, "SubscribeURL", "Token"]
        : REQUIRED;
      const absent = required.filter((field) => typeof message[field] !== "string");
      if (absent.length > 0) return fail("malformed-signature", `the message lacks ${absent.join(", ")}`);
      if (!TYPES.has(message.Type as string))
        return fail("malformed-signature", `Type ${JSON.stringify(message.Type)} is not an SNS message type`);
      const signatureVersion = message.SignatureVersion as string;
      if (signatureVersion !== "1" && signatureVersion !== "2")
        return fail(
          "malformed-signature",
          `SignatureVersion ${JSON.stringify(signatureVersion)} is not 1 or 2`,
        );
      const signature = fromBase64(message.Signature);
      if (!signature || signature.length === 0) return fail("malformed-signature", "Signature is not base64");
      if (!topics.has(message.TopicArn as string))
        return fail(
          "bad-signature",
          `TopicArn ${JSON.stringify(message.TopicArn)} is not a topic this receiver accepts`,
        );
      const certificateUrl = message.SigningCertURL as string;
      // Checked before anything is fetched: the URL is what makes the certificate AWS's.
      if (!certificates.trustedUrl(certificateUrl, { pem: true }))
        return fail(
          "bad-signature",
          `SigningCertURL ${JSON.stringify(certificateUrl)} is not an SNS certificate URL`,
        );
      const key = await certificates.publicKey(certificateUrl, hashOf(signatureVersion));
      const valid = await crypto.subtle.verify(
        "RSASSA-PKCS1-v1_5",
        key,
        signature as Uint8Array<ArrayBuffer>,
        utf8(snsStringToSign(message)) as Uint8Array<ArrayBuffer>,
      );
      if (!valid) return fail("bad-signature", "Signature does not match the message");
      verified.set(input.body, message);
      return { ok: true, deliveryId: message.MessageId as string };
    },
    async signedHandshake(input) {
      const message = verified.get(input.body) ?? jsonObject(input.body, Number.POSITIVE_INFINITY);
      if (message?.Type === "UnsubscribeConfirmation") return textReply(200, "");
      if (message?.Type !== "SubscriptionConfirmation") return undefined;
      if (options.confirmSubscriptions === false) return textReply(200, "");
      const subscribe = certificates.trustedUrl(String(message.SubscribeURL));
      if (!subscribe) return textReply(400, "SubscribeURL is not on an SNS host");
      const answer = await readUrl(subscribe.toString());
      // 503: the subscription stays pending, and the confirmation can be delivered again.
      return answer.status >= 200 && answer.status < 300
        ? textReply(200, "subscription confirmed")
        : textReply(503, `SubscribeURL answered ${answer.status}`);
    },
    async signBody(input: SignInput): Promise<string> {
      const text = bodyText(input.body);
      const message = jsonObjectOfText(text);
      if (!message) throw new TypeError("aws-sns: the payload must be an SNS message, a JSON object");
      if (options.certificateUrl === undefined)
        throw new TypeError("aws-sns: signing needs certificateUrl, the SigningCertURL of the messages");
      const filled: Message = {
        Type: "Notification",
        MessageId: input.id ?? crypto.randomUUID(),
        TopicArn: [...topics][0],
        Timestamp: new Date((input.timestamp ?? Date.now() / 1000) * 1000).toISOString(),
        ...message,
        SignatureVersion: version,
        SigningCertURL: options.certificateUrl,
      };
      const signed = await crypto.subtle.sign(
        "RSASSA-PKCS1-v1_5",
        await privateKey(),
        utf8(snsStringToSign(filled)) as Uint8Array<ArrayBuffer>,
      );
      filled.Signature = toBase64(new Uint8Array(signed));
      return JSON.stringify(filled);
    },
    async sign(input) {
      // The headers SNS sends with each message, read from the signed body.
      const text = bodyText(input.body);
      const message = jsonObjectOfText(text) ?? {};
      const headers: Record<string, string> = {};
      if (typeof message.Type === "string") headers["x-amz-sns-message-type"] = message.Type;
      if (typeof message.MessageId === "string") headers["x-amz-sns-message-id"] = message.MessageId;
      if (typeof message.TopicArn === "string") headers["x-amz-sns-topic-arn"] = message.TopicArn;
      return headers;
    },
    // SNS sends its JSON as text/plain.
    bodyMediaType: "application/json",
  };
}

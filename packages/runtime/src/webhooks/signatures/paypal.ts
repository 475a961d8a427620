/**
 * PayPal REST webhooks, verified offline as PayPal documents it (no call to its
 * verify-webhook-signature API): `PAYPAL-TRANSMISSION-SIG` is SHA256withRSA, base64, over
 * `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the body, decimal>`, with the
 * certificate at `PAYPAL-CERT-URL`, which must be HTTPS on PayPal's API hosts (checked before
 * anything is fetched; fetched once and kept; a failed fetch throws, so the delivery gets a 5xx and
 * PayPal retries it).
 *
 * What you configure (`secrets`) is the ID of the webhook as PayPal lists it: it is signed in, so
 * a delivery PayPal made for another webhook (another app's) does not verify. A sender (tests,
 * `trigger`, `verify`) adds a PKCS#8 private key in PEM, and `certificateUrl`. The event's `id`
 * is the delivery id, the same on every retry. No timestamp window is applied, as in PayPal's own
 * verification: de-duplication by event id stops a replay.
 */
import { fromBase64, toBase64, utf8 } from "../bytes.js";
import { certificateStore, defaultReadUrl, rsaPrivateKey, type UrlReader } from "./certificates.js";
import {
  bodyBytes,
  fail,
  type SignatureScheme,
  type SignInput,
  secretList,
  type VerifyResult,
} from "./types.js";

export interface PaypalOptions {
  /** Webhook IDs whose deliveries are accepted; for a sender, also its PKCS#8 private key (PEM). */
  secrets: string | readonly string[];
  /** Sender: the `PAYPAL-CERT-URL` it sends. */
  certificateUrl?: string;
  /** Hosts certificates may be on (default: PayPal's API hosts, live and sandbox). */
  trustedHost?: RegExp;
  /** How certificates are read (default `fetch`, 10 s timeout). */
  readUrl?: UrlReader;
}

const PAYPAL_HOST = /^api(-m)?\.(sandbox\.)?paypal\.com$/;
const ALGORITHM = "SHA256withRSA";

/** CRC-32 (IEEE, as zlib and PayPal compute it) of `bytes`, unsigned. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function paypalSignature(options: PaypalOptions): SignatureScheme {
  const entries = secretList(options.secrets, "paypal");
  const privateKeyPem = entries.find((entry) => entry.includes("PRIVATE KEY-----"));
  const webhookIds = entries.filter((entry) => entry !== privateKeyPem);
  if (webhookIds.length === 0)
    throw new TypeError("paypal: secrets must name the webhook ID PayPal signs deliveries for");
  const certificates = certificateStore({
    name: "paypal",
    trustedHost: options.trustedHost ?? PAYPAL_HOST,
    readUrl: options.readUrl ?? defaultReadUrl,
  });
  let signingKey: Promise<CryptoKey> | undefined;
  const signed = (id: string, time: string, webhookId: string, body: Uint8Array) =>
    utf8(`${id}|${time}|${webhookId}|${crc32(body)}`) as Uint8Array<ArrayBuffer>;

  return {
    name: "paypal",
    payloadDeliveryIdField: "id",
    async verify(input): Promise<VerifyResult> {
      const sent = input.headers("paypal-transmission-sig");
      if (sent === undefined) return fail("missing-signature", "expected header PAYPAL-TRANSMISSION-SIG");
      const id = input.headers("paypal-transmission-id");
      const time = input.headers("paypal-transmission-time");
      const certificateUrl = input.headers("paypal-cert-url");
      const absent = [
        ["PAYPAL-TRANSMISSION-ID", id],
        ["PAYPAL-TRANSMISSION-TIME", time],
        ["PAYPAL-CERT-URL", certificateUrl],
      ].filter(([, value]) => !value);
      if (absent.length > 0)
        return fail("malformed-signature", `expected header ${absent.map(([name]) => name).join(", ")}`);
      const algorithm = input.headers("paypal-auth-algo") ?? ALGORITHM;
      if (algorithm !== ALGORITHM)
        return fail(
          "malformed-signature",
          `PAYPAL-AUTH-ALGO ${JSON.stringify(algorithm)} is not ${ALGORITHM}`,
        );
      const signature = fromBase64(sent.trim());
      if (!signature || signature.length === 0)
        return fail("malformed-signature", "PAYPAL-TRANSMISSION-SIG is not base64");
      // Checked before anything is fetched: the URL is what makes the certificate PayPal's.
      if (!certificates.trustedUrl(certificateUrl!))
        return fail(
          "bad-signature",
          `PAYPAL-CERT-URL ${JSON.stringify(certificateUrl)} is not on a PayPal API host`,
        );
      const key = await certificates.publicKey(certificateUrl!, "SHA-256");
      // Every webhook ID is tried (no early exit), so timing does not tell which matched.
      let matched = false;
      for (const webhookId of webhookIds) {
        const data = signed(id!, time!, webhookId, input.body);
        matched =
          (await crypto.subtle.verify(
            "RSASSA-PKCS1-v1_5",
            key,
            signature as Uint8Array<ArrayBuffer>,
            data,
          )) || matched;
      }
      return matched
        ? { ok: true }
        : fail("bad-signature", "PAYPAL-TRANSMISSION-SIG does not match the delivery and webhook ID");
    },
    async sign(input: SignInput): Promise<Record<string, string>> {
      if (options.certificateUrl === undefined)
        throw new TypeError("paypal: signing needs certificateUrl, the PAYPAL-CERT-URL it sends");
      signingKey ??= rsaPrivateKey("paypal", privateKeyPem, "SHA-256");
      const body = bodyBytes(input.body);
      const id = input.id ?? crypto.randomUUID();
      const time = new Date((input.timestamp ?? Date.now() / 1000) * 1000).toISOString();
      const signature = await crypto.subtle.sign(
        "RSASSA-PKCS1-v1_5",
        await signingKey,
        signed(id, time, webhookIds[0]!, body),
      );
      return {
        "PAYPAL-TRANSMISSION-ID": id,
        "PAYPAL-TRANSMISSION-TIME": time,
        "PAYPAL-TRANSMISSION-SIG": toBase64(new Uint8Array(signature)),
        "PAYPAL-CERT-URL": options.certificateUrl,
        "PAYPAL-AUTH-ALGO": ALGORITHM,
      };
    },
  };
}

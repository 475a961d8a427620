/**
 * Provider presets. A scheme is mostly data: which header carries the signature and how it is
 * written, what is signed (timestamp, id, body, URL, form parameters), the algorithm and encoding,
 * how keys are written, where the delivery id comes from, and the handshake the provider sends to
 * check an endpoint. Most providers share one of a few layouts, so each preset below is a row over
 * one engine (`layoutScheme`) that both verifies and signs: a receiver and a sender built on the same
 * preset cannot disagree on what is signed.
 */
import {
  concatBytes,
  fromBase64,
  fromHex,
  fromUtf8,
  timingSafeEqual,
  toBase64,
  toHex,
  utf8,
} from "../bytes.js";
import { type HmacHash, hmac, sha256 } from "../hmac.js";
import { adyenSignature } from "./adyen.js";
import { asanaSignature } from "./asana.js";
import { awsSnsSignature } from "./aws-sns.js";
import { contentfulSignature } from "./contentful.js";
import { basicAuthSignature, headerTokenScheme, sharedSecretMatcher, tokenSignature } from "./credentials.js";
import { docusignSignature } from "./docusign.js";
import { googlePubsubSignature } from "./google-pubsub.js";
import { googleWatchSignature } from "./google-watch.js";
import { secretBytes } from "./hmac-header.js";
import {
  type AsymmetricAlgorithm,
  importPrivateKey,
  importPublicKey,
  signAsymmetric,
  verifyAsymmetric,
} from "./keys.js";
import { mailgunSignature } from "./mailgun.js";
import { mercadoPagoSignature } from "./mercado-pago.js";
import { notionSignature } from "./notion.js";
import { paypalSignature } from "./paypal.js";
import { plaidSignature } from "./plaid.js";
import {
  bodyBytes,
  bodyText,
  fail,
  type HandshakeInput,
  type HandshakeReply,
  jsonObject,
  jsonObjectOfText,
  jsonReply,
  parseUnixSeconds,
  type SignatureScheme,
  secretList,
  textReply,
  timestampProblem,
  type VerifyResult,
} from "./types.js";
import { vonageSignature } from "./vonage.js";

export type Algorithm = "hmac-sha256" | "hmac-sha1" | "hmac-sha512" | AsymmetricAlgorithm;

export interface ContentInput {
  timestamp: string;
  body: Uint8Array;
  url?: string | undefined;
  id?: string | undefined;
  /** The request method (HubSpot signs it); `POST` when signing. */
  method?: string | undefined;
}

/** One provider's layout. */
export interface Layout {
  name: string;
  algorithm: Algorithm;
  /** How HMAC secrets become key bytes. Default `utf8` (the secret text itself). */
  secretEncoding?: "utf8" | "base64";
  signatureHeader: string;
  /**
   * A second header with a signature made with the second secret (Box's primary and secondary
   * keys, so that either can be rotated): read when present, written when a second secret is set.
   */
  secondarySignatureHeader?: string;
  encoding: "hex" | "base64";
  /** Splits the header into signatures (still encoded) and, for some, the timestamp. Default: the whole value. */
  parse?: (value: string) => { signatures: string[]; timestamp?: string | undefined };
  /** Writes the header. Default: the signature itself. */
  format?: (signature: string, timestamp: string) => string;
  /** Header carrying the signed timestamp, when it is not inside the signature header. */
  timestampHeader?: string;
  /** Whether a timestamp is signed (and the window checked). */
  timestamped: boolean;
  /**
   * How the signed timestamp is written: Unix seconds (default), Unix milliseconds (HubSpot) or an
   * RFC 3339 date-time (Twitch, with up to nanoseconds).
   */
  timestampFormat?: "unix-seconds" | "unix-milliseconds" | "rfc3339";
  /** Header carrying the message id that is signed with the body (Twitch); also the delivery id. */
  idHeader?: string;
  /** Headers the provider sends with every delivery, which its receivers may look for (Twitch's message type). */
  sentHeaders?: Readonly<Record<string, string>>;
  /** What is signed; several candidates are tried (Twilio: with and without the port); a string is a failure. */
  content: (input: ContentInput) => Uint8Array[][] | string | Promise<Uint8Array[][] | string>;
  deliveryIdHeader?: string;
  payloadDeliveryIdField?: string;
  /** Reads the HMAC algorithm from the request (Twilio SharedKey webhooks name it in a header); `{ error }` when unsupported. */
  algorithmFrom?: (
    headers: (name: string) => string | undefined,
  ) => Algorithm | { error: string } | undefined;
  /** A signed body field holding the send time in milliseconds (Linear: `webhookTimestamp`), checked against the window. */
  bodyTimestampMsField?: string;
  /** Handshakes, given the first secret's key bytes (HMAC) and the run-time options. */
  signedHandshake?: (input: HandshakeInput, context: HandshakeContext) => Promise<HandshakeReply | undefined>;
  unsignedHandshake?: (
    input: HandshakeInput,
    context: HandshakeContext,
  ) => HandshakeReply | undefined | Promise<HandshakeReply | undefined>;
}

export interface HandshakeContext {
  /** HMAC-SHA256 of `text` with the first (signing) secret, hex. */
  macHex(text: string): Promise<string>;
  /** The same MAC, base64. */
  macBase64(text: string): Promise<string>;
  verifyToken?: string | undefined;
}

export interface PresetOptions {
  /** Secrets (HMAC) or keys (Ed25519/ECDSA: public keys verify, the first private key signs). */
  secrets: string | readonly string[];
  /** Meta's `hub.verify_token`: the text you typed into the app dashboard. */
  verifyToken?: string;
  /** Square: the notification URL as registered, when it differs from the URL the request arrived on. */
  notificationUrl?: string;
  /**
   * Okta, and the generic `token` scheme: the header the secret comes in (Okta's hook authentication
   * field; default Authorization).
   */
  header?: string;
  /** AWS SNS and PayPal, sender: the URL of its certificate (`SigningCertURL`, `PAYPAL-CERT-URL`). */
  certificateUrl?: string;
  /** AWS SNS: confirm subscriptions by visiting `SubscribeURL` (default true). */
  confirmSubscriptions?: boolean;
  /** AWS SNS, sender: `SignatureVersion` 1 (RSA-SHA1) or 2 (RSA-SHA256, default). */
  signatureVersion?: "1" | "2";
  /** Google Pub/Sub: the audience the subscription's tokens carry (default: the push URL). */
  audience?: string;
  /** Google Pub/Sub, sender: the service account email its tokens carry. */
  serviceAccountEmail?: string;
  /** Plaid: the API its keys are fetched from (default production). */
  environment?: "production" | "sandbox";
}

const HMAC_HASHES: Readonly<Record<string, HmacHash>> = {
  "hmac-sha256": "SHA-256",
  "hmac-sha1": "SHA-1",
  "hmac-sha512": "SHA-512",
};
const hashOf = (algorithm: Algorithm): HmacHash => HMAC_HASHES[algorithm] ?? "SHA-256";
const isHmac = (algorithm: Algorithm) => Object.hasOwn(HMAC_HASHES, algorithm);

/** Builds the verifying and signing scheme of one layout. */
export function layoutScheme(layout: Layout, options: PresetOptions): SignatureScheme {
  const { name, algorithm, encoding } = layout;
  const secrets = secretList(options.secrets, name);
  const hmacKeys = isHmac(algorithm)
    ? secrets.map((s) => secretBytes(s, layout.secretEncoding ?? "utf8"))
    : [];
  const asymmetric = isHmac(algorithm) ? undefined : (algorithm as AsymmetricAlgorithm);
  let publicKeys: Promise<CryptoKey[]> | undefined;
  let privateKey: Promise<CryptoKey> | undefined;
  const verifyingKeys = () => {
    publicKeys ??= Promise.all(secrets.map((s, i) => importPublicKey(s, asymmetric!, name, i)));
    return publicKeys;
  };
  const signingKey = () => {
    privateKey ??= importPrivateKey(secrets[0]!, asymmetric!, name, 0);
    return privateKey;
  };
  const header = layout.signatureHeader.toLowerCase();
  const secondaryHeader = layout.secondarySignatureHeader?.toLowerCase();
  const timestampHeader = layout.timestampHeader?.toLowerCase();
  const deliveryIdHeader = (layout.deliveryIdHeader ?? layout.idHeader)?.toLowerCase();
  const idHeader = layout.idHeader?.toLowerCase();
  const decode = (text: string) => (encoding === "hex" ? fromHex(text.trim()) : fromBase64(text.trim()));
  const handshakeMac = (text: string) => hmac("SHA-256", hmacKeys[0] ?? utf8(secrets[0]!), [utf8(text)]);
  const context: HandshakeContext = {
    macHex: async (text) => toHex(await handshakeMac(text)),
    macBase64: async (text) => toBase64(await handshakeMac(text)),
    verifyToken: options.verifyToken,
  };

  const scheme: SignatureScheme = {
    name,
    ...(layout.payloadDeliveryIdField ? { payloadDeliveryIdField: layout.payloadDeliveryIdField } : {}),
    async verify(input): Promise<VerifyResult> {
      const secondary = secondaryHeader === undefined ? undefined : input.headers(secondaryHeader);
      const value = input.headers(header) ?? secondary;
      if (!value) return fail("missing-signature", `expected header ${layout.signatureHeader}`);
      const parsed = layout.parse ? layout.parse(value) : { signatures: [value] };
      if (secondary !== undefined && secondary !== value) parsed.signatures.push(secondary);
      const signatures: Uint8Array[] = [];
      for (const text of parsed.signatures) {
        const bytes = decode(text);
        if (bytes && bytes.length > 0) signatures.push(bytes);
      }
      if (signatures.length === 0)
        return fail("malformed-signature", `${layout.signatureHeader} holds no ${encoding} signature`);
      let timestampText = parsed.timestamp;
      if (timestampHeader !== undefined) timestampText = input.headers(timestampHeader)?.trim();
      let timestamp: number | undefined;
      if (layout.timestamped) {
        if (!timestampText)
          return fail(
            "missing-signature",
            `expected a timestamp (${layout.timestampHeader ?? layout.signatureHeader})`,
          );
        timestamp = readTimestamp(timestampText, layout.timestampFormat ?? "unix-seconds");
        if (timestamp === undefined)
          return fail(
            "malformed-signature",
            `the signed timestamp is not ${TIMESTAMP_FORMATS[layout.timestampFormat ?? "unix-seconds"]}`,
          );
      }
      const id = idHeader === undefined ? undefined : input.headers(idHeader);
      if (idHeader !== undefined && !id)
        return fail("missing-signature", `expected header ${layout.idHeader}`);
      const contents = await layout.content({
        timestamp: timestampText ?? "",
        body: input.body,
        url: input.url,
        method: input.method,
        id,
      });
      if (typeof contents === "string") return fail("malformed-signature", contents);
      // Every key, content and signature is tried (no early exit), so timing does not tell which matched.
      let matched = false;
      const chosen = layout.algorithmFrom?.(input.headers);
      if (chosen !== undefined && typeof chosen === "object")
        return fail("malformed-signature", chosen.error);
      const hash = hashOf(chosen ?? algorithm);
      if (asymmetric === undefined) {
        for (const key of hmacKeys)
          for (const parts of contents) {
            const mac = await hmac(hash, key, parts);
            for (const signature of signatures) matched = timingSafeEqual(mac, signature) || matched;
          }
      } else {
        for (const key of await verifyingKeys())
          for (const parts of contents) {
            const data = concatBytes(parts);
            for (const signature of signatures)
              matched = (await verifyAsymmetric(asymmetric, key, signature, data)) || matched;
          }
      }
      if (!matched) return fail("bad-signature", `${layout.signatureHeader} does not match the delivery`);
      if (timestamp !== undefined) {
        const problem = timestampProblem(timestamp, input);
        if (problem) return problem;
      }
      if (layout.bodyTimestampMsField !== undefined) {
        // Inside the signed body, so it cannot be removed or changed without breaking the signature.
        // Whatever its size: the receiver's body limit applies before, and a window that holds only
        // for small payloads would let a large one be replayed.
        const sent = jsonObject(input.body, Number.POSITIVE_INFINITY)?.[layout.bodyTimestampMsField];
        if (typeof sent === "number" && Number.isFinite(sent)) {
          timestamp = Math.floor(sent / 1000);
          const problem = timestampProblem(timestamp, input);
          if (problem) return problem;
        }
      }
      const deliveryId = deliveryIdHeader === undefined ? undefined : input.headers(deliveryIdHeader);
      return {
        ok: true,
        ...(deliveryId ? { deliveryId } : {}),
        ...(timestamp !== undefined ? { timestamp } : {}),
      };
    },
    async sign(input) {
      const body = bodyBytes(input.body);
      const timestamp = writeTimestamp(
        input.timestamp ?? Math.floor(Date.now() / 1000),
        layout.timestampFormat ?? "unix-seconds",
      );
      // A scheme that signs a message id needs one: a new one when the caller gives none.
      const id = input.id ?? (layout.idHeader !== undefined ? crypto.randomUUID() : undefined);
      const contents = await layout.content({ timestamp, body, url: input.url, id, method: "POST" });
      if (typeof contents === "string") throw new TypeError(`${name}: ${contents}`);
      const parts = contents[0]!;
      const signature =
        asymmetric === undefined
          ? await hmac(hashOf(algorithm), hmacKeys[0]!, parts)
          : await signAsymmetric(asymmetric, await signingKey(), concatBytes(parts));
      const encoded = encoding === "hex" ? toHex(signature) : toBase64(signature);
      const headers: Record<string, string> = {
        ...layout.sentHeaders,
        [layout.signatureHeader]: layout.format ? layout.format(encoded, timestamp) : encoded,
      };
      const secondKey = hmacKeys[1];
      if (
        layout.secondarySignatureHeader !== undefined &&
        secondKey !== undefined &&
        asymmetric === undefined
      ) {
        const second = await hmac(hashOf(algorithm), secondKey, parts);
        headers[layout.secondarySignatureHeader] = encoding === "hex" ? toHex(second) : toBase64(second);
      }
      if (layout.timestampHeader !== undefined) headers[layout.timestampHeader] = timestamp;
      const idName = layout.deliveryIdHeader ?? layout.idHeader;
      if (idName !== undefined && id !== undefined) headers[idName] = id;
      return headers;
    },
  };
  if (layout.signedHandshake) {
    const handshake = layout.signedHandshake;
    scheme.signedHandshake = (input) => handshake(input, context);
  }
  if (layout.unsignedHandshake) {
    const handshake = layout.unsignedHandshake;
    scheme.unsignedHandshake = (input) => handshake(input, context);
  }
  return scheme;
}

const TIMESTAMP_FORMATS = {
  "unix-seconds": "Unix seconds",
  "unix-milliseconds": "Unix milliseconds",
  rfc3339: "an RFC 3339 date-time",
} as const;
type TimestampFormat = keyof typeof TIMESTAMP_FORMATS;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** The signed timestamp in Unix seconds, or undefined when it is not written as `format` says. */
function readTimestamp(text: string, format: TimestampFormat): number | undefined {
  if (format === "rfc3339") {
    if (!RFC3339.test(text)) return undefined;
    const ms = Date.parse(text.toUpperCase());
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  }
  const value = parseUnixSeconds(text);
  if (value === undefined) return undefined;
  return format === "unix-milliseconds" ? Math.floor(value / 1000) : value;
}

function writeTimestamp(seconds: number, format: TimestampFormat): string {
  if (format === "rfc3339") return new Date(seconds * 1000).toISOString();
  return String(format === "unix-milliseconds" ? seconds * 1000 : seconds);
}

// ---------------------------------------------------------------------------------------------
// Families

/** `prefix` + signature, e.g. `sha256=<hex>` or `v0=<hex>`. */
const prefixed = (prefix: string) => ({
  parse: (value: string) => ({
    signatures: value
      .split(/[,\s]+/)
      .filter((v) => v.startsWith(prefix))
      .map((v) => v.slice(prefix.length)),
  }),
  format: (signature: string) => `${prefix}${signature}`,
});

const bodyOnly = ({ body }: ContentInput) => [[body]];

/**
 * Reads `key=value` items split by `separator`: the timestamp under `timestampKey`, every
 * signature under `signatureKey` (Paddle's `ts=…;h1=…`, Calendly's and WorkOS' `t=…,v1=…`).
 */
function keyedSignatures(separator: string, timestampKey: string, signatureKey: string): Layout["parse"] {
  return (value) => {
    let timestamp: string | undefined;
    const signatures: string[] = [];
    for (const item of value.split(separator)) {
      const eq = item.indexOf("=");
      const key = item.slice(0, eq).trim();
      if (key === timestampKey) timestamp = item.slice(eq + 1).trim();
      else if (key === signatureKey) signatures.push(item.slice(eq + 1).trim());
    }
    return { signatures, timestamp };
  };
}

/**
 * `t=<timestamp>,v1=<hex>` over `timestamp.body` (Calendly; WorkOS with milliseconds and a space
 * after the comma). Every `v1` entry is a candidate, as Stripe's parser reads its header.
 */
function timestampV1(
  name: string,
  header: string,
  timestampFormat: "unix-seconds" | "unix-milliseconds",
  separator: string,
  extra: Partial<Layout> = {},
): Layout {
  return {
    name,
    algorithm: "hmac-sha256",
    signatureHeader: header,
    encoding: "hex",
    parse: keyedSignatures(",", "t", "v1"),
    format: (signature, timestamp) => `t=${timestamp}${separator}v1=${signature}`,
    timestamped: true,
    timestampFormat,
    content: ({ timestamp, body }) => [[utf8(`${timestamp}.`), body]],
    ...extra,
  };
}

/** HMAC-SHA256 of the body, hex or base64, maybe prefixed (GitHub, Meta, Shopify, Linear, Dropbox). */
function bodyHmac(
  name: string,
  header: string,
  encoding: "hex" | "base64",
  extra: Partial<Layout> = {},
): Layout {
  return {
    name,
    algorithm: "hmac-sha256",
    signatureHeader: header,
    encoding,
    timestamped: false,
    content: bodyOnly,
    ...extra,
  };
}

/** `v0:<timestamp>:<body>` in a `v0=<hex>` header (Slack, Zoom). */
function v0Layout(
  name: string,
  header: string,
  timestampHeader: string,
  extra: Partial<Layout> = {},
): Layout {
  return {
    name,
    algorithm: "hmac-sha256",
    signatureHeader: header,
    encoding: "hex",
    ...prefixed("v0="),
    timestampHeader,
    timestamped: true,
    content: ({ timestamp, body }) => [[utf8(`v0:${timestamp}:`), body]],
    ...extra,
  };
}

/** A timestamp header + a signature header over `timestamp + separator + body` (Discord, Telnyx, SendGrid). */
function timestampThenBody(
  name: string,
  algorithm: Algorithm,
  header: string,
  timestampHeader: string,
  encoding: "hex" | "base64",
  separator = "",
  extra: Partial<Layout> = {},
): Layout {
  return {
    name,
    algorithm,
    signatureHeader: header,
    encoding,
    timestampHeader,
    timestamped: true,
    content: ({ timestamp, body }) => [[utf8(`${timestamp}${separator}`), body]],
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------
// Handshakes

function searchParams(url: string | undefined): URLSearchParams | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).searchParams;
  } catch {
    return undefined;
  }
}

const slackHandshake: Layout["signedHandshake"] = async (input) => {
  const body = jsonObject(input.body);
  if (body?.type !== "url_verification" || typeof body.challenge !== "string") return undefined;
  return jsonReply({ challenge: body.challenge });
};

const zoomHandshake: Layout["signedHandshake"] = async (input, context) => {
  const body = jsonObject(input.body);
  const plainToken = (body?.payload as { plainToken?: unknown } | undefined)?.plainToken;
  if (body?.event !== "endpoint.url_validation" || typeof plainToken !== "string") return undefined;
  return jsonReply({ plainToken, encryptedToken: await context.macHex(plainToken) });
};

const discordHandshake: Layout["signedHandshake"] = async (input) =>
  jsonObject(input.body)?.type === 1 ? jsonReply({ type: 1 }) : undefined;

const metaHandshake: Layout["unsignedHandshake"] = (input, context) => {
  if (input.method.toUpperCase() !== "GET") return undefined;
  const query = searchParams(input.url);
  const mode = query?.get("hub.mode");
  if (!query || mode === null || mode === undefined) return undefined;
  const token = query.get("hub.verify_token") ?? "";
  const challenge = query.get("hub.challenge") ?? "";
  const expected = context.verifyToken;
  if (mode !== "subscribe" || expected === undefined || !timingSafeEqual(utf8(token), utf8(expected)))
    return textReply(403, "verify token mismatch");
  return textReply(200, challenge);
};

const dropboxHandshake: Layout["unsignedHandshake"] = (input) => {
  if (input.method.toUpperCase() !== "GET") return undefined;
  const challenge = searchParams(input.url)?.get("challenge");
  return typeof challenge === "string" ? textReply(200, challenge) : undefined;
};

/** Trello and Mandrill check that the endpoint exists with a `HEAD` when a webhook is created. */
const headHandshake: Layout["unsignedHandshake"] = (input) =>
  input.method.toUpperCase() === "HEAD" ? textReply(200, "") : undefined;

/**
 * A signed delivery with no events, which must get 200: Xero's "intent to receive" (some sent with
 * a wrong signature, which verification answers 401) and the LINE console's "Verify" button.
 */
const noEventsHandshake: Layout["signedHandshake"] = async (input) => {
  const events = jsonObject(input.body)?.events;
  return Array.isArray(events) && events.length === 0 ? textReply(200, "") : undefined;
};

/**
 * X's Challenge-Response Check: a `GET` with `crc_token`, sent when a webhook is registered and
 * about every hour after, answered `{"response_token": "sha256=<base64 HMAC-SHA256 of the token>"}`
 * under the consumer secret. Anyone can send one, and its answer is the very MAC deliveries are
 * signed with: a token that could be a delivery body (a JSON object or array) is refused, or the
 * answer would be a valid signature for a body of the caller's choosing.
 */
const xCrcHandshake: Layout["unsignedHandshake"] = (input, context) => {
  if (input.method.toUpperCase() !== "GET") return undefined;
  const token = searchParams(input.url)?.get("crc_token");
  if (token === null || token === undefined) return undefined;
  if (/^[\s\uFEFF]*[[{]/.test(token)) return textReply(400, "crc_token must not be a JSON object or array");
  return context.macBase64(token).then((mac) => jsonReply({ response_token: `sha256=${mac}` }));
};

/**
 * WooCommerce's ping when a webhook is saved: an unsigned `POST` of `webhook_id=<id>`, which must get
 * exactly 200 or the webhook is not created. It runs no handler and says nothing of the secret.
 */
const woocommercePing: Layout["unsignedHandshake"] = (input) => {
  if (input.method.toUpperCase() !== "POST" || input.headers("x-wc-webhook-signature") !== undefined)
    return undefined;
  return /^webhook_id=\d+$/.test(fromUtf8(input.body).trim()) ? textReply(200, "") : undefined;
};

/**
 * Twitch EventSub's `webhook_callback_verification`: the challenge back as text, once the request's
 * signature is verified. Known by its message type header, or by its body (a challenge for a
 * subscription still pending verification).
 */
const twitchHandshake: Layout["signedHandshake"] = async (input) => {
  const body = jsonObject(input.body);
  if (typeof body?.challenge !== "string") return undefined;
  const type = input.headers("twitch-eventsub-message-type");
  const pending =
    (body.subscription as { status?: unknown } | undefined)?.status ===
    "webhook_callback_verification_pending";
  if (type !== "webhook_callback_verification" && !(type === undefined && pending)) return undefined;
  return textReply(200, body.challenge);
};

// ---------------------------------------------------------------------------------------------
// URL-signing layouts

/** `https://host/path` → the same URL with the default port written out, and without any port. */
function portVariants(url: string): string[] {
  const match = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!match) return [url];
  const [, protocol, authority, rest] = match;
  const host = authority!.replace(/:\d+$/, "");
  const port = protocol!.toLowerCase() === "https" ? "443" : "80";
  return [...new Set([url, `${protocol}://${host}${rest}`, `${protocol}://${host}:${port}${rest}`])];
}

/** Twilio: HMAC-SHA1 over the URL + each form parameter (sorted) as name+value; JSON bodies via `bodySHA256`. */
async function twilioContent({ url, body }: ContentInput): Promise<Uint8Array[][] | string> {
  if (url === undefined) return "the request URL is needed (pass publicUrl behind a proxy)";
  const query = searchParams(url);
  if (!query) return "the request URL is not a URL";
  const bodyHash = query.get("bodySHA256");
  let params = "";
  if (bodyHash !== null) {
    const actual = toHex(await sha256(body));
    // The URL is signed and carries the body's hash: a changed body no longer matches it.
    if (!timingSafeEqual(utf8(actual), utf8(bodyHash.toLowerCase())))
      return "bodySHA256 does not match the body";
  } else params = sortedFormParameters(body);
  return portVariants(url).map((candidate) => [utf8(candidate + params)]);
}

/** A form body's parameters sorted by name, each written name + value (Twilio, Mandrill). */
function sortedFormParameters(body: Uint8Array): string {
  if (body.length === 0) return "";
  const form = new URLSearchParams(fromUtf8(body));
  const values = new Map<string, string[]>();
  form.forEach((value, key) => {
    values.set(key, [...(values.get(key) ?? []), value]);
  });
  let params = "";
  for (const key of [...values.keys()].sort())
    for (const value of [...new Set(values.get(key))].sort()) params += key + value;
  return params;
}

/** Mandrill: HMAC-SHA1 over the webhook's URL + each form parameter (sorted) as name+value. */
function mandrillContent({ url, body }: ContentInput): Uint8Array[][] | string {
  if (url === undefined) return "the request URL is needed (pass publicUrl behind a proxy)";
  const params = sortedFormParameters(body);
  return portVariants(url).map((candidate) => [utf8(candidate + params)]);
}

/** Trello: HMAC-SHA1 over the body + the webhook's callback URL. */
function trelloContent({ url, body }: ContentInput): Uint8Array[][] | string {
  if (url === undefined) return "the request URL is needed (pass publicUrl behind a proxy)";
  return portVariants(url).map((candidate) => [body, utf8(candidate)]);
}

/**
 * HubSpot (v3): HMAC-SHA256 over method + URL + body + the millisecond timestamp. HubSpot signs the
 * URL with these escapes decoded (its documentation lists them); the URL as received is tried too.
 */
function hubspotContent({ method, url, body, timestamp }: ContentInput): Uint8Array[][] | string {
  if (url === undefined) return "the request URL is needed (pass publicUrl behind a proxy)";
  const decoded = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (sequence) =>
    decodeURIComponent(sequence),
  );
  const verb = (method ?? "POST").toUpperCase();
  return [...new Set([decoded, url])].map((candidate) => [utf8(verb + candidate), body, utf8(timestamp)]);
}

/**
 * Box signs the body, then the delivery timestamp. Its SDKs also accept the signature of the body
 * as a JSON encoder that escapes every non-ASCII character and each `/` writes it (`\u00e9`, `\/`):
 * tried as well when the body has either.
 */
function boxContent({ body, timestamp }: ContentInput): Uint8Array[][] {
  const stamp = utf8(timestamp);
  const text = new TextDecoder().decode(body);
  const escaped = text
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/(?<!\\)\//g, "\\/");
  return escaped === text
    ? [[body, stamp]]
    : [
        [body, stamp],
        [utf8(escaped), stamp],
      ];
}

// ---------------------------------------------------------------------------------------------
// The table

export const PRESET_NAMES = [
  "slack",
  "zoom",
  "paddle",
  "shopify",
  "meta",
  "linear",
  "dropbox",
  "discord",
  "telnyx",
  "sendgrid",
  "twilio",
  "square",
  "microsoft-graph",
  "gitlab",
  "hubspot",
  "twitch",
  "box",
  "okta",
  "mailgun",
  "adyen",
  "workos",
  "calendly",
  "zendesk",
  "intercom",
  "typeform",
  "sentry",
  "xero",
  "trello",
  "mandrill",
  "aws-sns",
  "paypal",
  "asana",
  "contentful",
  "notion",
  "plaid",
  "google-pubsub",
  "vonage",
  "mux",
  "docusign",
  "x",
  "line",
  "telegram",
  "woocommerce",
  "razorpay",
  "pagerduty",
  "paystack",
  "gocardless",
  "mercado-pago",
  "circleci",
  "bitbucket",
  "vercel",
  "lemon-squeezy",
  "airtable",
  "frame-io",
  "customer-io",
  "webex",
  "help-scout",
  "segment",
  "basic-auth",
  "token",
  "google-watch",
] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * Presets that are schemes of their own, no layout: those that send a shared secret instead of a
 * signature, and those that sign inside the body (Mailgun, Adyen).
 */
type OwnSchemePreset =
  | "microsoft-graph"
  | "gitlab"
  | "okta"
  | "mailgun"
  | "adyen"
  | "aws-sns"
  | "paypal"
  | "asana"
  | "contentful"
  | "notion"
  | "plaid"
  | "google-pubsub"
  | "vonage"
  | "docusign"
  | "telegram"
  | "mercado-pago"
  | "basic-auth"
  | "token"
  | "google-watch";
const OWN_SCHEMES: Record<OwnSchemePreset, (options: PresetOptions) => SignatureScheme> = {
  "microsoft-graph": microsoftGraph,
  gitlab,
  okta,
  mailgun: (options) => mailgunSignature(options),
  adyen: (options) => adyenSignature(options),
  "aws-sns": (options) =>
    awsSnsSignature({
      secrets: options.secrets,
      ...(options.certificateUrl !== undefined ? { certificateUrl: options.certificateUrl } : {}),
      ...(options.confirmSubscriptions !== undefined
        ? { confirmSubscriptions: options.confirmSubscriptions }
        : {}),
      ...(options.signatureVersion !== undefined ? { signatureVersion: options.signatureVersion } : {}),
    }),
  asana: (options) => asanaSignature({ secrets: options.secrets }),
  contentful: (options) => contentfulSignature({ secrets: options.secrets }),
  notion: (options) => notionSignature({ secrets: options.secrets }),
  "google-pubsub": (options) =>
    googlePubsubSignature({
      secrets: options.secrets,
      ...(options.audience !== undefined ? { audience: options.audience } : {}),
      ...(options.serviceAccountEmail !== undefined
        ? { serviceAccountEmail: options.serviceAccountEmail }
        : {}),
    }),
  vonage: (options) => vonageSignature({ secrets: options.secrets }),
  docusign: (options) => docusignSignature({ secrets: options.secrets }),
  telegram,
  "mercado-pago": (options) => mercadoPagoSignature({ secrets: options.secrets }),
  "basic-auth": (options) => basicAuthSignature({ secrets: options.secrets }),
  "google-watch": (options) => googleWatchSignature({ secrets: options.secrets }),
  token: (options) =>
    tokenSignature({
      secrets: options.secrets,
      ...(options.header !== undefined ? { header: options.header } : {}),
    }),
  plaid: (options) =>
    plaidSignature({
      secrets: options.secrets,
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
    }),
  paypal: (options) =>
    paypalSignature({
      secrets: options.secrets,
      ...(options.certificateUrl !== undefined ? { certificateUrl: options.certificateUrl } : {}),
    }),
};
const isOwnSchemePreset = (name: PresetName): name is OwnSchemePreset => Object.hasOwn(OWN_SCHEMES, name);

const LAYOUTS: Record<Exclude<PresetName, OwnSchemePreset | "square">, Layout> = {
  slack: v0Layout("slack", "X-Slack-Signature", "X-Slack-Request-Timestamp", {
    signedHandshake: slackHandshake,
  }),
  zoom: v0Layout("zoom", "x-zm-signature", "x-zm-request-timestamp", { signedHandshake: zoomHandshake }),
  paddle: {
    name: "paddle",
    algorithm: "hmac-sha256",
    signatureHeader: "Paddle-Signature",
    encoding: "hex",
    parse: keyedSignatures(";", "ts", "h1"),
    format: (signature, timestamp) => `ts=${timestamp};h1=${signature}`,
    timestamped: true,
    content: ({ timestamp, body }) => [[utf8(`${timestamp}:`), body]],
    payloadDeliveryIdField: "event_id",
  },
  shopify: bodyHmac("shopify", "X-Shopify-Hmac-Sha256", "base64", {
    deliveryIdHeader: "X-Shopify-Webhook-Id",
  }),
  meta: bodyHmac("meta", "X-Hub-Signature-256", "hex", {
    ...prefixed("sha256="),
    unsignedHandshake: metaHandshake,
  }),
  linear: bodyHmac("linear", "Linear-Signature", "hex", {
    deliveryIdHeader: "Linear-Delivery",
    bodyTimestampMsField: "webhookTimestamp",
  }),
  dropbox: bodyHmac("dropbox", "X-Dropbox-Signature", "hex", { unsignedHandshake: dropboxHandshake }),
  discord: timestampThenBody(
    "discord",
    "ed25519",
    "X-Signature-Ed25519",
    "X-Signature-Timestamp",
    "hex",
    "",
    {
      signedHandshake: discordHandshake,
    },
  ),
  telnyx: timestampThenBody(
    "telnyx",
    "ed25519",
    "telnyx-signature-ed25519",
    "telnyx-timestamp",
    "base64",
    "|",
  ),
  sendgrid: timestampThenBody(
    "sendgrid",
    "ecdsa-p256",
    "X-Twilio-Email-Event-Webhook-Signature",
    "X-Twilio-Email-Event-Webhook-Timestamp",
    "base64",
  ),
  hubspot: {
    name: "hubspot",
    algorithm: "hmac-sha256",
    signatureHeader: "X-HubSpot-Signature-v3",
    encoding: "base64",
    timestampHeader: "X-HubSpot-Request-Timestamp",
    timestamped: true,
    timestampFormat: "unix-milliseconds",
    content: hubspotContent,
  },
  twitch: {
    name: "twitch",
    algorithm: "hmac-sha256",
    signatureHeader: "Twitch-Eventsub-Message-Signature",
    encoding: "hex",
    ...prefixed("sha256="),
    timestampHeader: "Twitch-Eventsub-Message-Timestamp",
    timestamped: true,
    timestampFormat: "rfc3339",
    idHeader: "Twitch-Eventsub-Message-Id",
    sentHeaders: { "Twitch-Eventsub-Message-Type": "notification" },
    content: ({ id, timestamp, body }) => [[utf8(`${id ?? ""}${timestamp}`), body]],
    signedHandshake: twitchHandshake,
  },
  box: {
    name: "box",
    algorithm: "hmac-sha256",
    signatureHeader: "BOX-SIGNATURE-PRIMARY",
    secondarySignatureHeader: "BOX-SIGNATURE-SECONDARY",
    encoding: "base64",
    timestampHeader: "BOX-DELIVERY-TIMESTAMP",
    timestamped: true,
    timestampFormat: "rfc3339",
    deliveryIdHeader: "BOX-DELIVERY-ID",
    sentHeaders: { "BOX-SIGNATURE-VERSION": "1", "BOX-SIGNATURE-ALGORITHM": "HmacSHA256" },
    content: boxContent,
    // Box names its scheme in two headers; a version or algorithm it may add later is not this one.
    algorithmFrom: (headers) =>
      headers("box-signature-version") === "1" && headers("box-signature-algorithm") === "HmacSHA256"
        ? "hmac-sha256"
        : { error: "BOX-SIGNATURE-VERSION must be 1 and BOX-SIGNATURE-ALGORITHM HmacSHA256" },
  },
  workos: timestampV1("workos", "WorkOS-Signature", "unix-milliseconds", ", ", {
    payloadDeliveryIdField: "id",
  }),
  calendly: timestampV1("calendly", "Calendly-Webhook-Signature", "unix-seconds", ","),
  mux: timestampV1("mux", "Mux-Signature", "unix-seconds", ",", { payloadDeliveryIdField: "id" }),
  x: bodyHmac("x", "x-twitter-webhooks-signature", "base64", {
    ...prefixed("sha256="),
    unsignedHandshake: xCrcHandshake,
  }),
  // Each event of a delivery has its own `webhookEventId`; the delivery as a whole has no id.
  line: bodyHmac("line", "x-line-signature", "base64", { signedHandshake: noEventsHandshake }),
  woocommerce: bodyHmac("woocommerce", "X-WC-Webhook-Signature", "base64", {
    deliveryIdHeader: "X-WC-Webhook-Delivery-ID",
    unsignedHandshake: woocommercePing,
  }),
  razorpay: bodyHmac("razorpay", "X-Razorpay-Signature", "hex", {
    deliveryIdHeader: "x-razorpay-event-id",
  }),
  // `v1=<hex>` once per active secret, comma-separated while one is being rotated.
  pagerduty: bodyHmac("pagerduty", "X-PagerDuty-Signature", "hex", prefixed("v1=")),
  paystack: bodyHmac("paystack", "x-paystack-signature", "hex", { algorithm: "hmac-sha512" }),
  gocardless: bodyHmac("gocardless", "Webhook-Signature", "hex"),
  // `v1=<hex>` in a versioned list; the event's `id` is what CircleCI says to de-duplicate by.
  circleci: bodyHmac("circleci", "circleci-signature", "hex", {
    ...prefixed("v1="),
    payloadDeliveryIdField: "id",
  }),
  bitbucket: bodyHmac("bitbucket", "X-Hub-Signature", "hex", prefixed("sha256=")),
  vercel: bodyHmac("vercel", "x-vercel-signature", "hex", {
    algorithm: "hmac-sha1",
    payloadDeliveryIdField: "id",
  }),
  "lemon-squeezy": bodyHmac("lemon-squeezy", "X-Signature", "hex"),
  // The key is the webhook's `macSecretBase64`, decoded.
  airtable: bodyHmac("airtable", "X-Airtable-Content-MAC", "hex", {
    ...prefixed("hmac-sha256="),
    secretEncoding: "base64",
  }),
  "frame-io": v0Layout("frame-io", "X-Frameio-Signature", "X-Frameio-Request-Timestamp"),
  // Slack's `v0:<timestamp>:<body>`, with the MAC written bare.
  "customer-io": {
    name: "customer-io",
    algorithm: "hmac-sha256",
    signatureHeader: "X-CIO-Signature",
    encoding: "hex",
    timestampHeader: "X-CIO-Timestamp",
    timestamped: true,
    content: ({ timestamp, body }) => [[utf8(`v0:${timestamp}:`), body]],
  },
  webex: bodyHmac("webex", "X-Spark-Signature", "hex", { algorithm: "hmac-sha1" }),
  "help-scout": bodyHmac("help-scout", "X-HelpScout-Signature", "base64", { algorithm: "hmac-sha1" }),
  segment: bodyHmac("segment", "X-Signature", "hex", { algorithm: "hmac-sha1" }),
  zendesk: timestampThenBody(
    "zendesk",
    "hmac-sha256",
    "X-Zendesk-Webhook-Signature",
    "X-Zendesk-Webhook-Signature-Timestamp",
    "base64",
    "",
    { timestampFormat: "rfc3339" },
  ),
  intercom: {
    ...bodyHmac("intercom", "X-Hub-Signature", "hex", { ...prefixed("sha1="), payloadDeliveryIdField: "id" }),
    algorithm: "hmac-sha1",
  },
  typeform: bodyHmac("typeform", "Typeform-Signature", "base64", prefixed("sha256=")),
  sentry: bodyHmac("sentry", "Sentry-Hook-Signature", "hex"),
  xero: bodyHmac("xero", "x-xero-signature", "base64", { signedHandshake: noEventsHandshake }),
  trello: {
    name: "trello",
    algorithm: "hmac-sha1",
    signatureHeader: "X-Trello-Webhook",
    encoding: "base64",
    timestamped: false,
    content: trelloContent,
    unsignedHandshake: headHandshake,
  },
  mandrill: {
    name: "mandrill",
    algorithm: "hmac-sha1",
    signatureHeader: "X-Mandrill-Signature",
    encoding: "base64",
    timestamped: false,
    content: mandrillContent,
    unsignedHandshake: headHandshake,
  },
  twilio: {
    name: "twilio",
    algorithm: "hmac-sha1",
    signatureHeader: "X-Twilio-Signature",
    encoding: "base64",
    timestamped: false,
    content: twilioContent,
    deliveryIdHeader: "I-Twilio-Idempotency-Token",
    // SharedKey webhooks carry `X-Twilio-Webhooks-Signature-Settings: key=…,algorithm=HMAC_SHA256`
    // and are signed with the SharedKey secret (list it in `secrets`); without it, HMAC-SHA1 with the auth token.
    algorithmFrom: (headers) => {
      const settings = headers("x-twilio-webhooks-signature-settings");
      if (settings === undefined) return undefined;
      let algorithm = "HMAC_SHA1";
      for (const part of settings.split(",")) {
        const eq = part.indexOf("=");
        if (eq > 0 && part.slice(0, eq).trim() === "algorithm")
          algorithm =
            part
              .slice(eq + 1)
              .trim()
              .toUpperCase() || algorithm;
      }
      if (algorithm === "HMAC_SHA1") return "hmac-sha1";
      if (algorithm === "HMAC_SHA256") return "hmac-sha256";
      return { error: "X-Twilio-Webhooks-Signature-Settings names an unsupported algorithm" };
    },
  },
};

/** The layout of a preset (for documentation and tests). */
export function presetLayout(
  name: PresetName,
  options: Omit<PresetOptions, "secrets"> = {},
): Layout | undefined {
  if (name === "square") {
    return {
      name: "square",
      algorithm: "hmac-sha256",
      signatureHeader: "x-square-hmacsha256-signature",
      encoding: "base64",
      timestamped: false,
      content: ({ url, body }) => {
        const notificationUrl = options.notificationUrl ?? url;
        if (notificationUrl === undefined)
          return "the notification URL is needed (pass publicUrl or notificationUrl)";
        return [[utf8(notificationUrl), body]];
      },
      payloadDeliveryIdField: "event_id",
    };
  }
  return isOwnSchemePreset(name) ? undefined : LAYOUTS[name];
}

/**
 * Microsoft Graph change notifications carry no signature: each notification repeats the
 * `clientState` given when subscribing (the "secret"), and subscribing sends a `validationToken`
 * that must be echoed as text within 10 s.
 */
function microsoftGraph(options: PresetOptions): SignatureScheme {
  const secrets = secretList(options.secrets, "microsoft-graph");
  const matches = sharedSecretMatcher(secrets);
  return {
    name: "microsoft-graph",
    async verify(input) {
      // Any size (rich notifications carry resource data): the receiver's body limit applies before.
      const body = jsonObject(input.body, Number.POSITIVE_INFINITY);
      const items = body?.value;
      if (!Array.isArray(items) || items.length === 0)
        return fail("missing-signature", "expected a change notification with value[].clientState");
      const states = items.map((item) => (item as { clientState?: unknown } | null)?.clientState);
      const matched = await Promise.all(states.map((state) => typeof state === "string" && matches(state)));
      if (!matched.every(Boolean)) return fail("bad-signature", "clientState does not match");
      return { ok: true };
    },
    async sign() {
      return {};
    },
    // A sender writes the subscription's clientState into every notification, as Graph does.
    async signBody(input) {
      const text = bodyText(input.body);
      const body = jsonObjectOfText(text);
      if (!body || !Array.isArray(body.value)) return text;
      for (const item of body.value)
        if (item !== null && typeof item === "object" && !Array.isArray(item))
          (item as Record<string, unknown>).clientState = secrets[0];
      return JSON.stringify(body);
    },
    unsignedHandshake(input) {
      const token = searchParams(input.url)?.get("validationToken");
      return typeof token === "string" ? textReply(200, token) : undefined;
    },
  };
}

/**
 * GitLab sends no signature: `X-Gitlab-Token` repeats the webhook's secret token as it was typed
 * (compared by `sharedSecretMatcher`). `Idempotency-Key` (GitLab 17.4+) is the delivery id, the same on every retry;
 * `X-Gitlab-Event-UUID` is not used: webhooks triggered by other webhooks share it.
 */
function gitlab(options: PresetOptions): SignatureScheme {
  return headerTokenScheme({
    name: "gitlab",
    secrets: options.secrets,
    header: "X-Gitlab-Token",
    deliveryId: ({ headers }) => headers("idempotency-key"),
    sentHeaders: (input): Record<string, string> =>
      input.id !== undefined ? { "Idempotency-Key": input.id } : {},
  });
}

/**
 * Okta event hooks sign nothing: each request carries the secret typed into the hook's
 * authentication field, in the header it names (`Authorization` by default), compared by
 * `sharedSecretMatcher`. The one-time verification is a `GET` with `X-Okta-Verification-Challenge`,
 * answered `{"verification": <challenge>}` only when it carries the secret too (as Okta sends it).
 * The payload's `eventId` is the delivery id.
 */
function okta(options: PresetOptions): SignatureScheme {
  const secrets = secretList(options.secrets, "okta");
  const matches = sharedSecretMatcher(secrets);
  const headerName = options.header ?? "Authorization";
  const header = headerName.toLowerCase();
  const authenticated = async (headers: (name: string) => string | undefined) => {
    const value = headers(header);
    if (value === undefined) return fail("missing-signature", `expected header ${headerName}`);
    return (await matches(value))
      ? undefined
      : fail("bad-signature", `${headerName} does not match the secret`);
  };
  return {
    name: "okta",
    payloadDeliveryIdField: "eventId",
    async verify(input) {
      return (await authenticated(input.headers)) ?? { ok: true };
    },
    async sign() {
      return { [headerName]: secrets[0]! };
    },
    unsignedHandshake(input) {
      const challenge = input.headers("x-okta-verification-challenge");
      if (input.method.toUpperCase() !== "GET" || challenge === undefined) return undefined;
      return authenticated(input.headers).then((failure) =>
        failure === undefined
          ? jsonReply({ verification: challenge })
          : textReply(401, failure.ok ? "" : failure.message),
      );
    },
  };
}

/**
 * Telegram's Bot API signs nothing: given a `secret_token` in `setWebhook`, every update carries it
 * in `X-Telegram-Bot-Api-Secret-Token` (compared by `sharedSecretMatcher`). Telegram sends an update
 * again until it is answered 2xx, with the same `update_id`: the delivery id (read here, so that a
 * queued receiver has it before anything else parses the body).
 */
function telegram(options: PresetOptions): SignatureScheme {
  return headerTokenScheme({
    name: "telegram",
    secrets: options.secrets,
    header: "X-Telegram-Bot-Api-Secret-Token",
    deliveryId: ({ body }) => {
      // Any size: the receiver's body limit applies before.
      const updateId = jsonObject(body, Number.POSITIVE_INFINITY)?.update_id;
      return typeof updateId === "number" && Number.isSafeInteger(updateId) ? String(updateId) : undefined;
    },
  });
}

/** The scheme of a preset. */
export function presetScheme(name: PresetName, options: PresetOptions): SignatureScheme {
  if (isOwnSchemePreset(name)) return OWN_SCHEMES[name](options);
  const layout = presetLayout(name, options);
  if (!layout) throw new TypeError(`unknown signature preset ${JSON.stringify(name)}`);
  return layoutScheme(layout, options);
}

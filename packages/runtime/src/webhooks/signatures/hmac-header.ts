/**
 * A configurable HMAC header scheme (SHA-256, SHA-1 for older providers, SHA-512) covering the many
 * providers that sign `[timestamp + separator] + body` and put the MAC in one header, hex or
 * base64, maybe prefixed (`sha256=`). GitHub's `X-Hub-Signature-256` is this scheme with a fixed
 * configuration.
 */
import { fromBase64, fromHex, hexEquals, timingSafeEqual, toBase64, toHex, utf8 } from "../bytes.js";
import { hmac } from "../hmac.js";
import { withImmediateVerify } from "./immediate.js";
import {
  bodyBytes,
  fail,
  parseUnixSeconds,
  type SignatureScheme,
  secretList,
  timestampProblem,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface HmacHeaderOptions {
  secrets: string | readonly string[];
  /** Header carrying the signature, e.g. `X-Signature`. */
  header: string;
  /** The HMAC's hash: `sha256` (default), `sha1` (Vercel, GitHub's legacy header) or `sha512`. */
  algorithm?: "sha256" | "sha1" | "sha512";
  /** How the MAC is written in the header. Default `hex`. */
  encoding?: "hex" | "base64";
  /** Text before the MAC in the header, e.g. `sha256=`. Default none. */
  prefix?: string;
  /** How secrets become key bytes. Default `utf8` (the secret text itself). */
  secretEncoding?: "utf8" | "base64" | "hex";
  /** When set, the signed content is `${timestamp}${timestampSeparator}${body}` and the window is checked. */
  timestampHeader?: string;
  /** Default `.`. */
  timestampSeparator?: string;
  /** Header holding a unique delivery id, used for de-duplication. */
  deliveryIdHeader?: string;
  /** Name reported in errors. */
  name?: string;
}

const HASHES = { sha256: "SHA-256", sha1: "SHA-1", sha512: "SHA-512" } as const;

export function secretBytes(secret: string, encoding: "utf8" | "base64" | "hex" = "utf8"): Uint8Array {
  const bytes =
    encoding === "utf8" ? utf8(secret) : encoding === "hex" ? fromHex(secret) : fromBase64(secret);
  if (!bytes || bytes.length === 0) throw new TypeError(`the secret is not valid ${encoding}`);
  return bytes;
}

export function hmacHeader(options: HmacHeaderOptions): SignatureScheme {
  const hash = HASHES[options.algorithm ?? "sha256"];
  const name = options.name ?? `hmac-${options.algorithm ?? "sha256"}`;
  // node:crypto's synchronous HMAC once the Node adapter installs it, for every hash.
  const macOf = (key: Uint8Array, parts: readonly Uint8Array[]) => hmac(hash, key, parts);
  const keys = secretList(options.secrets, name).map((s) => secretBytes(s, options.secretEncoding));
  const header = options.header.toLowerCase();
  const encoding = options.encoding ?? "hex";
  const prefix = options.prefix ?? "";
  const timestampHeader = options.timestampHeader?.toLowerCase();
  const separator = utf8(options.timestampSeparator ?? ".");
  const deliveryIdHeader = options.deliveryIdHeader?.toLowerCase();

  const signedParts = (body: Uint8Array, timestamp: string | undefined) =>
    timestampHeader === undefined ? [body] : [utf8(timestamp ?? ""), separator, body];
  /** The MAC written after `prefix` in `value`. */
  const decodeAfterPrefix = (value: string) =>
    encoding === "hex" ? fromHex(value, prefix.length) : fromBase64(value.slice(prefix.length));
  /**
   * The MAC as sent: base64 decoded, hex left in the header's text and compared digit by digit (a
   * malformed hex MAC then simply does not match; `malformed` tells it apart on the way out).
   */
  type SentMac = Uint8Array | string;
  const equalsSent = (computed: Uint8Array, sent: SentMac): boolean =>
    typeof sent === "string" ? hexEquals(computed, sent, prefix.length) : timingSafeEqual(computed, sent);
  /** A refusal of a header whose MAC is not in `encoding` (or empty); checked only on failure paths. */
  const malformed = (sent: SentMac): VerifyResult | undefined => {
    const signature = typeof sent === "string" ? decodeAfterPrefix(sent) : sent;
    return !signature || signature.length === 0
      ? fail("malformed-signature", `${options.header} is not ${encoding}`)
      : undefined;
  };

  /** Checks every key (no early exit, so timing does not tell which secret matched). */
  const matchesAny = (parts: readonly Uint8Array[], signature: SentMac): boolean | Promise<boolean> => {
    let matched = false;
    for (let i = 0; i < keys.length; i++) {
      const computed = macOf(keys[i]!, parts);
      if (!(computed instanceof Uint8Array)) return matchesFrom(i, computed, matched, parts, signature);
      matched = equalsSent(computed, signature) || matched;
    }
    return matched;
  };
  /** The rest of `matchesAny` once an HMAC implementation answers with a promise (Web Crypto). */
  const matchesFrom = async (
    at: number,
    computing: Promise<Uint8Array>,
    matchedBefore: boolean,
    parts: readonly Uint8Array[],
    signature: SentMac,
  ): Promise<boolean> => {
    let matched = equalsSent(await computing, signature) || matchedBefore;
    for (let i = at + 1; i < keys.length; i++) {
      const computed = macOf(keys[i]!, parts);
      const mac = computed instanceof Uint8Array ? computed : await computed;
      matched = equalsSent(mac, signature) || matched;
    }
    return matched;
  };
  const outcome = (
    matched: boolean,
    signature: SentMac,
    timestamp: number | undefined,
    input: VerifyInput,
  ): VerifyResult => {
    if (!matched)
      return malformed(signature) ?? fail("bad-signature", `${options.header} does not match the body`);
    if (timestamp !== undefined) {
      const problem = timestampProblem(timestamp, input);
      if (problem) return problem;
    }
    const deliveryId = deliveryIdHeader === undefined ? undefined : input.headers(deliveryIdHeader);
    const result: Extract<VerifyResult, { ok: true }> = { ok: true };
    if (deliveryId) result.deliveryId = deliveryId;
    if (timestamp !== undefined) result.timestamp = timestamp;
    return result;
  };

  // Synchronous whenever the HMAC is (node:crypto): no promise per delivery for the receiver.
  const verifyNow = (input: VerifyInput): VerifyResult | Promise<VerifyResult> => {
    const value = input.headers(header);
    if (!value) return fail("missing-signature", `expected header ${options.header}`);
    const trimmed = value.trim();
    if (!trimmed.startsWith(prefix))
      return fail("malformed-signature", `${options.header} must start with ${prefix}`);
    let signature: SentMac = trimmed;
    if (encoding !== "hex") {
      const decoded = decodeAfterPrefix(trimmed);
      if (!decoded || decoded.length === 0)
        return fail("malformed-signature", `${options.header} is not ${encoding}`);
      signature = decoded;
    }
    let timestamp: number | undefined;
    let timestampText: string | undefined;
    if (timestampHeader !== undefined) {
      // A malformed MAC is what the header would be refused for first.
      timestampText = input.headers(timestampHeader)?.trim();
      if (!timestampText)
        return (
          malformed(signature) ?? fail("missing-signature", `expected header ${options.timestampHeader}`)
        );
      timestamp = parseUnixSeconds(timestampText);
      if (timestamp === undefined)
        return (
          malformed(signature) ??
          fail("malformed-signature", `${options.timestampHeader} is not a Unix timestamp`)
        );
    }
    const matching = matchesAny(signedParts(input.body, timestampText), signature);
    return typeof matching === "boolean"
      ? outcome(matching, signature, timestamp, input)
      : matching.then((matched) => outcome(matched, signature, timestamp, input));
  };

  const scheme: SignatureScheme = {
    name,
    async verify(input): Promise<VerifyResult> {
      return verifyNow(input);
    },
    async sign(input) {
      const body = bodyBytes(input.body);
      const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
      const mac = await macOf(keys[0]!, signedParts(body, timestamp));
      const headers: Record<string, string> = {
        [options.header]: prefix + (encoding === "hex" ? toHex(mac) : toBase64(mac)),
      };
      if (options.timestampHeader !== undefined) headers[options.timestampHeader] = timestamp;
      if (options.deliveryIdHeader !== undefined && input.id !== undefined)
        headers[options.deliveryIdHeader] = input.id;
      return headers;
    },
  };
  return withImmediateVerify(scheme, verifyNow);
}

export interface GithubSignatureOptions {
  secrets: string | readonly string[];
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`; delivery id in `X-GitHub-Delivery`. */
export function githubSignature(options: GithubSignatureOptions): SignatureScheme {
  return hmacHeader({
    name: "github",
    secrets: options.secrets,
    header: "X-Hub-Signature-256",
    prefix: "sha256=",
    encoding: "hex",
    deliveryIdHeader: "X-GitHub-Delivery",
  });
}

/**
 * Schemes that authenticate the sender with a credential rather than a signature: HTTP Basic
 * authentication (Postmark, Chargebee, SparkPost, Pipedrive and others take `https://user:password@…`
 * as the webhook URL) and a secret token in a header of the provider's choosing (Cloudflare's
 * `cf-webhook-auth`, Flutterwave's `verif-hash`, …). Neither covers the body: de-duplication and
 * the payload's validation are what stand between a replay and a handler.
 */
import { fromBase64, fromUtf8, timingSafeEqual, toBase64, utf8 } from "../bytes.js";
import { sha256 } from "../hmac.js";
import {
  fail,
  type SignatureScheme,
  type SignInput,
  secretList,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

/**
 * For providers that send a shared secret instead of a signature: whether `value` is one of
 * `secrets`. Compared by SHA-256 digest, every secret tried, so the time taken says nothing of a
 * secret, not even its length.
 */
export function sharedSecretMatcher(secrets: readonly string[]): (value: string) => Promise<boolean> {
  const digests = Promise.all(secrets.map((secret) => sha256(utf8(secret))));
  return async (value) => {
    const sent = await sha256(utf8(value));
    let matched = false;
    for (const digest of await digests) matched = timingSafeEqual(sent, digest) || matched;
    return matched;
  };
}

export interface BasicAuthOptions {
  /** `user:password` pairs: every one is accepted, the first is sent. */
  secrets: string | readonly string[];
  /** The realm named in the 401's challenge. Default `webhooks`. */
  realm?: string;
}

/**
 * HTTP Basic authentication (RFC 7617): `Authorization: Basic <base64 of user:password>`. A
 * request without it, or with other credentials, gets 401 with a `WWW-Authenticate: Basic`
 * challenge, which is what an HTTP client that does not send credentials up front waits for.
 */
export function basicAuthSignature(options: BasicAuthOptions): SignatureScheme {
  const pairs = secretList(options.secrets, "basic-auth");
  for (const pair of pairs)
    if (!pair.includes(":")) throw new TypeError("basic-auth: each secret is `user:password`");
  const matches = sharedSecretMatcher(pairs);
  const challenge = `Basic realm="${(options.realm ?? "webhooks").replace(/["\\]/g, "")}", charset="UTF-8"`;
  return {
    name: "basic-auth",
    async verify(input) {
      const value = input.headers("authorization")?.trim();
      const refused = (
        reason: "missing-signature" | "malformed-signature" | "bad-signature",
        message: string,
      ) => ({
        ...fail(reason, message),
        challenge,
      });
      if (value === undefined || value === "")
        return refused("missing-signature", "expected Basic credentials");
      const [scheme, encoded, ...rest] = value.split(/\s+/);
      if (scheme?.toLowerCase() !== "basic" || encoded === undefined || rest.length > 0)
        return refused("malformed-signature", "Authorization is not Basic credentials");
      const decoded = fromBase64(encoded);
      if (decoded === undefined)
        return refused("malformed-signature", "the Basic credentials are not base64");
      if (!(await matches(fromUtf8(decoded))))
        return refused("bad-signature", "the Basic credentials do not match");
      return { ok: true };
    },
    async sign() {
      return { Authorization: `Basic ${toBase64(utf8(pairs[0]!))}` };
    },
  };
}

export interface HeaderTokenOptions {
  /** The scheme's name, as errors and reports say it. */
  name: string;
  /** Secret tokens: every one is accepted, the first is sent. */
  secrets: string | readonly string[];
  /** The header the token comes in, as the provider writes it. */
  header: string;
  /** The delivery id, read once the token matched (a header, or a body field). */
  deliveryId?: (input: VerifyInput) => string | undefined;
  /** Headers a sender writes after the token (a delivery id, a channel's headers). */
  sentHeaders?: (input: SignInput) => Record<string, string>;
}

/**
 * The scheme of every provider that sends a secret token as is in one header (GitLab, Telegram,
 * Google's watch channels, the generic `token`): compared by digest, then the delivery id.
 */
export function headerTokenScheme(options: HeaderTokenOptions): SignatureScheme {
  const tokens = secretList(options.secrets, options.name);
  const matches = sharedSecretMatcher(tokens);
  const header = options.header.toLowerCase();
  return {
    name: options.name,
    async verify(input): Promise<VerifyResult> {
      const value = input.headers(header);
      if (value === undefined) return fail("missing-signature", `expected header ${options.header}`);
      if (!(await matches(value)))
        return fail("bad-signature", `${options.header} does not match the secret token`);
      const deliveryId = options.deliveryId?.(input);
      return deliveryId ? { ok: true, deliveryId } : { ok: true };
    },
    async sign(input) {
      return { [options.header]: tokens[0]!, ...options.sentHeaders?.(input) };
    },
  };
}

export interface TokenOptions {
  /** Secret tokens: every one is accepted, the first is sent. */
  secrets: string | readonly string[];
  /** The header the provider sends the token in. Default `Authorization`. */
  header?: string;
}

/** A secret token in one header, sent as is by the provider and compared by digest. */
export function tokenSignature(options: TokenOptions): SignatureScheme {
  return headerTokenScheme({
    name: "token",
    secrets: options.secrets,
    header: options.header ?? "Authorization",
  });
}

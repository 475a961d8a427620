/**
 * Google Cloud Pub/Sub push subscriptions with authentication (also Gmail push notifications and
 * Google Play's real-time developer notifications, which arrive that way): every push carries
 * `Authorization: Bearer <OIDC token>`, an RS256 JWT Google signs for the subscription's service
 * account. As Google's guide says, a push is accepted when the token verifies under one of Google's
 * keys (https://www.googleapis.com/oauth2/v3/certs), its issuer is Google, its audience is the
 * subscription's (by default the push endpoint's URL), it has not expired, and its `email` is a
 * service account you accept, verified.
 *
 * What you configure (`secrets`): the service account emails whose pushes are accepted; `audience`
 * when the subscription sets one. The token does not cover the body (Pub/Sub authenticates the
 * pusher), so de-duplication by `message.messageId`, the delivery id, is what stops a replay within
 * the token's hour. A sender (tests, `trigger`, `verify`) takes an RSA private key as JWK JSON with
 * a `kid`, and `serviceAccountEmail`.
 *
 * Google's keys are read once and kept for as long as the answer's `Cache-Control` says; a token
 * naming a key not among them reads them again, at most once a minute (Google rotates its keys),
 * so forged `kid`s cost nothing. A read that fails throws: the push gets a 5xx and Pub/Sub retries.
 */
import { fromUtf8 } from "../bytes.js";
import { base64url, bearerJwt, type Jwt, signingInput } from "./jwt.js";
import {
  fail,
  jsonObjectOfText,
  type SignatureScheme,
  type SignInput,
  secretList,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface GooglePubsubOptions {
  /** Service account emails whose pushes are accepted; a sender: its RSA private key as JWK JSON with `kid`. */
  secrets: string | readonly string[];
  /** The audience the subscription puts in its tokens (default: the URL the push arrived at). */
  audience?: string;
  /** Sender: the service account email its tokens carry. */
  serviceAccountEmail?: string;
  /** Where Google's keys are read from (default Google's; a proxy, tests). */
  certsUrl?: string;
}

const GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v3/certs";
const ISSUERS = new Set(["https://accounts.google.com", "accounts.google.com"]);
const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
/** How soon an unknown `kid` may make the keys be read again. */
const REREAD_AFTER_MS = 60_000;
const DEFAULT_MAX_AGE_S = 3_600;
const MAX_KEYS = 32;
/** Google's tokens for Pub/Sub live an hour. */
const TOKEN_LIFETIME_S = 3_600;

export function googlePubsubSignature(options: GooglePubsubOptions): SignatureScheme {
  const entries = secretList(options.secrets, "google-pubsub");
  const privateJwk = entries.find((entry) => entry.trim().startsWith("{"));
  const accepted = new Set(
    entries.filter((entry) => entry !== privateJwk).map((email) => email.trim().toLowerCase()),
  );
  const keys = googleKeys(options.certsUrl ?? GOOGLE_CERTS);

  let signingKey: Promise<{ key: CryptoKey; kid: string }> | undefined;
  const signer = () => {
    signingKey ??= (async () => {
      const jwk =
        privateJwk === undefined
          ? undefined
          : (jsonObjectOfText(privateJwk) as JsonWebKey & { kid?: unknown });
      if (jwk?.d === undefined || typeof jwk.kid !== "string")
        throw new TypeError("google-pubsub: signing needs an RSA private key as JWK JSON with a kid");
      const { kid, ...key } = jwk;
      return {
        key: await crypto.subtle.importKey("jwk", { ...key, key_ops: ["sign"] }, RS256, false, ["sign"]),
        kid,
      };
    })();
    return signingKey;
  };

  return {
    name: "google-pubsub",
    async verify(input: VerifyInput): Promise<VerifyResult> {
      const jwt = bearerJwt(input.headers);
      if ("ok" in jwt) return jwt;
      // Only RS256, Google's: a token naming another algorithm is refused whatever it carries.
      if (jwt.header.alg !== "RS256" || typeof jwt.header.kid !== "string")
        return fail("malformed-signature", "the token is not RS256 with a kid");
      const audience = options.audience ?? input.url;
      if (audience === undefined)
        return fail("bad-signature", "the push URL is needed as the audience (pass publicUrl, or audience)");
      const problem = claimsProblem(jwt, input, audience, accepted);
      if (problem) return problem;
      const key = await keys.keyFor(jwt.header.kid);
      if (key === undefined) return fail("bad-signature", `no key of Google's is ${jwt.header.kid}`);
      const verified = await crypto.subtle.verify(
        RS256,
        key,
        jwt.signature as Uint8Array<ArrayBuffer>,
        jwt.signed as Uint8Array<ArrayBuffer>,
      );
      if (!verified) return fail("bad-signature", "the token's signature does not verify under Google's key");
      // The id comes from verification, not from routing's payload field: the queued receiver takes a
      // delivery's id from here at ingest, before anything parses the body (and it is nested).
      const message = jsonObjectOfText(fromUtf8(input.body))?.message as { messageId?: unknown } | undefined;
      const id = message?.messageId;
      return typeof id === "string" && id !== "" ? { ok: true, deliveryId: id } : { ok: true };
    },
    async sign(input: SignInput) {
      const { key, kid } = await signer();
      const email = options.serviceAccountEmail;
      if (email === undefined) throw new TypeError("google-pubsub: signing needs serviceAccountEmail");
      const audience = options.audience ?? input.url;
      if (audience === undefined)
        throw new TypeError("google-pubsub: signing needs an audience or the push URL");
      const iat = input.timestamp ?? Math.floor(Date.now() / 1000);
      const signed = signingInput(
        { alg: "RS256", kid, typ: "JWT" },
        {
          iss: "https://accounts.google.com",
          aud: audience,
          email,
          email_verified: true,
          sub: email,
          iat,
          exp: iat + TOKEN_LIFETIME_S,
        },
      );
      const signature = new Uint8Array(
        await crypto.subtle.sign(RS256, key, new TextEncoder().encode(signed)),
      );
      return { Authorization: `Bearer ${signed}.${base64url(signature)}` };
    },
  };
}

/** What is wrong with a token's claims for this receiver, if anything. */
function claimsProblem(
  jwt: Jwt,
  input: VerifyInput,
  audience: string,
  accepted: ReadonlySet<string>,
): VerifyResult | undefined {
  const { iss, aud, exp, iat, email, email_verified: verified } = jwt.claims;
  if (typeof iss !== "string" || !ISSUERS.has(iss))
    return fail("bad-signature", "the token is not issued by Google");
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(audience))
    return fail("bad-signature", `the token is for another audience than ${audience}`);
  if (typeof email !== "string" || verified !== true || !accepted.has(email.toLowerCase()))
    return fail("bad-signature", "the token is not for a service account this receiver accepts");
  if (typeof exp !== "number" || typeof iat !== "number")
    return fail("malformed-signature", "the token has no exp or iat");
  // RFC 7519: a token is valid only before its `exp`.
  if (input.now >= exp)
    return fail("stale-timestamp", `the token expired ${Math.round(input.now - exp)} s ago`);
  if (iat > input.now + input.toleranceSeconds)
    return fail("stale-timestamp", "the token is issued in the future");
  return undefined;
}

/** Google's signing keys by kid, read when first needed, again when they expire or a new kid appears. */
function googleKeys(url: string) {
  let keys = new Map<string, CryptoKey>();
  let readAt = Number.NEGATIVE_INFINITY;
  let expiresAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  async function read(): Promise<void> {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });
    if (response.status !== 200)
      throw new Error(`google-pubsub: Google's keys at ${url} answered ${response.status}`);
    const list = (jsonObjectOfText(await response.text())?.keys ?? []) as unknown[];
    const next = new Map<string, CryptoKey>();
    for (const jwk of Array.isArray(list) ? list.slice(0, MAX_KEYS) : []) {
      const { kid, kty, n, e } = (jwk ?? {}) as Record<string, unknown>;
      if (typeof kid !== "string" || kty !== "RSA" || typeof n !== "string" || typeof e !== "string")
        continue;
      next.set(kid, await crypto.subtle.importKey("jwk", { kty, n, e }, RS256, false, ["verify"]));
    }
    const maxAge = Number(
      /max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1] ?? DEFAULT_MAX_AGE_S,
    );
    keys = next;
    readAt = Date.now();
    expiresAt = readAt + Math.min(maxAge, 86_400) * 1000;
  }

  return {
    async keyFor(kid: string): Promise<CryptoKey | undefined> {
      const now = Date.now();
      const due = now >= expiresAt || (!keys.has(kid) && now - readAt >= REREAD_AFTER_MS);
      if (due) {
        reading ??= read().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return keys.get(kid);
    },
  };
}

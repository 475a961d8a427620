/**
 * Plaid webhooks: `Plaid-Verification` is a JWT signed with ES256. Its header names the key
 * (`kid`); its claims are `iat` and `request_body_sha256`, the hex SHA-256 of the body. The key is
 * Plaid's, fetched with the app's API credentials from `/webhook_verification_key/get` (Plaid's
 * documented way: no public key is published). Following Plaid's guide, a token is accepted when
 * its algorithm is ES256, its key is one Plaid has not expired, its signature verifies, it is at
 * most five minutes old (the receiver's tolerance, 300 s by default) and the body hashes to its
 * claim.
 *
 * What you configure (`secrets`): `client_id:secret` (the credentials the key is fetched with), or
 * Plaid's public keys as JWK JSON with their `kid` (no call is made for those). A sender (tests,
 * `trigger`, `verify`) takes its private key as JWK JSON with a `kid`.
 *
 * Each key is fetched once and kept for a day, as is Plaid's answer that it does not know a key or
 * has expired it (a bounded number of each), so a run of forged tokens naming one key costs one
 * call, and a key Plaid expires stops verifying within a day.
 * A call that fails otherwise (network, 5xx, credentials Plaid refuses) throws: the delivery gets
 * a 5xx, Plaid retries it, and `onError` says why. Plaid's payloads carry no delivery id.
 */
import { timingSafeEqual, toHex, utf8 } from "../bytes.js";
import { sha256 } from "../hmac.js";
import { base64url, parseJwt, signingInput } from "./jwt.js";
import {
  derToRawEcdsa,
  importPrivateKey,
  importPublicKey,
  signAsymmetric,
  verifyAsymmetric,
} from "./keys.js";
import {
  bodyBytes,
  fail,
  jsonObjectOfText,
  type SignatureScheme,
  type SignInput,
  secretList,
  timestampProblem,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface PlaidOptions {
  /** `client_id:secret`, and/or Plaid's public keys as JWK JSON with `kid`; a sender: its private JWK with `kid`. */
  secrets: string | readonly string[];
  /** Plaid's API the keys are fetched from: `production` (default) or `sandbox`. */
  environment?: "production" | "sandbox";
  /** Another base URL for Plaid's API (a proxy; tests), in place of `environment`'s. */
  apiBaseUrl?: string;
}

const HEADER = "plaid-verification";
const API = { production: "https://production.plaid.com", sandbox: "https://sandbox.plaid.com" } as const;
/** Plaid's answer for a key it does not know (anything else that is not 200 is a failure to retry). */
const UNKNOWN_KEY = "INVALID_WEBHOOK_VERIFICATION_KEY_ID";
const MAX_KEYS = 256;
/** How long Plaid's answer about a key is kept before it is asked again. */
const KEY_ANSWER_TTL_MS = 24 * 3600 * 1000;
const MAX_KID_LENGTH = 128;

interface Jwk {
  kid?: unknown;
  d?: unknown;
}

export function plaidSignature(options: PlaidOptions): SignatureScheme {
  const entries = secretList(options.secrets, "plaid");
  const jwks: Jwk[] = [];
  let credentials: { client_id: string; secret: string } | undefined;
  for (const [index, entry] of entries.entries()) {
    const text = entry.trim();
    const jwk = text.startsWith("{") ? (jsonObjectOfText(text) as Jwk | undefined) : undefined;
    if (jwk) jwks.push(jwk);
    else if (text.includes(":") && !text.startsWith("{")) {
      const at = text.indexOf(":");
      credentials ??= { client_id: text.slice(0, at), secret: text.slice(at + 1) };
    } else throw new TypeError(`plaid: secret ${index} is neither client_id:secret nor a JWK`);
  }
  const apiBaseUrl = (options.apiBaseUrl ?? API[options.environment ?? "production"]).replace(/\/+$/, "");
  /** Keys given as secrets, by kid. */
  const configured = new Map<string, Promise<CryptoKey>>();
  for (const [index, jwk] of jwks.entries()) {
    if (typeof jwk.kid !== "string") continue;
    const key = importPublicKey(JSON.stringify(jwk), "ecdsa-p256", "plaid", index);
    // A key that cannot be imported fails the deliveries that name it, not the process meanwhile.
    key.catch(() => {});
    configured.set(jwk.kid, key);
  }
  /**
   * Keys fetched from Plaid by kid (undefined where Plaid does not know the kid or has expired it),
   * with when: an answer older than a day is asked again, so a key Plaid expires stops verifying.
   */
  const fetched = new Map<string, { key: Promise<CryptoKey | undefined>; at: number }>();

  function keyFor(kid: string): Promise<CryptoKey | undefined> {
    const given = configured.get(kid);
    if (given !== undefined) return given;
    const known = fetched.get(kid);
    if (known !== undefined && Date.now() - known.at < KEY_ANSWER_TTL_MS) return known.key;
    if (credentials === undefined) return Promise.resolve(undefined);
    const key = fetchKey(credentials, kid);
    const entry = { key, at: Date.now() };
    key.catch(() => {
      if (fetched.get(kid) === entry) fetched.delete(kid);
    });
    fetched.delete(kid);
    if (fetched.size >= MAX_KEYS) fetched.delete(fetched.keys().next().value as string);
    fetched.set(kid, entry);
    return key;
  }

  async function fetchKey(body: { client_id: string; secret: string }, kid: string) {
    const response = await fetch(`${apiBaseUrl}/webhook_verification_key/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, key_id: kid }),
      signal: AbortSignal.timeout(10_000),
      redirect: "error",
    });
    const answer = jsonObjectOfText(await response.text());
    if (response.status !== 200) {
      if (answer?.error_code === UNKNOWN_KEY) return undefined;
      const code = typeof answer?.error_code === "string" ? ` ${answer.error_code}` : "";
      throw new Error(`plaid: /webhook_verification_key/get answered ${response.status}${code}`);
    }
    const key = answer?.key as {
      expired_at?: unknown;
      kty?: unknown;
      crv?: unknown;
      x?: unknown;
      y?: unknown;
    };
    if (key === null || typeof key !== "object")
      throw new Error("plaid: /webhook_verification_key/get gave no key");
    if (key.expired_at !== null && key.expired_at !== undefined) return undefined;
    return importPublicKey(
      JSON.stringify({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }),
      "ecdsa-p256",
      "plaid",
      0,
    );
  }

  let signingKey: Promise<{ key: CryptoKey; kid: string }> | undefined;
  const signer = () => {
    signingKey ??= (async () => {
      const jwk = jwks.find((candidate) => candidate.d !== undefined);
      if (jwk === undefined || typeof jwk.kid !== "string")
        throw new TypeError("plaid: signing needs a private key as JWK JSON with a kid");
      return { key: await importPrivateKey(JSON.stringify(jwk), "ecdsa-p256", "plaid", 0), kid: jwk.kid };
    })();
    return signingKey;
  };

  return {
    name: "plaid",
    async verify(input: VerifyInput): Promise<VerifyResult> {
      const token = input.headers(HEADER);
      if (token === undefined) return fail("missing-signature", "expected header Plaid-Verification");
      const parsed = parseToken(token.trim());
      if (typeof parsed === "string") return fail("malformed-signature", `Plaid-Verification ${parsed}`);
      const stale = timestampProblem(parsed.iat, input);
      if (stale) return stale;
      const hash = utf8(toHex(await sha256(input.body)));
      if (!timingSafeEqual(hash, utf8(parsed.bodyHash.toLowerCase())))
        return fail("bad-signature", "request_body_sha256 of Plaid-Verification does not match the body");
      const key = await keyFor(parsed.kid);
      if (key === undefined)
        return fail("bad-signature", `Plaid does not know the key ${parsed.kid}, or has expired it`);
      if (!(await verifyAsymmetric("ecdsa-p256", key, parsed.signature, parsed.signed)))
        return fail("bad-signature", "Plaid-Verification's signature does not verify");
      return { ok: true, timestamp: parsed.iat };
    },
    async sign(input: SignInput) {
      const { key, kid } = await signer();
      const signed = signingInput(
        { alg: "ES256", kid, typ: "JWT" },
        {
          iat: input.timestamp ?? Math.floor(Date.now() / 1000),
          request_body_sha256: toHex(await sha256(bodyBytes(input.body))),
        },
      );
      const der = await signAsymmetric("ecdsa-p256", key, utf8(signed));
      return { "Plaid-Verification": `${signed}.${base64url(derToRawEcdsa(der, 32) as Uint8Array)}` };
    },
  };
}

interface PlaidToken {
  kid: string;
  iat: number;
  bodyHash: string;
  /** The JWS signing input, `header.payload`. */
  signed: Uint8Array;
  /** r‖s, 64 bytes. */
  signature: Uint8Array;
}

/** The parts of a Plaid token, or what is wrong with it. */
function parseToken(token: string): PlaidToken | string {
  const jwt = parseJwt(token);
  if (!jwt) return "is not a JWT";
  // Only ES256: a token naming another algorithm (`none`, HS256 keyed by the public key) is refused.
  if (jwt.header.alg !== "ES256") return "must be signed with ES256";
  const { kid } = jwt.header;
  if (typeof kid !== "string" || kid === "" || kid.length > MAX_KID_LENGTH) return "names no key (kid)";
  const { iat, request_body_sha256: bodyHash } = jwt.claims;
  if (typeof iat !== "number" || !Number.isFinite(iat)) return "has no iat";
  if (typeof bodyHash !== "string" || !/^[0-9a-fA-F]{64}$/.test(bodyHash))
    return "has no request_body_sha256";
  if (jwt.signature.length !== 64) return "has no ES256 signature";
  return { kid, iat, bodyHash, signed: jwt.signed, signature: jwt.signature };
}

/**
 * A secret of the same form as the real one but another value, so a receiver that refuses it does
 * so because the signature does not verify, not because the secret was malformed. Key pairs
 * (PEM, `whsk_`) cannot be forged that way: `undefined`.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";

export function otherSecret(secret: string): string | undefined {
  if (/-----BEGIN|^whsk_|^whpk_/.test(secret)) return undefined;
  if (secret.trim().startsWith("{")) return otherJwk(secret);
  if (secret.startsWith("whsec_")) return `whsec_${randomBytes(24).toString("base64")}`;
  // HTTP Basic credentials: the same user, another password (what a receiver must check too).
  const user = /^([^:]+):./.exec(secret)?.[1];
  if (user !== undefined) return `${user}:${randomBytes(12).toString("hex")}`;
  // Hex keys (Adyen's HMAC key) stay hex, in the same case.
  if (/^(?:[0-9a-f]{2})+$/.test(secret) || /^(?:[0-9A-F]{2})+$/.test(secret)) {
    const hex = randomBytes(Math.max(8, secret.length / 2)).toString("hex");
    return /[A-F]/.test(secret) ? hex.toUpperCase() : hex;
  }
  // Base64 text (Standard Webhooks without the prefix, Shopify-like keys) stays base64.
  if (/^[A-Za-z0-9+/]{16,}={0,2}$/.test(secret) && secret.length % 4 === 0)
    return randomBytes((secret.length / 4) * 3).toString("base64");
  return randomBytes(Math.max(8, Math.ceil(secret.length / 2))).toString("hex");
}

/**
 * A private JWK (Plaid's EC key, the RSA key that signs Google's tokens) gets a fresh key pair of
 * the same kind under the same `kid`: the receiver then finds the key the token names and must
 * refuse the signature. Other JWKs: none.
 */
function otherJwk(secret: string): string | undefined {
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(secret) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof jwk.d !== "string") return undefined;
  if (jwk.kty === "EC" && jwk.crv === "P-256") {
    const fresh = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
    return JSON.stringify({ ...withoutKeyFields(jwk), x: fresh.x, y: fresh.y, d: fresh.d });
  }
  if (jwk.kty === "RSA" && typeof jwk.n === "string") {
    const modulusLength = Math.max(2048, Math.round((jwk.n.length * 6) / 8) * 8);
    const fresh = generateKeyPairSync("rsa", { modulusLength }).privateKey.export({ format: "jwk" });
    const { kty: _kty, ...parts } = fresh;
    return JSON.stringify({ ...withoutKeyFields(jwk), ...parts });
  }
  return undefined;
}

/** The JWK's own fields (kid, alg, use...) without its key material. */
const withoutKeyFields = (jwk: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(jwk).filter(
      ([field]) => !["x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi"].includes(field),
    ),
  );

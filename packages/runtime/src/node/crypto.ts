/** `node:crypto`'s synchronous HMAC: several times cheaper per delivery than `crypto.subtle`'s promise round trip. */
import { createHmac, createSecretKey, KeyObject, verify } from "node:crypto";
import { type Hmac, type HmacSha256, setHmac, setHmacSha256 } from "../webhooks/hmac.js";
import { type AsymmetricVerifier, setAsymmetricVerifier } from "../webhooks/signatures/keys.js";

// Keys are long-lived (prepared once per receiver): a KeyObject saves copying them on every MAC.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

export const nodeHmacSha256: HmacSha256 = (key, parts) => {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  const hmac = createHmac("sha256", keyObject);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
};

export const nodeHmac: Hmac = (hash, key, parts) => {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  const hmac = createHmac(hash === "SHA-1" ? "sha1" : "sha256", keyObject);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
};

const publicKeyObjects = new WeakMap<CryptoKey, KeyObject>();

/** `node:crypto`'s synchronous Ed25519 / ECDSA verify: no promise per delivery. */
export const nodeVerify: AsymmetricVerifier = (algorithm, key, signature, data) => {
  let keyObject = publicKeyObjects.get(key);
  if (!keyObject) {
    keyObject = KeyObject.from(key);
    publicKeyObjects.set(key, keyObject);
  }
  try {
    return verify(
      algorithm === "ed25519" ? null : "sha256",
      data,
      algorithm === "ed25519"
        ? keyObject
        : { key: keyObject, dsaEncoding: signature.length === 64 ? "ieee-p1363" : "der" },
      signature,
    );
  } catch {
    return false;
  }
};

let installed = false;

/** Called by every Node adapter: from then on all schemes use `node:crypto` (same results, faster). */
export function useNodeCrypto(): void {
  if (installed) return;
  installed = true;
  setHmacSha256(nodeHmacSha256);
  setHmac(nodeHmac);
  setAsymmetricVerifier(nodeVerify);
}

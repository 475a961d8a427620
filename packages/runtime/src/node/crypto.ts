/** `node:crypto`'s synchronous HMAC: several times cheaper per delivery than `crypto.subtle`'s promise round trip. */
import { createHmac, createSecretKey, KeyObject, verify } from "node:crypto";
import { type Hmac, type HmacSha256, setHmac, setHmacSha256 } from "../webhooks/hmac.js";
import { type AsymmetricVerifier, setAsymmetricVerifier } from "../webhooks/signatures/keys.js";

// Keys are long-lived (prepared once per receiver): a KeyObject saves copying them on every MAC.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
// A receiver with one secret asks for the same key on every delivery: no WeakMap lookup for it.
// (This holds on to the last key used, one key per process, even after its receiver is gone.)
let lastKey: Uint8Array | undefined;
let lastKeyObject: KeyObject | undefined;

function keyObjectOf(key: Uint8Array): KeyObject {
  if (key === lastKey) return lastKeyObject!;
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  lastKey = key;
  lastKeyObject = keyObject;
  return keyObject;
}

export const nodeHmacSha256: HmacSha256 = (key, parts) => {
  const hmac = createHmac("sha256", keyObjectOf(key));
  for (const part of parts) hmac.update(part);
  return hmac.digest();
};

const NODE_HASHES = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512" } as const;

export const nodeHmac: Hmac = (hash, key, parts) => {
  const hmac = createHmac(NODE_HASHES[hash], keyObjectOf(key));
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

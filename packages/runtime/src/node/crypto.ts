/** `node:crypto`'s synchronous HMAC: several times cheaper per delivery than `crypto.subtle`'s promise round trip. */
import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { type HmacSha256, setHmacSha256 } from "../webhooks/hmac.js";

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

let installed = false;

/** Called by every Node adapter: from then on all schemes use `node:crypto` (same results, faster). */
export function useNodeCrypto(): void {
  if (installed) return;
  installed = true;
  setHmacSha256(nodeHmacSha256);
}

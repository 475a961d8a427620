/** `node:crypto`'s synchronous HMAC: several times cheaper per delivery than `crypto.subtle`'s promise round trip. */
import { createHmac } from "node:crypto";
import { type HmacSha256, setHmacSha256 } from "../webhooks/hmac.js";

export const nodeHmacSha256: HmacSha256 = (key, parts) => {
  const hmac = createHmac("sha256", key);
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

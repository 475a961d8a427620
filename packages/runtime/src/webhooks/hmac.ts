/**
 * HMAC-SHA256, the one primitive every supported symmetric scheme is built on. The default uses Web
 * Crypto (`crypto.subtle`) so the core runs anywhere; a platform adapter may install a faster
 * synchronous implementation (the Node adapter uses `node:crypto`) through `setHmacSha256`.
 */
import { concatBytes } from "./bytes.js";

/** Computes HMAC-SHA256(key, concatenation of `parts`). */
export type HmacSha256 = (key: Uint8Array, parts: readonly Uint8Array[]) => Uint8Array | Promise<Uint8Array>;

// Importing a key costs more than one MAC over a small body; receivers use the same few secrets for
// their whole life, so keys are cached by the identity of the (prepared, long-lived) key bytes.
const importedKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

function importKey(key: Uint8Array): Promise<CryptoKey> {
  let imported = importedKeys.get(key);
  if (!imported) {
    imported = globalThis.crypto.subtle.importKey(
      "raw",
      key as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    importedKeys.set(key, imported);
  }
  return imported;
}

export const webCryptoHmacSha256: HmacSha256 = async (key, parts) => {
  const cryptoKey = await importKey(key);
  const mac = await globalThis.crypto.subtle.sign(
    "HMAC",
    cryptoKey,
    concatBytes(parts) as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(mac);
};

let current: HmacSha256 = webCryptoHmacSha256;

export const hmacSha256: HmacSha256 = (key, parts) => current(key, parts);

/** Replaces the process-wide implementation (e.g. with `node:crypto`'s, which is synchronous). */
export function setHmacSha256(implementation: HmacSha256): void {
  current = implementation;
}

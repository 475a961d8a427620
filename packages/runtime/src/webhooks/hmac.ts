/**
 * HMAC, the primitive every supported symmetric scheme is built on (SHA-256; SHA-1 for Twilio and
 * other older schemes, SHA-512 for Paystack). The default uses Web Crypto (`crypto.subtle`) so the
 * core runs anywhere; a platform adapter may install a faster synchronous implementation (the Node
 * adapter uses `node:crypto`) through `setHmacSha256` and `setHmac`.
 */
import { concatBytes } from "./bytes.js";

export type HmacHash = "SHA-256" | "SHA-1" | "SHA-512";

/** Computes HMAC-SHA256(key, concatenation of `parts`). */
export type HmacSha256 = (key: Uint8Array, parts: readonly Uint8Array[]) => Uint8Array | Promise<Uint8Array>;
/** Computes HMAC-`hash`(key, concatenation of `parts`). */
export type Hmac = (
  hash: HmacHash,
  key: Uint8Array,
  parts: readonly Uint8Array[],
) => Uint8Array | Promise<Uint8Array>;

// Importing a key costs more than one MAC over a small body; receivers use the same few secrets for
// their whole life, so keys are cached by the identity of the (prepared, long-lived) key bytes.
const importedKeys: Record<HmacHash, WeakMap<Uint8Array, Promise<CryptoKey>>> = {
  "SHA-256": new WeakMap(),
  "SHA-1": new WeakMap(),
  "SHA-512": new WeakMap(),
};

function importKey(hash: HmacHash, key: Uint8Array): Promise<CryptoKey> {
  let imported = importedKeys[hash].get(key);
  if (!imported) {
    imported = globalThis.crypto.subtle.importKey(
      "raw",
      key as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash },
      false,
      ["sign"],
    );
    importedKeys[hash].set(key, imported);
  }
  return imported;
}

export const webCryptoHmac: Hmac = async (hash, key, parts) => {
  const cryptoKey = await importKey(hash, key);
  const mac = await globalThis.crypto.subtle.sign(
    "HMAC",
    cryptoKey,
    concatBytes(parts) as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(mac);
};

export const webCryptoHmacSha256: HmacSha256 = (key, parts) => webCryptoHmac("SHA-256", key, parts);

let current: HmacSha256 = webCryptoHmacSha256;
let currentAny: Hmac = webCryptoHmac;

export const hmacSha256: HmacSha256 = (key, parts) => current(key, parts);

/** HMAC with the given hash; SHA-256 goes through the same implementation as `hmacSha256`. */
export const hmac: Hmac = (hash, key, parts) =>
  hash === "SHA-256" ? current(key, parts) : currentAny(hash, key, parts);

/** Replaces the process-wide implementation (e.g. with `node:crypto`'s, which is synchronous). */
export function setHmacSha256(implementation: HmacSha256): void {
  current = implementation;
}

/** Replaces the process-wide implementation for the other hashes (SHA-1, SHA-512). */
export function setHmac(implementation: Hmac): void {
  currentAny = implementation;
}

/** SHA-256 digest (Twilio's `bodySHA256`). */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}

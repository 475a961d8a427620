/**
 * Keys in the formats providers hand out, and the asymmetric primitives (Ed25519, ECDSA P-256 with
 * SHA-256) over Web Crypto. A key is text: hex, base64 (raw key or DER: SPKI for public keys,
 * PKCS#8 for private ones), PEM, or a JWK as JSON; Standard Webhooks' `whpk_`/`whsk_` prefixes are
 * accepted. Key material never appears in an error message: errors say which key (by position) and
 * which formats are accepted.
 */
import { concatBytes, fromBase64, fromHex } from "../bytes.js";

export type AsymmetricAlgorithm = "ed25519" | "ecdsa-p256";

const ED25519_SPKI_PREFIX = fromHex("302a300506032b6570032100")!;
const ED25519_PKCS8_PREFIX = fromHex("302e020100300506032b657004220420")!;

const params = (algorithm: AsymmetricAlgorithm): EcKeyImportParams | Algorithm =>
  algorithm === "ed25519" ? { name: "Ed25519" } : { name: "ECDSA", namedCurve: "P-256" };

const FORMATS = "hex, base64, DER (SPKI/PKCS#8) in base64, PEM or JWK";

export class KeyFormatError extends TypeError {
  constructor(scheme: string, index: number, what: string) {
    super(`${scheme}: key ${index + 1} is not ${what} (accepted: ${FORMATS})`);
    this.name = "KeyFormatError";
  }
}

/** Strips whitespace, a `whpk_`/`whsk_` prefix and PEM armour; decodes hex or base64. */
function keyBytes(text: string): { bytes: Uint8Array; pem?: string } | undefined {
  const trimmed = text.trim().replace(/^wh(pk|sk)_/, "");
  const pem = /^-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----$/.exec(trimmed);
  if (pem) {
    const bytes = fromBase64(pem[2]!.replace(/\s+/g, ""));
    return bytes && bytes.length > 0 ? { bytes, pem: pem[1]! } : undefined;
  }
  const compact = trimmed.replace(/\s+/g, "");
  if (/^(?:[0-9a-fA-F]{2})+$/.test(compact) && compact.length >= 64) {
    const bytes = fromHex(compact);
    if (bytes) return { bytes };
  }
  const bytes = fromBase64(compact);
  return bytes && bytes.length > 0 ? { bytes } : undefined;
}

/** Heuristic: a JWK, a PEM private key, or DER/raw lengths that only private keys have. */
export function looksPrivate(text: string, algorithm: AsymmetricAlgorithm): boolean {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      return typeof (JSON.parse(trimmed) as { d?: unknown }).d === "string";
    } catch {
      return false;
    }
  }
  if (trimmed.startsWith("whsk_")) return true;
  if (trimmed.startsWith("whpk_")) return false;
  const decoded = keyBytes(trimmed);
  if (!decoded) return false;
  if (decoded.pem) return decoded.pem.includes("PRIVATE");
  const { bytes } = decoded;
  if (algorithm === "ed25519") return bytes.length === 64 || bytes.length === 48;
  // P-256: a SPKI is 91 bytes, a raw point 65; PKCS#8 is longer (138 with the public key, 67 without).
  return bytes.length !== 91 && bytes.length !== 65;
}

async function importJwk(
  text: string,
  algorithm: AsymmetricAlgorithm,
  use: "verify" | "sign",
): Promise<CryptoKey | undefined> {
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(text) as JsonWebKey;
  } catch {
    return undefined;
  }
  if (use === "verify" && jwk.d !== undefined) {
    const { d: _d, ...publicPart } = jwk;
    jwk = publicPart;
  }
  const { key_ops: _ops, ...plain } = jwk;
  return globalThis.crypto.subtle.importKey("jwk", plain, params(algorithm), true, [use]);
}

/** Imports a public key (or a private key's public half) for verifying. */
export async function importPublicKey(
  text: string,
  algorithm: AsymmetricAlgorithm,
  scheme: string,
  index: number,
): Promise<CryptoKey> {
  const what = `an ${algorithm === "ed25519" ? "Ed25519" : "ECDSA P-256"} key`;
  try {
    if (looksPrivate(text, algorithm)) {
      const privateKey = await importPrivateKey(text, algorithm, scheme, index, true);
      const jwk = await globalThis.crypto.subtle.exportKey("jwk", privateKey);
      const { d: _d, key_ops: _ops, ...publicPart } = jwk;
      return globalThis.crypto.subtle.importKey("jwk", publicPart, params(algorithm), true, ["verify"]);
    }
    if (text.trim().startsWith("{")) {
      const key = await importJwk(text.trim(), algorithm, "verify");
      if (key) return key;
      throw new Error();
    }
    const decoded = keyBytes(text);
    if (!decoded) throw new Error();
    const { bytes } = decoded;
    const raw = algorithm === "ed25519" ? bytes.length === 32 : bytes.length === 65 && bytes[0] === 4;
    return await globalThis.crypto.subtle.importKey(
      raw ? "raw" : "spki",
      bytes as Uint8Array<ArrayBuffer>,
      params(algorithm),
      true,
      ["verify"],
    );
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
    throw new KeyFormatError(scheme, index, what);
  }
}

/** Imports a private key for signing. Ed25519 also accepts the 32-byte seed (or seed + public key). */
export async function importPrivateKey(
  text: string,
  algorithm: AsymmetricAlgorithm,
  scheme: string,
  index: number,
  extractable = false,
): Promise<CryptoKey> {
  const what = `an ${algorithm === "ed25519" ? "Ed25519" : "ECDSA P-256"} private key`;
  try {
    if (text.trim().startsWith("{")) {
      const key = await importJwk(text.trim(), algorithm, "sign");
      if (key && key.type === "private") return key;
      throw new Error();
    }
    const decoded = keyBytes(text);
    if (!decoded) throw new Error();
    let { bytes } = decoded;
    if (algorithm === "ed25519" && (bytes.length === 32 || bytes.length === 64)) {
      bytes = concatBytes([ED25519_PKCS8_PREFIX, bytes.subarray(0, 32)]);
    }
    return await globalThis.crypto.subtle.importKey(
      "pkcs8",
      bytes as Uint8Array<ArrayBuffer>,
      params(algorithm),
      extractable,
      ["sign"],
    );
  } catch {
    throw new KeyFormatError(scheme, index, what);
  }
}

const signParams = (algorithm: AsymmetricAlgorithm): Algorithm | EcdsaParams =>
  algorithm === "ed25519" ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" };

/**
 * Verifies `signature` over `data`. ECDSA signatures are DER (as SendGrid sends them) or raw r‖s;
 * Web Crypto wants raw.
 */
export function verifyAsymmetric(
  algorithm: AsymmetricAlgorithm,
  key: CryptoKey,
  signature: Uint8Array,
  data: Uint8Array,
): boolean | Promise<boolean> {
  return currentVerifier(algorithm, key, signature, data);
}

/** Verifies an Ed25519 or ECDSA P-256/SHA-256 signature (ECDSA: DER or raw r‖s). */
export type AsymmetricVerifier = (
  algorithm: AsymmetricAlgorithm,
  key: CryptoKey,
  signature: Uint8Array,
  data: Uint8Array,
) => boolean | Promise<boolean>;

let currentVerifier: AsymmetricVerifier = (algorithm, key, signature, data) =>
  webCryptoVerify(algorithm, key, signature, data);

/** Replaces the process-wide verifier (the Node adapter installs `node:crypto`'s synchronous one). */
export function setAsymmetricVerifier(verifier: AsymmetricVerifier): void {
  currentVerifier = verifier;
}

export async function webCryptoVerify(
  algorithm: AsymmetricAlgorithm,
  key: CryptoKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  let sig = signature;
  if (algorithm === "ecdsa-p256" && sig.length !== 64) {
    const raw = derToRawEcdsa(sig, 32);
    if (!raw) return false;
    sig = raw;
  }
  try {
    return await globalThis.crypto.subtle.verify(
      signParams(algorithm),
      key,
      sig as Uint8Array<ArrayBuffer>,
      data as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}

/** Signs `data`; ECDSA signatures are returned DER-encoded (what providers send). */
export async function signAsymmetric(
  algorithm: AsymmetricAlgorithm,
  key: CryptoKey,
  data: Uint8Array,
): Promise<Uint8Array> {
  const sig = new Uint8Array(
    await globalThis.crypto.subtle.sign(signParams(algorithm), key, data as Uint8Array<ArrayBuffer>),
  );
  return algorithm === "ecdsa-p256" ? rawToDerEcdsa(sig) : sig;
}

/** SEQUENCE { INTEGER r, INTEGER s } → r‖s, each left-padded to `size` bytes. */
export function derToRawEcdsa(der: Uint8Array, size: number): Uint8Array | undefined {
  let offset = 0;
  if (der[offset++] !== 0x30) return undefined;
  let length = der[offset++]!;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes !== 1) return undefined;
    length = der[offset++]!;
  }
  if (offset + length !== der.length) return undefined;
  const out = new Uint8Array(size * 2);
  for (let i = 0; i < 2; i++) {
    if (der[offset++] !== 0x02) return undefined;
    const intLength = der[offset++]!;
    let int = der.subarray(offset, offset + intLength);
    offset += intLength;
    while (int.length > 0 && int[0] === 0) int = int.subarray(1);
    if (int.length > size) return undefined;
    out.set(int, size * (i + 1) - int.length);
  }
  return offset === der.length ? out : undefined;
}

export function rawToDerEcdsa(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    let value = bytes.subarray(start);
    if (value[0]! & 0x80) value = concatBytes([new Uint8Array([0]), value]);
    return concatBytes([new Uint8Array([0x02, value.length]), value]);
  };
  const body = concatBytes([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return concatBytes([new Uint8Array([0x30, body.length]), body]);
}

export { ED25519_SPKI_PREFIX };

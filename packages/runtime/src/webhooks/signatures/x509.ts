/**
 * Just enough X.509 for Web Crypto: the DER of a PEM block, and the SubjectPublicKeyInfo of a
 * certificate (what `importKey("spki")` takes). No chain, date or name is checked here: schemes
 * that fetch certificates (AWS SNS) trust them by where they come from.
 */
import { fromBase64 } from "../bytes.js";

/** The DER bytes of the first PEM block labelled `label` in `text`, or undefined. */
export function pemBlock(text: string, label: string): Uint8Array | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  if (!match) return undefined;
  const bytes = fromBase64(match[1]!.replace(/\s+/g, ""));
  return bytes && bytes.length > 0 ? bytes : undefined;
}

interface Element {
  tag: number;
  /** Offset of the first byte of the element (its tag). */
  start: number;
  /** Offset of its content. */
  content: number;
  /** Offset just after it. */
  end: number;
}

/** The DER element at `offset` within `[offset, limit)`, or undefined when it does not fit. */
function elementAt(der: Uint8Array, offset: number, limit: number): Element | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let content = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || content + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[content + i]!;
    content += count;
  }
  const end = content + length;
  return end <= limit ? { tag, start: offset, content, end } : undefined;
}

const SEQUENCE = 0x30;
const VERSION = 0xa0; // [0] EXPLICIT, optional

/**
 * The SubjectPublicKeyInfo of a DER certificate: Certificate → tbsCertificate → (version,)
 * serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
 */
export function certificateSpki(der: Uint8Array): Uint8Array | undefined {
  const certificate = elementAt(der, 0, der.length);
  if (certificate?.tag !== SEQUENCE) return undefined;
  const tbs = elementAt(der, certificate.content, certificate.end);
  if (tbs?.tag !== SEQUENCE) return undefined;
  let at = tbs.content;
  let field = elementAt(der, at, tbs.end);
  if (field?.tag === VERSION) {
    at = field.end;
    field = elementAt(der, at, tbs.end);
  }
  // serialNumber, signature, issuer, validity, subject: five fields before the key.
  for (let skipped = 0; skipped < 5; skipped++) {
    if (!field) return undefined;
    at = field.end;
    field = elementAt(der, at, tbs.end);
  }
  return field?.tag === SEQUENCE ? der.subarray(field.start, field.end) : undefined;
}

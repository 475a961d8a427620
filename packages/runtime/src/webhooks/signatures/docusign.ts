/**
 * DocuSign Connect with HMAC security: every active Connect key signs the body, each into a header
 * of its own, `X-DocuSign-Signature-1` … `-N` (N up to 100, one per key, in the order of the keys),
 * base64 HMAC-SHA256 of the raw body. A message is accepted when any of those headers is the MAC
 * of the body under any of your keys, so a key can be added before the old one is dropped.
 *
 * What you configure (`secrets`): Connect HMAC keys, text as DocuSign shows them; a sender writes
 * one header per key, numbered in order. Connect signs no timestamp: de-duplication stops replays.
 */
import { fromBase64, timingSafeEqual, toBase64, utf8 } from "../bytes.js";
import { hmac } from "../hmac.js";
import {
  bodyBytes,
  fail,
  type SignatureScheme,
  type SignInput,
  secretList,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface DocusignOptions {
  /** Connect HMAC keys: every one verifies; a sender signs with each. */
  secrets: string | readonly string[];
}

/** DocuSign allows up to 100 Connect keys per account, hence headers -1 to -100. */
const MAX_HEADERS = 100;
const HEADER = "x-docusign-signature-";

export function docusignSignature(options: DocusignOptions): SignatureScheme {
  const keys = secretList(options.secrets, "docusign").map(utf8);

  return {
    name: "docusign",
    async verify(input: VerifyInput): Promise<VerifyResult> {
      const sent: Uint8Array[] = [];
      let present = 0;
      for (let i = 1; i <= MAX_HEADERS; i++) {
        const value = input.headers(`${HEADER}${i}`);
        if (value === undefined) continue;
        present++;
        const mac = fromBase64(value.trim());
        if (mac !== undefined && mac.length === 32) sent.push(mac);
      }
      if (present === 0) return fail("missing-signature", "expected header X-DocuSign-Signature-1");
      if (sent.length === 0)
        return fail("malformed-signature", "no X-DocuSign-Signature-N holds a base64 HMAC-SHA256");
      // Every key against every header (no early exit), so timing does not tell which matched.
      let matched = false;
      for (const key of keys) {
        const expected = await hmac("SHA-256", key, [input.body]);
        for (const mac of sent) matched = timingSafeEqual(expected, mac) || matched;
      }
      return matched ? { ok: true } : fail("bad-signature", "no X-DocuSign-Signature-N matches the body");
    },
    async sign(input: SignInput) {
      const body = bodyBytes(input.body);
      const headers: Record<string, string> = {};
      for (const [i, key] of keys.slice(0, MAX_HEADERS).entries())
        headers[`X-DocuSign-Signature-${i + 1}`] = toBase64(await hmac("SHA-256", key, [body]));
      return headers;
    },
  };
}

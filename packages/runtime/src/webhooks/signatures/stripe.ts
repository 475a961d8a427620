/**
 * Stripe-style signatures: `Stripe-Signature: t=<unix>,v1=<hex>,v1=<hex>,v0=…` where each `v1` is
 * hex HMAC-SHA256(secret, `${t}.${body}`) and the secret text itself is the key. Several `v1`
 * entries appear while a secret is being rolled.
 */
import { fromHex, timingSafeEqual, toHex, utf8 } from "../bytes.js";
import { hmacSha256 } from "../hmac.js";
import {
  bodyBytes,
  fail,
  parseUnixSeconds,
  type SignatureScheme,
  secretList,
  timestampProblem,
  type VerifyResult,
} from "./types.js";

export interface StripeSignatureOptions {
  secrets: string | readonly string[];
  /** Default `Stripe-Signature`. */
  header?: string;
  /** Signature version whose entries are checked. Default `v1`. */
  scheme?: string;
}

export function stripeSignature(options: StripeSignatureOptions): SignatureScheme {
  const keys = secretList(options.secrets, "stripe").map(utf8);
  const headerName = options.header ?? "Stripe-Signature";
  const header = headerName.toLowerCase();
  const version = options.scheme ?? "v1";
  const dot = utf8(".");

  return {
    name: "stripe",
    payloadDeliveryIdField: "id",
    async verify(input): Promise<VerifyResult> {
      const value = input.headers(header);
      if (!value) return fail("missing-signature", `expected header ${headerName}`);
      let timestampText: string | undefined;
      const candidates: Uint8Array[] = [];
      for (const item of value.split(",")) {
        const eq = item.indexOf("=");
        if (eq < 0) continue;
        const key = item.slice(0, eq).trim();
        const text = item.slice(eq + 1).trim();
        if (key === "t") timestampText = text;
        else if (key === version) {
          const signature = fromHex(text);
          if (signature && signature.length > 0) candidates.push(signature);
        }
      }
      const timestamp = parseUnixSeconds(timestampText);
      if (timestampText === undefined || timestamp === undefined) {
        return fail("malformed-signature", `${headerName} has no valid t= timestamp`);
      }
      if (candidates.length === 0)
        return fail("malformed-signature", `${headerName} has no ${version}= signature`);
      const parts = [utf8(timestampText), dot, input.body];
      const expected = await Promise.all(keys.map((key) => hmacSha256(key, parts)));
      let matched = false;
      for (const mac of expected)
        for (const candidate of candidates) matched = timingSafeEqual(mac, candidate) || matched;
      if (!matched) return fail("bad-signature", `no ${version} signature in ${headerName} matches the body`);
      return timestampProblem(timestamp, input) ?? { ok: true, timestamp };
    },
    async sign(input) {
      const body = bodyBytes(input.body);
      const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
      const mac = await hmacSha256(keys[0]!, [utf8(timestamp), dot, body]);
      return { [headerName]: `t=${timestamp},${version}=${toHex(mac)}` };
    },
  };
}

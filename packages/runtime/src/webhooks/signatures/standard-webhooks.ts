/**
 * Standard Webhooks (https://www.standardwebhooks.com), symmetric `v1`: HMAC-SHA256 over
 * `${webhook-id}.${webhook-timestamp}.${body}`, key = base64 of the secret after `whsec_`, header
 * `webhook-signature` = space-separated `v1,<base64>` entries (several during key rotation).
 * Asymmetric `v1a`: Ed25519 over the same content, `v1a,<base64>` entries, public keys `whpk_…`,
 * private keys `whsk_…`. A header may carry both; secrets and keys may be mixed in one list (each
 * checks its own entries), and the first one signs.
 */
import { concatBytes, fromBase64, timingSafeEqual, toBase64, utf8 } from "../bytes.js";
import { hmacSha256 } from "../hmac.js";
import { importPrivateKey, importPublicKey, signAsymmetric, verifyAsymmetric } from "./keys.js";
import {
  bodyBytes,
  fail,
  parseUnixSeconds,
  type SignatureScheme,
  secretList,
  timestampProblem,
  type VerifyResult,
} from "./types.js";

export interface StandardWebhooksOptions {
  /**
   * `whsec_…` secrets (the prefix is optional) for `v1`, `whpk_…` public / `whsk_…` private keys
   * (or PEM/JWK Ed25519 keys) for `v1a`; the first signs, every one verifies.
   */
  secrets: string | readonly string[];
  /**
   * Header prefix. Default: `webhook-*` (the spec) and, when those are absent, `svix-*` (Svix's
   * family), as the `svix` library accepts both; signing uses `webhook-*`. A prefix given here is
   * the only one read and written.
   */
  headerPrefix?: string;
}

const PREFIX = "whsec_";

export function decodeStandardWebhooksSecret(secret: string): Uint8Array {
  const raw = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  const key = fromBase64(raw);
  if (!key || key.length === 0)
    throw new TypeError("standard-webhooks: the secret must be base64 (optionally whsec_-prefixed)");
  return key;
}

const isAsymmetric = (secret: string) => {
  const text = secret.trim();
  return (
    text.startsWith("whpk_") || text.startsWith("whsk_") || text.startsWith("-----") || text.startsWith("{")
  );
};

export function standardWebhooks(options: StandardWebhooksOptions): SignatureScheme {
  const all = secretList(options.secrets, "standard-webhooks");
  const keys = all.filter((s) => !isAsymmetric(s)).map(decodeStandardWebhooksSecret);
  const asymmetric = all.map((s, index) => ({ s, index })).filter(({ s }) => isAsymmetric(s));
  const signsAsymmetric = isAsymmetric(all[0]!);
  let publicKeys: Promise<CryptoKey[]> | undefined;
  let privateKey: Promise<CryptoKey> | undefined;
  const verifyingKeys = () => {
    publicKeys ??= Promise.all(
      asymmetric.map(({ s, index }) => importPublicKey(s, "ed25519", "standard-webhooks", index)),
    );
    return publicKeys;
  };
  const prefix = (options.headerPrefix ?? "webhook").toLowerCase();
  const idHeader = `${prefix}-id`;
  const timestampHeader = `${prefix}-timestamp`;
  const signatureHeader = `${prefix}-signature`;
  const alsoSvix = options.headerPrefix === undefined;
  const dot = utf8(".");

  const macs = (id: string, timestamp: string, body: Uint8Array) =>
    Promise.all(keys.map((key) => hmacSha256(key, [utf8(id), dot, utf8(timestamp), dot, body])));

  return {
    name: "standard-webhooks",
    async verify(input): Promise<VerifyResult> {
      let id = input.headers(idHeader);
      let timestampText = input.headers(timestampHeader);
      let header = input.headers(signatureHeader);
      if (alsoSvix && !id && !timestampText && !header) {
        id = input.headers("svix-id");
        timestampText = input.headers("svix-timestamp");
        header = input.headers("svix-signature");
      }
      if (!id || !timestampText || !header) {
        return fail(
          "missing-signature",
          `expected headers ${idHeader}, ${timestampHeader} and ${signatureHeader}`,
        );
      }
      const timestamp = parseUnixSeconds(timestampText);
      if (timestamp === undefined)
        return fail("malformed-signature", `${timestampHeader} is not a Unix timestamp`);
      const candidates: Uint8Array[] = [];
      const edCandidates: Uint8Array[] = [];
      for (const entry of header.split(" ")) {
        const comma = entry.indexOf(",");
        const version = comma < 0 ? "" : entry.slice(0, comma);
        if (version !== "v1" && version !== "v1a") continue;
        const signature = fromBase64(entry.slice(comma + 1));
        if (signature && signature.length > 0) (version === "v1" ? candidates : edCandidates).push(signature);
      }
      if (candidates.length === 0 && edCandidates.length === 0)
        return fail("malformed-signature", `${signatureHeader} has no v1 or v1a signature`);
      const expected = await macs(id, timestampText.trim(), input.body);
      // Check every pair without returning early, so timing does not tell which secret matched.
      let matched = false;
      for (const mac of expected)
        for (const candidate of candidates) matched = timingSafeEqual(mac, candidate) || matched;
      if (asymmetric.length > 0 && edCandidates.length > 0) {
        const content = concatBytes([utf8(id), dot, utf8(timestampText.trim()), dot, input.body]);
        for (const key of await verifyingKeys())
          for (const candidate of edCandidates)
            matched = (await verifyAsymmetric("ed25519", key, candidate, content)) || matched;
      }
      if (!matched) return fail("bad-signature", `no ${signatureHeader} entry matches the body`);
      return timestampProblem(timestamp, input) ?? { ok: true, deliveryId: id, timestamp };
    },
    async sign(input) {
      const id = input.id;
      if (!id) throw new TypeError("standard-webhooks: sign needs a message id (stable across retries)");
      const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
      if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
        throw new TypeError("standard-webhooks: the timestamp must be a non-negative integer (Unix seconds)");
      }
      const body = bodyBytes(input.body);
      const parts = [utf8(id), dot, utf8(String(timestamp)), dot, body];
      let signature: string;
      if (signsAsymmetric) {
        privateKey ??= importPrivateKey(all[0]!, "ed25519", "standard-webhooks", 0);
        signature = `v1a,${toBase64(await signAsymmetric("ed25519", await privateKey, concatBytes(parts)))}`;
      } else {
        signature = `v1,${toBase64(await hmacSha256(keys[0]!, parts))}`;
      }
      return {
        [idHeader]: id,
        [timestampHeader]: String(timestamp),
        [signatureHeader]: signature,
      };
    },
  };
}

/**
 * Asana webhooks: the secret is not typed into a dashboard but handed over in a handshake. When a
 * webhook is created, Asana POSTs `X-Hook-Secret: <secret>` (no body) and expects it echoed in the
 * answer's `X-Hook-Secret`; every later delivery carries `X-Hook-Signature`, the hex HMAC-SHA256
 * of the body with that secret.
 *
 * Anyone can send such a POST, and whoever planted the secret could sign deliveries, so a
 * handshake is accepted only when `onHookSecret` accepts it (it is called with the secret and the
 * request's URL; persist the secret there, and say yes only while your app is creating a
 * webhook). Without it every handshake is refused (403). An accepted secret verifies at once,
 * besides the configured `secrets` (those persisted before: pass them at start).
 */
import { fromHex, toHex } from "../bytes.js";
import { hmac } from "../hmac.js";
import { HandedOverSecrets } from "./handed-over.js";
import { bodyBytes, fail, type SignatureScheme, textReply, type VerifyResult } from "./types.js";

export interface AsanaOptions {
  /** Secrets of the webhooks created before (as their handshakes gave them); may be empty. */
  secrets?: string | readonly string[];
  /**
   * Decides a handshake: resolve `true` to accept `secret` (persist it first), `false` to refuse.
   * Accepting one you did not expect would let its sender sign deliveries.
   */
  onHookSecret?: (secret: string, request: { url?: string | undefined }) => boolean | Promise<boolean>;
}

export function asanaSignature(options: AsanaOptions): SignatureScheme {
  const secrets = new HandedOverSecrets(options.secrets);

  return {
    name: "asana",
    async verify(input): Promise<VerifyResult> {
      const sent = input.headers("x-hook-signature");
      if (sent === undefined) return fail("missing-signature", "expected header X-Hook-Signature");
      const signature = fromHex(sent.trim());
      if (!signature || signature.length === 0)
        return fail("malformed-signature", "X-Hook-Signature is not hex");
      return (await secrets.signedBody(input.body, signature))
        ? { ok: true }
        : fail("bad-signature", "X-Hook-Signature does not match the body");
    },
    async sign(input) {
      const key = secrets.first;
      if (key === undefined) throw new TypeError("asana: signing needs a secret");
      const body = bodyBytes(input.body);
      const mac = await hmac("SHA-256", key, [body]);
      return { "X-Hook-Signature": toHex(mac) };
    },
    async unsignedHandshake(input) {
      const secret = input.headers("x-hook-secret");
      if (secret === undefined || input.method.toUpperCase() !== "POST") return undefined;
      if (secret.length === 0 || options.onHookSecret === undefined)
        return textReply(403, "handshake refused: no onHookSecret accepts it");
      if (!(await options.onHookSecret(secret, { url: input.url })))
        return textReply(403, "handshake refused");
      secrets.add(secret);
      return { status: 200, headers: { "x-hook-secret": secret, "cache-control": "no-store" }, body: "" };
    },
  };
}

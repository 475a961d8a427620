/**
 * Notion webhooks: creating a subscription POSTs `{"verification_token": "secret_…"}` to the
 * endpoint, unsigned, and the integration's owner pastes that token back into Notion to verify the
 * subscription. The token is then the key of every event's `X-Notion-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the body. The event's `id` is the delivery id (the same on every retry).
 *
 * Anyone can POST such a body, and whoever planted the token could sign events, so a verification
 * request is accepted only when `onVerificationToken` accepts it (called with the token and the
 * request's URL: persist the token there, show it to whoever verifies the subscription in Notion,
 * and say yes only while one is being set up). Without it every verification request is refused
 * (403). An accepted token verifies at once, besides the configured `secrets` (the tokens kept from
 * before: pass them at start).
 */
import { fromHex, toHex } from "../bytes.js";
import { hmac } from "../hmac.js";
import { HandedOverSecrets } from "./handed-over.js";
import { bodyBytes, fail, jsonObject, type SignatureScheme, textReply, type VerifyResult } from "./types.js";

export interface NotionOptions {
  /** Verification tokens of the subscriptions set up before; may be empty. */
  secrets?: string | readonly string[];
  /**
   * Decides a verification request: resolve `true` to accept `token` (persist it first), `false`
   * to refuse. Accepting one you did not expect would let its sender sign events.
   */
  onVerificationToken?: (token: string, request: { url?: string | undefined }) => boolean | Promise<boolean>;
}

const HEADER = "x-notion-signature";
const PREFIX = "sha256=";

export function notionSignature(options: NotionOptions): SignatureScheme {
  const secrets = new HandedOverSecrets(options.secrets);

  return {
    name: "notion",
    payloadDeliveryIdField: "id",
    async verify(input): Promise<VerifyResult> {
      const sent = input.headers(HEADER)?.trim();
      if (sent === undefined) return fail("missing-signature", "expected header X-Notion-Signature");
      const signature = sent.startsWith(PREFIX) ? fromHex(sent.slice(PREFIX.length)) : undefined;
      if (!signature || signature.length === 0)
        return fail("malformed-signature", "X-Notion-Signature is not sha256=<hex>");
      return (await secrets.signedBody(input.body, signature))
        ? { ok: true }
        : fail("bad-signature", "X-Notion-Signature does not match the body");
    },
    async sign(input) {
      const key = secrets.first;
      if (key === undefined) throw new TypeError("notion: signing needs a verification token");
      const mac = await hmac("SHA-256", key, [bodyBytes(input.body)]);
      return { "X-Notion-Signature": `${PREFIX}${toHex(mac)}` };
    },
    async unsignedHandshake(input) {
      // Events are signed; only the verification request comes without a signature.
      if (input.method.toUpperCase() !== "POST" || input.headers(HEADER) !== undefined) return undefined;
      const token = jsonObject(input.body)?.verification_token;
      if (typeof token !== "string") return undefined;
      if (token.length === 0 || options.onVerificationToken === undefined)
        return textReply(403, "verification refused: no onVerificationToken accepts it");
      if (!(await options.onVerificationToken(token, { url: input.url })))
        return textReply(403, "verification refused");
      secrets.add(token);
      return { status: 200, headers: { "cache-control": "no-store" }, body: "" };
    },
  };
}

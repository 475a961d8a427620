/**
 * Vonage signed webhooks (Messages, Voice, Verify): `Authorization: Bearer <JWT>`, HS256 with the
 * account's signature secret. As Vonage's guide says, a request is accepted when the token verifies
 * under the secret, its `iat` is recent (the receiver's tolerance), and its `payload_hash` claim is
 * the hex SHA-256 of the body (requests without a body, such as Voice's answer GET, carry none).
 * Only HS256 is accepted: a token naming another algorithm is refused whatever it carries.
 *
 * What you configure (`secrets`): the signature secrets (every one verifies, the first signs).
 * Vonage's tokens name no delivery: de-duplication needs the payload's own id (`message_uuid`).
 */
import { timingSafeEqual, toHex, utf8 } from "../bytes.js";
import { hmac, sha256 } from "../hmac.js";
import { base64url, bearerJwt, signingInput } from "./jwt.js";
import {
  bodyBytes,
  fail,
  type SignatureScheme,
  type SignInput,
  secretList,
  timestampProblem,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface VonageOptions {
  /** Signature secrets: every one verifies, the first signs. */
  secrets: string | readonly string[];
}

export function vonageSignature(options: VonageOptions): SignatureScheme {
  const keys = secretList(options.secrets, "vonage").map(utf8);

  return {
    name: "vonage",
    async verify(input: VerifyInput): Promise<VerifyResult> {
      const jwt = bearerJwt(input.headers);
      if ("ok" in jwt) return jwt;
      if (jwt.header.alg !== "HS256") return fail("malformed-signature", "the token is not HS256");
      // Every secret is tried (no early exit), so timing does not tell which matched.
      let matched = false;
      for (const key of keys)
        matched = timingSafeEqual(await hmac("SHA-256", key, [jwt.signed]), jwt.signature) || matched;
      if (!matched) return fail("bad-signature", "the token's signature does not match any secret");
      const { iat, payload_hash: payloadHash } = jwt.claims;
      if (typeof iat !== "number" || !Number.isFinite(iat))
        return fail("malformed-signature", "the token has no iat");
      const stale = timestampProblem(iat, input);
      if (stale) return stale;
      if (input.body.length > 0 || payloadHash !== undefined) {
        const expected = utf8(toHex(await sha256(input.body)));
        if (typeof payloadHash !== "string" || !timingSafeEqual(expected, utf8(payloadHash.toLowerCase())))
          return fail("bad-signature", "payload_hash of the token does not match the body");
      }
      return { ok: true, timestamp: iat };
    },
    async sign(input: SignInput) {
      const key = keys[0] as Uint8Array;
      const body = bodyBytes(input.body);
      const signed = signingInput(
        { alg: "HS256", typ: "JWT" },
        {
          iat: input.timestamp ?? Math.floor(Date.now() / 1000),
          jti: crypto.randomUUID(),
          iss: "Vonage",
          ...(body.length > 0 ? { payload_hash: toHex(await sha256(body)) } : {}),
        },
      );
      const mac = await hmac("SHA-256", key, [utf8(signed)]);
      return { Authorization: `Bearer ${signed}.${base64url(mac)}` };
    },
  };
}

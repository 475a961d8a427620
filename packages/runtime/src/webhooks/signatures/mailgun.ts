/**
 * Mailgun signs inside the JSON body: `signature: { timestamp, token, signature }`, where
 * `signature` is the hex HMAC-SHA256 of `timestamp + token` with the webhook signing key. Nothing
 * of the event itself is signed, so the receiver also refuses a token it has seen with another
 * body: a captured signature cannot carry a forged event (Mailgun's advice is to remember tokens).
 * The same body again is let through: it is the same delivery, which de-duplication acknowledges.
 * `event-data.id` is the delivery id, the same on every retry of an event.
 */
import { fromHex, timingSafeEqual, toHex, utf8 } from "../bytes.js";
import { hmac, sha256 } from "../hmac.js";
import {
  bodyText,
  fail,
  jsonObject,
  jsonObjectOfText,
  parseUnixSeconds,
  type SignatureScheme,
  type SignInput,
  secretList,
  timestampProblem,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";

export interface MailgunOptions {
  /** HTTP webhook signing keys: every one verifies, the first signs. */
  secrets: string | readonly string[];
  /** How many tokens are remembered at most (the oldest are forgotten first). Default 100,000. */
  maxRememberedTokens?: number;
  /**
   * Where verified tokens are remembered. Default: in this process, so a replay sent to another
   * process of the same receiver is caught only by de-duplication. Share one across processes
   * (`redisTokenStore` of @contract/redis) to refuse it everywhere.
   */
  tokens?: TokenStore;
}

/** Remembers the tokens of verified signatures, with the digest of the body each one came with. */
export interface TokenStore {
  /**
   * Whether `token` may be used with `digest`: never seen (it is remembered until `until`, Unix
   * seconds), or seen with the same digest (the same delivery again).
   */
  remember(token: string, digest: string, until: number, now: number): boolean | Promise<boolean>;
}

interface SignatureObject {
  timestamp: string;
  token: string;
  signature: string;
}

export function mailgunSignature(options: MailgunOptions): SignatureScheme {
  const keys = secretList(options.secrets, "mailgun").map(utf8);
  const tokens: TokenStore = options.tokens ?? new TokenMemory(options.maxRememberedTokens ?? 100_000);
  const macOf = (key: Uint8Array, timestamp: string, token: string) =>
    hmac("SHA-256", key, [utf8(timestamp), utf8(token)]);

  return {
    name: "mailgun",
    async verify(input: VerifyInput): Promise<VerifyResult> {
      const payload = jsonObject(input.body, Number.POSITIVE_INFINITY);
      if (payload === undefined) return fail("missing-signature", "expected a JSON object body");
      const found = signatureObject(payload.signature);
      if (typeof found === "string")
        return fail(found === "absent" ? "missing-signature" : "malformed-signature", SIGNATURE_SHAPE);
      const timestamp = parseUnixSeconds(found.timestamp);
      const sent = fromHex(found.signature.trim());
      if (timestamp === undefined || sent === undefined || sent.length === 0)
        return fail("malformed-signature", SIGNATURE_SHAPE);
      // Every key is tried (no early exit), so timing does not tell which matched.
      let matched = false;
      for (const key of keys)
        matched = timingSafeEqual(await macOf(key, found.timestamp, found.token), sent) || matched;
      if (!matched)
        return fail("bad-signature", "signature.signature does not match its timestamp and token");
      const stale = timestampProblem(timestamp, input);
      if (stale) return stale;
      const digest = toHex(await sha256(input.body));
      if (!(await tokens.remember(found.token, digest, timestamp + input.toleranceSeconds, input.now)))
        return fail(
          "bad-signature",
          "signature.token was already used with another body: a replayed signature",
        );
      const eventId = (payload["event-data"] as { id?: unknown } | null | undefined)?.id;
      return {
        ok: true,
        timestamp,
        ...(typeof eventId === "string" && eventId !== "" ? { deliveryId: eventId } : {}),
      };
    },
    async sign() {
      return {};
    },
    async signBody(input: SignInput): Promise<string> {
      const text = bodyText(input.body);
      const payload = jsonObjectOfText(text);
      if (payload === undefined) throw new TypeError("mailgun: the payload must be a JSON object");
      const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
      // Mailgun's tokens: 50 random hex digits, a new one per request.
      const token = toHex(crypto.getRandomValues(new Uint8Array(25)));
      const signature = toHex(await macOf(keys[0]!, timestamp, token));
      payload.signature = { timestamp, token, signature } satisfies SignatureObject;
      return JSON.stringify(payload);
    },
  };
}

const SIGNATURE_SHAPE = "expected signature: { timestamp: Unix seconds, token, signature: hex } in the body";

function signatureObject(value: unknown): SignatureObject | "absent" | "malformed" {
  if (value === undefined) return "absent";
  if (value === null || typeof value !== "object") return "malformed";
  const { timestamp, token, signature } = value as Record<string, unknown>;
  if (typeof timestamp !== "string" || typeof token !== "string" || typeof signature !== "string")
    return "malformed";
  if (token === "") return "malformed";
  return { timestamp, token, signature };
}

/**
 * Tokens of verified deliveries with the digest of their body, until their signature could no
 * longer pass the timestamp window. Bounded: when full, the oldest is forgotten first.
 */
class TokenMemory implements TokenStore {
  private readonly seen = new Map<string, { digest: string; until: number }>();

  constructor(private readonly max: number) {}

  /** Whether `token` may be used with `digest`: never seen, or seen with the same body. */
  remember(token: string, digest: string, until: number, now: number): boolean {
    const known = this.seen.get(token);
    if (known !== undefined && known.until >= now) return known.digest === digest;
    this.seen.delete(token);
    this.forgetExpired(now);
    while (this.seen.size >= this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    this.seen.set(token, { digest, until });
    return true;
  }

  private forgetExpired(now: number): void {
    // Insertion order is close to expiry order (one window for all), so the sweep stops early.
    for (const [token, entry] of this.seen) {
      if (entry.until >= now) break;
      this.seen.delete(token);
    }
  }
}

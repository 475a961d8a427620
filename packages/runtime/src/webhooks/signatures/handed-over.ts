/**
 * Secrets a provider hands over in a handshake instead of showing them in a dashboard (Asana's
 * `X-Hook-Secret`, Notion's `verification_token`): those configured at start, plus each one a
 * handshake hands over and the app accepts. Anyone can send a handshake, so accepting is the app's
 * decision (see asana.ts, notion.ts); this only keeps the keys.
 */
import { timingSafeEqual, utf8 } from "../bytes.js";
import { hmac } from "../hmac.js";

/** Enough for every webhook of an app; a flood of accepted handshakes stops growing the list here. */
const MAX_SECRETS = 1_000;

export class HandedOverSecrets {
  private readonly keys: Uint8Array[];

  constructor(secrets: string | readonly string[] | undefined) {
    const given = secrets === undefined ? [] : typeof secrets === "string" ? [secrets] : [...secrets];
    this.keys = given.filter((secret) => secret.length > 0).map(utf8);
  }

  /** The key a sender signs with: the first configured secret. */
  get first(): Uint8Array | undefined {
    return this.keys[0];
  }

  /** Keeps a secret a handshake handed over and the app accepted. */
  add(secret: string): void {
    const key = utf8(secret);
    if (this.keys.length < MAX_SECRETS && !this.keys.some((known) => timingSafeEqual(known, key)))
      this.keys.push(key);
  }

  /** Whether `signature` is the HMAC-SHA256 of `body` under any key; every key is tried, so timing does not tell which. */
  async signedBody(body: Uint8Array, signature: Uint8Array): Promise<boolean> {
    let matched = false;
    for (const key of this.keys)
      matched = timingSafeEqual(await hmac("SHA-256", key, [body]), signature) || matched;
    return matched;
  }
}

/**
 * Google's watch channels (push notifications of the Calendar, Drive, Admin SDK and other Workspace
 * APIs): a `POST` with no body, the event in headers. Nothing is signed: the `token` given when the
 * channel was created comes back in `X-Goog-Channel-Token` (compared by digest). The channel id and
 * `X-Goog-Message-Number` make the delivery id. The `sync` message sent when a channel is created is
 * answered 200 without a handler, so a contract need not declare it.
 */
import { sharedSecretMatcher } from "./credentials.js";
import { fail, type SignatureScheme, secretList, textReply } from "./types.js";

export interface GoogleWatchOptions {
  /** The channels' tokens: every one is accepted, the first is sent. */
  secrets: string | readonly string[];
}

export function googleWatchSignature(options: GoogleWatchOptions): SignatureScheme {
  const tokens = secretList(options.secrets, "google-watch");
  const matches = sharedSecretMatcher(tokens);
  return {
    name: "google-watch",
    async verify(input) {
      const token = input.headers("x-goog-channel-token");
      if (token === undefined) return fail("missing-signature", "expected header X-Goog-Channel-Token");
      if (!(await matches(token)))
        return fail("bad-signature", "X-Goog-Channel-Token does not match the channel's token");
      const channel = input.headers("x-goog-channel-id")?.trim();
      const number = input.headers("x-goog-message-number")?.trim();
      return channel && number ? { ok: true, deliveryId: `${channel}:${number}` } : { ok: true };
    },
    async sign(input) {
      return {
        "X-Goog-Channel-Token": tokens[0]!,
        "X-Goog-Channel-ID": "contract-channel",
        "X-Goog-Message-Number": input.id ?? String(Date.now()),
      };
    },
    async signedHandshake(input) {
      return input.headers("x-goog-resource-state")?.trim() === "sync" ? textReply(200, "") : undefined;
    },
  };
}

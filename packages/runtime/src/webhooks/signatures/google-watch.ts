/**
 * Google's watch channels (push notifications of the Calendar, Drive, Admin SDK and other Workspace
 * APIs): a `POST` with no body, the event in headers. Nothing is signed: the `token` given when the
 * channel was created comes back in `X-Goog-Channel-Token` (compared by digest). The channel id and
 * `X-Goog-Message-Number` make the delivery id. The `sync` message sent when a channel is created is
 * answered 200 without a handler, so a contract need not declare it.
 */
import { headerTokenScheme } from "./credentials.js";
import { type SignatureScheme, textReply } from "./types.js";

export interface GoogleWatchOptions {
  /** The channels' tokens: every one is accepted, the first is sent. */
  secrets: string | readonly string[];
}

export function googleWatchSignature(options: GoogleWatchOptions): SignatureScheme {
  return {
    ...headerTokenScheme({
      name: "google-watch",
      secrets: options.secrets,
      header: "X-Goog-Channel-Token",
      deliveryId: ({ headers }) => {
        const channel = headers("x-goog-channel-id")?.trim();
        const number = headers("x-goog-message-number")?.trim();
        return channel && number ? `${channel}:${number}` : undefined;
      },
      sentHeaders: (input) => ({
        "X-Goog-Channel-ID": "contract-channel",
        "X-Goog-Message-Number": input.id ?? String(Date.now()),
      }),
    }),
    async signedHandshake(input) {
      return input.headers("x-goog-resource-state")?.trim() === "sync" ? textReply(200, "") : undefined;
    },
  };
}

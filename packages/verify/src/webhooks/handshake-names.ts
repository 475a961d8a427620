/** Each provider's handshake as findings and reports name it, by signature scheme name (both webhook checks). */
export const HANDSHAKE_NAMES = {
  slack: "slack url_verification",
  zoom: "zoom endpoint.url_validation",
  discord: "discord PING",
  meta: "meta hub.challenge",
  dropbox: "dropbox challenge",
  "microsoft-graph": "microsoft-graph validationToken",
  twitch: "twitch webhook_callback_verification",
  okta: "okta verification",
  xero: "xero intent to receive",
  trello: "trello HEAD check",
  mandrill: "mandrill HEAD check",
  x: "x challenge-response check",
  line: "line verification",
  woocommerce: "woocommerce ping",
  "google-watch": "google-watch sync",
} as const;

export type HandshakeProvider = keyof typeof HANDSHAKE_NAMES;

export const isHandshakeProvider = (name: string): name is HandshakeProvider =>
  Object.hasOwn(HANDSHAKE_NAMES, name);

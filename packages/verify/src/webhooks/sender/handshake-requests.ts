/**
 * What each provider documents its handshake request to carry, to tell a sender's handshake (a
 * malformed one too) from a delivery and to say what is wrong with it. Answering is not done here:
 * that is the runtime receiver's (./handshake.ts).
 */
import { type HandshakeInput, jsonObject } from "@contract/runtime/webhooks";
import type { HandshakeProvider } from "../handshake-names.js";

/** `undefined`: the request is not this provider's handshake; else what it lacks (empty: well-formed). */
export type HandshakeRequestCheck = (input: HandshakeInput) => string[] | undefined;

const filled = (value: unknown) => typeof value === "string" && value.length > 0;

function query(input: HandshakeInput): URLSearchParams {
  try {
    return new URL(input.url ?? "/", "http://listener.invalid").searchParams;
  } catch {
    return new URLSearchParams();
  }
}

const isGet = (input: HandshakeInput) => input.method.toUpperCase() === "GET";

export const HANDSHAKE_REQUESTS: Record<HandshakeProvider, HandshakeRequestCheck> = {
  slack(input) {
    const body = jsonObject(input.body);
    if (body?.type !== "url_verification") return undefined;
    return filled(body.challenge) ? [] : ["a url_verification carries its challenge, a non-empty string"];
  },
  zoom(input) {
    const body = jsonObject(input.body);
    if (body?.event !== "endpoint.url_validation") return undefined;
    const token = (body.payload as { plainToken?: unknown } | undefined)?.plainToken;
    return filled(token) ? [] : ["an endpoint.url_validation carries payload.plainToken, a non-empty string"];
  },
  discord: (input) => (jsonObject(input.body)?.type === 1 ? [] : undefined),
  meta(input) {
    const params = query(input);
    if (!isGet(input) || !params.has("hub.mode")) return undefined;
    const problems: string[] = [];
    if (params.get("hub.mode") !== "subscribe")
      problems.push(`hub.mode is "subscribe", got ${JSON.stringify(params.get("hub.mode"))}`);
    if (!filled(params.get("hub.challenge"))) problems.push("a hub.challenge to echo is missing");
    if (!params.has("hub.verify_token")) problems.push("hub.verify_token is missing");
    return problems;
  },
  dropbox(input) {
    const params = query(input);
    if (!isGet(input) || !params.has("challenge")) return undefined;
    return filled(params.get("challenge")) ? [] : ["the challenge to echo is empty"];
  },
  "microsoft-graph"(input) {
    const params = query(input);
    if (!params.has("validationToken")) return undefined;
    return filled(params.get("validationToken")) ? [] : ["the validationToken to echo is empty"];
  },
  okta(input) {
    const challenge = input.headers("x-okta-verification-challenge");
    if (!isGet(input) || challenge === undefined) return undefined;
    return filled(challenge) ? [] : ["the X-Okta-Verification-Challenge to echo is empty"];
  },
  xero(input) {
    const events = jsonObject(input.body)?.events;
    return Array.isArray(events) && events.length === 0 ? [] : undefined;
  },
  trello: (input) => (input.method.toUpperCase() === "HEAD" ? [] : undefined),
  x(input) {
    const params = query(input);
    if (!isGet(input) || !params.has("crc_token")) return undefined;
    return filled(params.get("crc_token")) ? [] : ["the crc_token to sign is empty"];
  },
  line(input) {
    const events = jsonObject(input.body)?.events;
    return Array.isArray(events) && events.length === 0 ? [] : undefined;
  },
  "google-watch": (input) => (input.headers("x-goog-resource-state")?.trim() === "sync" ? [] : undefined),
  woocommerce(input) {
    if (input.method.toUpperCase() !== "POST" || input.headers("x-wc-webhook-signature") !== undefined)
      return undefined;
    const body = new TextDecoder().decode(input.body).trim();
    if (!body.startsWith("webhook_id=")) return undefined;
    return /^webhook_id=\d+$/.test(body) ? [] : ["the ping's body is webhook_id=<the webhook's numeric id>"];
  },
  mandrill: (input) => (input.method.toUpperCase() === "HEAD" ? [] : undefined),
  twitch(input) {
    if (input.headers("twitch-eventsub-message-type") !== "webhook_callback_verification") return undefined;
    const body = jsonObject(input.body);
    const problems: string[] = [];
    if (!filled(body?.challenge))
      problems.push("a webhook_callback_verification carries its challenge, a non-empty string");
    if (typeof body?.subscription !== "object" || body.subscription === null)
      problems.push("a webhook_callback_verification carries the subscription it verifies");
    return problems;
  },
};

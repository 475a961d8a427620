/**
 * The handshakes a provider sends to check an endpoint before (or besides) its deliveries, built
 * as each provider documents them, signed where the provider signs them, with the check the
 * provider makes of the answer:
 * - Slack `url_verification` (signed POST): 200 with the challenge, as text, JSON or form;
 * - Zoom `endpoint.url_validation` (signed POST): 200 JSON `{ plainToken, encryptedToken }`, the
 *   token's HMAC-SHA256 with the secret token, hex;
 * - Discord PING (signed POST, `type: 1`): 200 JSON `{ "type": 1 }`;
 * - Meta `hub.challenge` (GET with `hub.verify_token`): 200 with the challenge as the body;
 * - Dropbox `challenge` (GET): 200 with the challenge, as text/plain with `nosniff` (Dropbox asks
 *   for both, so the echo cannot be used for reflected XSS);
 * - Microsoft Graph `validationToken` (POST, empty text body): 200 text/plain with the token;
 * - Okta's one-time verification (GET with `X-Okta-Verification-Challenge` and the hook's secret
 *   header): 200 JSON `{ "verification": <challenge> }`; the same without the secret is refused;
 * - Xero's intent to receive (signed POST of an empty batch): 200; unsigned it is refused;
 * - Trello's and Mandrill's `HEAD` when a webhook is created: 200.
 * The refusals the schemes define are sent too: each signed handshake unsigned (Zoom's answer is
 * an HMAC with the signing secret, so answering an unsigned one signs anything for anyone), and
 * Meta's with a wrong verify token.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { isJsonMediaType, mediaTypeEssence } from "@contract/core";
import { defaultMessageId } from "@contract/runtime/sender";
import type { SignatureScheme } from "@contract/runtime/webhooks";
import { HANDSHAKE_NAMES } from "../handshake-names.js";
import { lower, type OutgoingRequest } from "./cases.js";
import type { Answer } from "./send.js";

export type Replied = Extract<Answer, { status: number }>;

export interface HandshakeProblem {
  rule: "handshake-failed" | "handshake-unsafe-echo" | "handshake-signing-oracle";
  severity: "error" | "warning";
  message: string;
}

export type HandshakeExpectation =
  /** The provider reads the answer: every problem `check` returns is a finding. */
  | { kind: "answer"; check: (answer: Replied) => HandshakeProblem[] }
  /** The scheme defines this request as one to refuse: a 2xx is a `rule` finding. */
  | { kind: "refuse"; rule: "accepted-unsigned-handshake" | "accepted-wrong-verify-token"; what: string };

export interface HandshakeCase {
  /** The provider and handshake, e.g. `slack url_verification`: what findings name. */
  name: string;
  /** What was sent, in words. */
  label: string;
  request: OutgoingRequest;
  /** The request as reports show it: `request` with the verify token hidden. */
  shown: OutgoingRequest;
  expect: HandshakeExpectation;
}

export interface HandshakeContext {
  url: string;
  scheme: SignatureScheme;
  /** The signing secret as given (Zoom's answer is an HMAC with it). */
  secret: string;
  /** Meta's `hub.verify_token`; without it only the wrong-token refusal is sent. */
  verifyToken: string | undefined;
  /** `-H` headers of the command line: sent on every request. */
  extraHeaders: Record<string, string>;
}

export interface HandshakePlan {
  cases: HandshakeCase[];
  /** Handshakes not sent, with why. */
  notes: string[];
}

/** Shown instead of the verify token in reported URLs and curl lines. */
const HIDDEN = "<redacted>";

const said = (answer: Replied) => `answered ${answer.status}${answer.excerpt ? `: ${answer.excerpt}` : ""}`;

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const failed = (message: string): HandshakeProblem => ({
  rule: "handshake-failed",
  severity: "error",
  message,
});

/** 200 is what every provider documents; anything else fails the handshake. */
function statusProblem(answer: Replied): HandshakeProblem[] {
  return answer.status === 200 ? [] : [failed(`${said(answer)}; the provider expects 200`)];
}

/** The answer's body is exactly `expected` (Meta, Dropbox, Microsoft Graph echo the value as the whole body). */
function echoProblem(answer: Replied, expected: string): HandshakeProblem[] {
  if (answer.status !== 200 || answer.excerpt === expected) return [];
  return [
    failed(`the body must be ${JSON.stringify(expected)} alone, got ${JSON.stringify(answer.excerpt)}`),
  ];
}

function withQuery(url: string, query: Record<string, string>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(query)) target.searchParams.set(name, value);
  return target.toString();
}

export async function handshakeCases(context: HandshakeContext): Promise<HandshakePlan> {
  const { scheme } = context;
  // The provider's name alone says nothing: a custom scheme named "slack" answers no handshake.
  if (!scheme.signedHandshake && !scheme.unsignedHandshake) return { cases: [], notes: [] };
  const base = { "user-agent": "contract-verify", ...lower(context.extraHeaders) };
  const cases: HandshakeCase[] = [];
  const notes: string[] = [];
  const plain = (request: OutgoingRequest) => ({ request, shown: request });

  /** A signed JSON handshake, and the same unsigned, which the scheme refuses. */
  const signedPair = async (
    name: string,
    label: string,
    payload: unknown,
    check: (answer: Replied) => HandshakeProblem[],
    headers: Record<string, string> = {},
  ) => {
    const body = JSON.stringify(payload);
    const unsigned: OutgoingRequest = {
      method: "POST",
      url: context.url,
      headers: { ...base, "content-type": "application/json", ...headers },
      body,
    };
    const signature = await scheme.sign({ body, id: defaultMessageId(), url: context.url });
    // The handshake's own headers last: a scheme's signature may carry a delivery's (Twitch's type).
    const signed = { ...unsigned, headers: { ...unsigned.headers, ...lower(signature), ...headers } };
    cases.push({ name, label, ...plain(signed), expect: { kind: "answer", check } });
    cases.push({
      name,
      label: `${label}, unsigned`,
      ...plain(unsigned),
      expect: { kind: "refuse", rule: "accepted-unsigned-handshake", what: "an unsigned handshake" },
    });
  };

  switch (scheme.name) {
    case "slack": {
      const challenge = randomBytes(24).toString("base64url");
      await signedPair(
        HANDSHAKE_NAMES.slack,
        `url_verification with challenge ${challenge}`,
        { token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge, type: "url_verification" },
        (answer) => {
          const problems = statusProblem(answer);
          if (problems.length > 0) return problems;
          // Slack takes the challenge back as plain text, as JSON or as a form.
          const echoed =
            answer.excerpt === challenge ||
            parseJson(answer.excerpt)?.challenge === challenge ||
            new URLSearchParams(answer.excerpt).get("challenge") === challenge;
          return echoed
            ? []
            : [failed(`the answer does not carry the challenge ${challenge}: ${said(answer)}`)];
        },
      );
      break;
    }
    case "zoom": {
      const plainToken = randomBytes(16).toString("base64url");
      const encryptedToken = createHmac("sha256", context.secret).update(plainToken).digest("hex");
      await signedPair(
        HANDSHAKE_NAMES.zoom,
        `endpoint.url_validation with plainToken ${plainToken}`,
        { payload: { plainToken }, event_ts: Date.now(), event: "endpoint.url_validation" },
        (answer) => {
          const problems = statusProblem(answer);
          if (problems.length > 0) return problems;
          const json = parseJson(answer.excerpt);
          if (!isJsonMediaType(answer.headers["content-type"] ?? "") || !json)
            return [failed(`the answer must be JSON: ${said(answer)}`)];
          if (json.plainToken === plainToken && json.encryptedToken === encryptedToken) return [];
          return [
            failed(
              `expected {"plainToken":"${plainToken}","encryptedToken":"${encryptedToken}"} (HMAC-SHA256 of plainToken with the secret token, hex), got ${answer.excerpt}`,
            ),
          ];
        },
      );
      break;
    }
    case "discord": {
      const id = randomBytes(8).readBigUInt64BE().toString();
      await signedPair(
        HANDSHAKE_NAMES.discord,
        "PING interaction (type 1)",
        { id, application_id: "1", type: 1, version: 1, token: randomBytes(16).toString("base64url") },
        (answer) => {
          const problems = statusProblem(answer);
          if (problems.length > 0) return problems;
          const json = parseJson(answer.excerpt);
          return isJsonMediaType(answer.headers["content-type"] ?? "") && json?.type === 1
            ? []
            : [failed(`expected the JSON {"type":1} (a PONG), ${said(answer)}`)];
        },
      );
      break;
    }
    case "meta": {
      const challenge = String(randomBytes(4).readUInt32BE() || 1);
      const subscribe = (token: string) =>
        withQuery(context.url, {
          "hub.mode": "subscribe",
          "hub.challenge": challenge,
          "hub.verify_token": token,
        });
      const get = (url: string): OutgoingRequest => ({ method: "GET", url, headers: base, body: "" });
      if (context.verifyToken === undefined)
        notes.push("no meta hub.challenge with the verify token: none given (--verify-token)");
      else
        cases.push({
          name: HANDSHAKE_NAMES.meta,
          label: `subscribe verification with hub.challenge ${challenge}`,
          request: get(subscribe(context.verifyToken)),
          shown: get(subscribe(HIDDEN)),
          expect: {
            kind: "answer",
            check: (answer) => [...statusProblem(answer), ...echoProblem(answer, challenge)],
          },
        });
      const wrong = `wrong-${randomBytes(8).toString("hex")}`;
      cases.push({
        name: HANDSHAKE_NAMES.meta,
        label: `subscribe verification with a wrong hub.verify_token`,
        ...plain(get(subscribe(wrong))),
        expect: { kind: "refuse", rule: "accepted-wrong-verify-token", what: "a wrong verify token" },
      });
      break;
    }
    case "dropbox": {
      const challenge = randomBytes(16).toString("base64url");
      cases.push({
        name: HANDSHAKE_NAMES.dropbox,
        label: `verification request with challenge ${challenge}`,
        ...plain({ method: "GET", url: withQuery(context.url, { challenge }), headers: base, body: "" }),
        expect: {
          kind: "answer",
          check: (answer) => {
            const problems = [...statusProblem(answer), ...echoProblem(answer, challenge)];
            if (problems.length > 0) return problems;
            const textPlain = mediaTypeEssence(answer.headers["content-type"]) === "text/plain";
            const nosniff = answer.headers["x-content-type-options"]?.toLowerCase() === "nosniff";
            return textPlain && nosniff
              ? []
              : [
                  {
                    rule: "handshake-unsafe-echo",
                    severity: "warning",
                    message: `echoed without Content-Type: text/plain and X-Content-Type-Options: nosniff (got ${JSON.stringify(answer.headers["content-type"] ?? "(none)")}${nosniff ? "" : ", no nosniff"}): a reflected-XSS risk Dropbox asks to avoid`,
                  },
                ];
          },
        },
      });
      break;
    }
    case "microsoft-graph": {
      const token = `Validation: Testing client application ${randomBytes(8).toString("hex")}`;
      cases.push({
        name: HANDSHAKE_NAMES["microsoft-graph"],
        label: "subscription validation request",
        ...plain({
          method: "POST",
          url: withQuery(context.url, { validationToken: token }),
          headers: { ...base, "content-type": "text/plain; charset=utf-8" },
          body: "",
        }),
        expect: {
          kind: "answer",
          check: (answer) => {
            const problems = [...statusProblem(answer), ...echoProblem(answer, token)];
            if (problems.length > 0) return problems;
            return mediaTypeEssence(answer.headers["content-type"]) === "text/plain"
              ? []
              : [
                  failed(
                    `the answer must be text/plain, got ${JSON.stringify(answer.headers["content-type"] ?? "(none)")}`,
                  ),
                ];
          },
        },
      });
      break;
    }
    case "okta": {
      const challenge = randomBytes(24).toString("base64url");
      // The secret header, as the scheme sends it with every request (Okta's too).
      const secretHeaders = lower(await scheme.sign({ body: "" }));
      const anonymous: OutgoingRequest = {
        method: "GET",
        url: context.url,
        headers: { ...base, accept: "application/json", "x-okta-verification-challenge": challenge },
        body: "",
      };
      const authorized = { ...anonymous, headers: { ...anonymous.headers, ...secretHeaders } };
      cases.push({
        name: HANDSHAKE_NAMES.okta,
        label: `one-time verification with challenge ${challenge}`,
        request: authorized,
        shown: {
          ...authorized,
          headers: {
            ...authorized.headers,
            ...Object.fromEntries(Object.keys(secretHeaders).map((h) => [h, HIDDEN])),
          },
        },
        expect: {
          kind: "answer",
          check: (answer) => {
            const problems = statusProblem(answer);
            if (problems.length > 0) return problems;
            const json = parseJson(answer.excerpt);
            return isJsonMediaType(answer.headers["content-type"] ?? "") && json?.verification === challenge
              ? []
              : [failed(`expected the JSON {"verification":"${challenge}"}, ${said(answer)}`)];
          },
        },
      });
      cases.push({
        name: HANDSHAKE_NAMES.okta,
        label: `one-time verification with challenge ${challenge}, without the secret`,
        ...plain(anonymous),
        expect: {
          kind: "refuse",
          rule: "accepted-unsigned-handshake",
          what: "a handshake without the secret",
        },
      });
      break;
    }
    case "xero": {
      const entropy = randomBytes(15).toString("base64url").toUpperCase();
      await signedPair(
        HANDSHAKE_NAMES.xero,
        "intent to receive (a batch of no events)",
        { events: [], firstEventSequence: 0, lastEventSequence: 0, entropy },
        statusProblem,
      );
      break;
    }
    case "x": {
      const token = randomBytes(24).toString("base64url");
      const responseToken = `sha256=${createHmac("sha256", context.secret).update(token).digest("base64")}`;
      const crc = (crcToken: string): OutgoingRequest => ({
        method: "GET",
        url: withQuery(context.url, { crc_token: crcToken }),
        headers: base,
        body: "",
      });
      cases.push({
        name: HANDSHAKE_NAMES.x,
        label: `challenge-response check with crc_token ${token}`,
        ...plain(crc(token)),
        expect: {
          kind: "answer",
          check: (answer) => {
            const problems = statusProblem(answer);
            if (problems.length > 0) return problems;
            const json = parseJson(answer.excerpt);
            return isJsonMediaType(answer.headers["content-type"] ?? "") &&
              json?.response_token === responseToken
              ? []
              : [
                  failed(
                    `expected the JSON {"response_token":"${responseToken}"} (sha256= and the base64 HMAC-SHA256 of crc_token with the consumer secret), ${said(answer)}`,
                  ),
                ];
          },
        },
      });
      // Anyone can send a CRC, and its answer is the MAC deliveries are signed with.
      const forged = JSON.stringify({
        for_user_id: "2244994945",
        tweet_create_events: [{ id_str: randomUUID() }],
      });
      const mac = createHmac("sha256", context.secret).update(forged).digest();
      cases.push({
        name: HANDSHAKE_NAMES.x,
        label: "challenge-response check whose crc_token is a delivery body",
        ...plain(crc(forged)),
        expect: {
          kind: "answer",
          check: (answer) =>
            answer.excerpt.includes(mac.toString("base64")) || answer.excerpt.includes(mac.toString("hex"))
              ? [
                  {
                    rule: "handshake-signing-oracle",
                    severity: "error",
                    message: `answered the signature of a crc_token that is a JSON delivery body (${answer.status}): anyone can have any delivery signed this way; refuse such tokens with 4xx`,
                  },
                ]
              : [],
        },
      });
      break;
    }
    case "line":
      await signedPair(
        HANDSHAKE_NAMES.line,
        "verification (a delivery of no events)",
        { destination: `U${randomBytes(16).toString("hex")}`, events: [] },
        statusProblem,
      );
      break;
    case "google-watch": {
      // The channel's first message: no body, the token and the channel's headers, state `sync`.
      const channel: OutgoingRequest = {
        method: "POST",
        url: context.url,
        headers: {
          ...base,
          "x-goog-channel-id": randomUUID(),
          "x-goog-message-number": "1",
          "x-goog-resource-id": randomBytes(12).toString("base64url"),
          "x-goog-resource-state": "sync",
        },
        body: "",
      };
      const token = lower(await scheme.sign({ body: "" }))["x-goog-channel-token"] ?? "";
      const withToken = { ...channel, headers: { ...channel.headers, "x-goog-channel-token": token } };
      cases.push({
        name: HANDSHAKE_NAMES["google-watch"],
        label: "sync message sent when the channel is created",
        request: withToken,
        shown: { ...withToken, headers: { ...withToken.headers, "x-goog-channel-token": HIDDEN } },
        expect: {
          kind: "answer",
          // Google counts these as success; any other status is a failed notification.
          check: (answer) =>
            [200, 201, 202, 204, 102].includes(answer.status)
              ? []
              : [failed(`${said(answer)}; Google takes 200, 201, 202, 204 or 102`)],
        },
      });
      cases.push({
        name: HANDSHAKE_NAMES["google-watch"],
        label: "sync message without the channel's token",
        ...plain(channel),
        expect: {
          kind: "refuse",
          rule: "accepted-unsigned-handshake",
          what: "a sync message without the token",
        },
      });
      break;
    }
    case "woocommerce":
      cases.push({
        name: HANDSHAKE_NAMES.woocommerce,
        label: "ping sent when the webhook is saved (unsigned webhook_id)",
        ...plain({
          method: "POST",
          url: context.url,
          headers: { ...base, "content-type": "application/x-www-form-urlencoded" },
          body: `webhook_id=${randomBytes(2).readUInt16BE() + 1}`,
        }),
        expect: { kind: "answer", check: statusProblem },
      });
      break;
    case "trello":
    case "mandrill":
      cases.push({
        name: HANDSHAKE_NAMES[scheme.name],
        label: "HEAD request sent when the webhook is created",
        ...plain({ method: "HEAD", url: context.url, headers: base, body: "" }),
        expect: { kind: "answer", check: statusProblem },
      });
      break;
    case "twitch": {
      const challenge = randomBytes(24).toString("base64url");
      await signedPair(
        HANDSHAKE_NAMES.twitch,
        `webhook_callback_verification with challenge ${challenge}`,
        {
          challenge,
          subscription: {
            id: randomUUID(),
            status: "webhook_callback_verification_pending",
            type: "channel.follow",
            version: "2",
            cost: 0,
            condition: { broadcaster_user_id: "12826", moderator_user_id: "12826" },
            transport: { method: "webhook", callback: context.url },
            created_at: new Date().toISOString(),
          },
        },
        (answer) => {
          const problems = [...statusProblem(answer), ...echoProblem(answer, challenge)];
          if (problems.length > 0) return problems;
          // Twitch reads the raw challenge, as text.
          return mediaTypeEssence(answer.headers["content-type"]) === "text/plain"
            ? []
            : [
                failed(
                  `the answer must be text/plain, got ${JSON.stringify(answer.headers["content-type"] ?? "(none)")}`,
                ),
              ];
        },
        { "twitch-eventsub-message-type": "webhook_callback_verification" },
      );
      break;
    }
  }
  return { cases, notes };
}

/**
 * The deliveries a receiver is sent for one webhook, each with what a conforming receiver answers:
 * - every valid payload, signed (2xx); the first one is sent again as is, as a provider retries a
 *   delivery whose answer was lost (2xx: a receiver that de-duplicates still acknowledges it);
 * - the same payload unsigned, with a body other than the signed one, signed with another secret,
 *   and signed an hour ago for schemes that sign a timestamp (4xx);
 * - a signed payload that breaks the schema (either answer can be right: it depends on the
 *   receiver's drift policy, so only a 2xx is noted, as a warning).
 */
import { declaredHeaders } from "@contract/core";
import { defaultMessageId } from "@contract/runtime/sender";
import { bodyText, type SignatureScheme, signDelivery } from "@contract/runtime/webhooks";
import type { WebhookTarget } from "../contract.js";
import { invalidPayload, type ValidPayload } from "./payloads.js";

export type Expectation = "accept" | "refuse" | "either";

export type CaseKind =
  | "valid"
  | "replay"
  | "unsigned"
  | "tampered"
  | "wrong-secret"
  | "stale"
  | "schema-invalid";

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryCase {
  kind: CaseKind;
  expect: Expectation;
  target: WebhookTarget;
  /** What was sent, in words (which payload, what was done to it). */
  label: string;
  request: OutgoingRequest;
}

/** Cases sent one after the other (a replay follows its original); sequences run concurrently. */
export type CaseSequence = DeliveryCase[];

export interface CaseContext {
  url: string;
  document: unknown;
  seed: string;
  scheme: SignatureScheme;
  /** The same scheme with another secret; `undefined` when none can be made (key-pair schemes). */
  wrongScheme: SignatureScheme | undefined;
  traits: SchemeTraits;
  /** `-H` headers of the command line: sent on every delivery. */
  extraHeaders: Record<string, string>;
}

/** How long before now the stale delivery claims to have been signed: beyond any usual window. */
export const STALE_SECONDS = 3600;

export interface SchemeTraits {
  /** Whether the scheme signs a timestamp (a stale delivery is then possible). */
  timestamped: boolean;
  /**
   * Whether what it sends depends on the body (a tampered delivery is then refused). GitLab, Okta
   * and Microsoft Graph send a shared secret instead: any body passes with it.
   */
  bodySigned: boolean;
  /** Lower-case names of the headers it writes (dropped from declared-header examples). */
  headers: Set<string>;
}

/**
 * What a scheme writes, learned by signing the same body at two times, and another body. Only
 * headers that change with the body make a tampered case: a signature inside the body covers a
 * few fields of it at most (Mailgun's none). Adyen signs a body without notification items in a
 * header, as probed here.
 */
export async function schemeTraits(scheme: SignatureScheme): Promise<SchemeTraits> {
  const input = { body: "{}", id: "msg_probe", url: "http://127.0.0.1/" };
  const now = await signDelivery(scheme, { ...input, timestamp: 2_000_000_000 });
  const earlier = await signDelivery(scheme, { ...input, timestamp: 2_000_000_000 - STALE_SECONDS });
  const otherBody = await scheme.sign({ ...input, body: '{"probe":1}', timestamp: 2_000_000_000 });
  return {
    // (Mailgun's random token makes any two signings differ; it does sign a timestamp.)
    timestamped: JSON.stringify(now) !== JSON.stringify(earlier),
    bodySigned: JSON.stringify(now.headers) !== JSON.stringify(otherBody),
    headers: new Set(Object.keys(now.headers).map((name) => name.toLowerCase())),
  };
}

function bodyOf(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value);
}

async function request(
  target: WebhookTarget,
  context: CaseContext,
  body: string,
  sign: { scheme: SignatureScheme; signedBody?: string; timestamp?: number } | undefined,
): Promise<OutgoingRequest> {
  const headers: Record<string, string> = {
    ...(target.media && body !== "" ? { "content-type": target.media.mediaType } : {}),
    "user-agent": "contract-verify",
    ...declaredHeaders(target.webhook, context.document, context.seed),
    ...lower(context.extraHeaders),
  };
  // A declared signature header's example (GitHub declares X-Hub-Signature-256) would make the
  // unsigned delivery a badly signed one instead.
  for (const name of context.traits.headers) delete headers[name];
  let sent = body;
  if (sign) {
    const signed = await signDelivery(sign.scheme, {
      body: sign.signedBody ?? body,
      id: defaultMessageId(),
      url: context.url,
      ...(sign.timestamp !== undefined ? { timestamp: sign.timestamp } : {}),
    });
    Object.assign(headers, lower(signed.headers));
    // The signed body, where the scheme signs inside it; a tampered case sends its own.
    if (sign.signedBody === undefined) sent = bodyText(signed.body);
  }
  return { method: target.webhook.method.toUpperCase(), url: context.url, headers, body: sent };
}

/** Headers with lower-case names (as fetch sends them and findings show them). */
export const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * Another body than the signed one: another valid payload when there is one (so that a receiver
 * that skips the signature accepts it, rather than refusing it for its schema), else the same
 * JSON with a trailing space (a receiver that checks re-serialized JSON instead of the bytes
 * received accepts that too).
 */
function tamper(payloads: readonly ValidPayload[], body: string): string {
  const other = payloads.map((p) => bodyOf(p.value)).find((b) => b !== body);
  return other ?? `${body} `;
}

export async function casesFor(
  target: WebhookTarget,
  payloads: readonly ValidPayload[],
  context: CaseContext,
): Promise<CaseSequence[]> {
  const sequences: CaseSequence[] = [];
  const make = async (
    kind: CaseKind,
    expect: Expectation,
    label: string,
    body: string,
    sign: Parameters<typeof request>[3],
  ): Promise<DeliveryCase> => ({
    kind,
    expect,
    target,
    label,
    request: await request(target, context, body, sign),
  });
  const signed = { scheme: context.scheme };

  for (const [i, payload] of payloads.entries()) {
    const valid = await make("valid", "accept", payload.label, bodyOf(payload.value), signed);
    sequences.push(
      i === 0
        ? [valid, { ...valid, kind: "replay", label: `${payload.label}, delivered again with the same id` }]
        : [valid],
    );
  }
  const first = payloads[0];
  if (!first) return sequences;
  const body = bodyOf(first.value);
  sequences.push([await make("unsigned", "refuse", `${first.label}, unsigned`, body, undefined)]);
  if (context.traits.bodySigned)
    sequences.push([
      await make("tampered", "refuse", `${first.label}, body changed after signing`, tamper(payloads, body), {
        ...signed,
        signedBody: body,
      }),
    ]);
  if (context.wrongScheme)
    sequences.push([
      await make("wrong-secret", "refuse", `${first.label}, signed with another secret`, body, {
        scheme: context.wrongScheme,
      }),
    ]);
  if (context.traits.timestamped)
    sequences.push([
      await make("stale", "refuse", `${first.label}, signed ${STALE_SECONDS} s ago`, body, {
        ...signed,
        timestamp: Math.floor(Date.now() / 1000) - STALE_SECONDS,
      }),
    ]);
  const invalid = invalidPayload(target, first.value);
  if (invalid !== undefined)
    sequences.push([
      await make(
        "schema-invalid",
        "either",
        `${first.label}, changed to break the schema`,
        bodyOf(invalid),
        signed,
      ),
    ]);
  return sequences;
}

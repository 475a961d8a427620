/**
 * `createWebhookSender`: validate → serialize → sign → deliver with retries, for webhooks of one
 * contract. The generated `sender.ts` calls it with the contract's descriptors and validators and
 * types `send` by webhook name.
 */
import { retryPolicy } from "../client/retry.js";
import { ValidationError } from "../validation/index.js";
import { isJsonMediaType, mediaTypeEssence } from "../webhooks/media-type.js";
import {
  bodyText,
  resolveSignatureScheme,
  type SignatureScheme,
  signDelivery,
} from "../webhooks/signatures/index.js";
import { deliver } from "./deliver.js";
import { isNode, nodeTransport } from "./node-transport.js";
import { defaultLookup, targetProblem } from "./targets.js";
import { fetchTransport, type Transport } from "./transport.js";
import type {
  DeliveryResult,
  DeliverySchedule,
  Endpoint,
  ScheduleName,
  SenderDefinition,
  SenderRetryOptions,
  SendOptions,
  WebhookSenderOptions,
} from "./types.js";

export interface WebhookSender<Payloads> {
  /** Sends one message; resolves with every attempt, rejects only on an invalid payload or bad setup. */
  send<Name extends keyof Payloads & string>(
    webhook: Name,
    payload: Payloads[Name],
    options?: SendOptions,
  ): Promise<DeliveryResult>;
  /** The scheme in use (e.g. to sign a delivery made by other means). */
  readonly signature: SignatureScheme;
}

const RETRY_DEFAULTS: SenderRetryOptions = {
  limit: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
  // Every 5xx: unlike a client call, a webhook push is meant to be retried until it lands.
  statuses: (status) => status === 408 || status === 429 || (status >= 500 && status <= 599),
};

/**
 * Retry schedules, as delays before each retry (ms). `standard-webhooks`: the Standard Webhooks /
 * Svix schedule — attempts immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h
 * (about 28 h in all; keep the process, or a durable queue, alive that long). `short`: the same
 * shape in milliseconds, for tests.
 */
export const SCHEDULES: Readonly<Record<ScheduleName, readonly number[]>> = {
  "standard-webhooks": [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
  short: [5, 10, 20, 40, 80, 160, 160],
};

export function defaultMessageId(): string {
  return `msg_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
}

export function createWebhookSender<Payloads>(
  definition: SenderDefinition,
  options: WebhookSenderOptions<Payloads>,
): WebhookSender<Payloads> {
  const signature = resolveSignatureScheme(
    options.signature ?? definition.signature ?? "standard-webhooks",
    options.secret,
  );
  const { schedule: scheduleOption, ...retryOptions } = options.retry === false ? {} : (options.retry ?? {});
  const policy = retryPolicy(options.retry === false ? false : { ...RETRY_DEFAULTS, ...retryOptions });
  const delays =
    options.retry === false || scheduleOption === undefined
      ? undefined
      : typeof scheduleOption === "string"
        ? SCHEDULES[scheduleOption]
        : scheduleOption;
  if (typeof scheduleOption === "string" && delays === undefined)
    throw new TypeError(`unknown retry schedule ${JSON.stringify(scheduleOption)}`);
  const schedule: DeliverySchedule | undefined =
    delays === undefined
      ? undefined
      : { name: typeof scheduleOption === "string" ? scheduleOption : "custom", delaysMs: delays };
  const lookup = options.lookup ?? defaultLookup;
  const checkTarget = options.allowPrivateTargets ? undefined : (url: string) => targetProblem(url, lookup);
  const descriptors = new Map(definition.webhooks.map((w) => [w.name, w]));
  const validators = options.validators ?? definition.validators;
  const transport = chooseTransport(options);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const newId = options.messageId ?? defaultMessageId;

  const endpointFor = async (webhook: string, payload: unknown, explicit?: Endpoint): Promise<string> => {
    const chosen =
      explicit ??
      (options.resolveEndpoint
        ? await options.resolveEndpoint(webhook as keyof Payloads & string, payload)
        : typeof options.endpoints === "string" || options.endpoints instanceof URL
          ? options.endpoints
          : (options.endpoints as Record<string, Endpoint> | undefined)?.[webhook]);
    if (chosen === undefined)
      throw new TypeError(`no endpoint configured for webhook ${JSON.stringify(webhook)}`);
    return String(chosen);
  };

  return {
    signature,
    async send(webhook, payload, sendOptions = {}) {
      const descriptor = descriptors.get(webhook);
      if (!descriptor) throw new TypeError(`unknown webhook ${JSON.stringify(webhook)}`);
      const mediaType = sendOptions.mediaType ?? pickMediaType(descriptor.mediaTypes);
      if (options.validate !== false && validators) {
        const validator = validators(`webhook:${webhook}:${mediaType}`);
        const verdict = validator?.validate(payload);
        if (verdict && !verdict.ok)
          throw new ValidationError(validator?.validatorName ?? `webhook ${webhook} payload`, verdict.errors);
      }
      const url = await endpointFor(webhook, payload, sendOptions.endpoint);
      // A webhook without a body sends none (`undefined` is what its payload type is then).
      const body = payload === undefined ? "" : JSON.stringify(payload);
      const messageId = sendOptions.id ?? newId();
      const extra =
        typeof options.headers === "function" ? options.headers(webhook, payload) : options.headers;
      return deliver({
        webhook,
        messageId,
        url,
        policy,
        ...(delays ? { delays } : {}),
        ...(schedule ? { schedule } : {}),
        ...(checkTarget ? { checkTarget } : {}),
        timeoutMs,
        transport,
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
        ...(options.onAttempt ? { onAttempt: (a) => options.onAttempt?.(a, webhook) } : {}),
        signed: async () => {
          const signed = await signDelivery(signature, { body, id: messageId, url });
          return {
            headers: mergeHeaders(
              // No body, no Content-Type: a receiver would otherwise parse nothing as JSON.
              body === "" && descriptor.mediaTypes.length === 0
                ? { "user-agent": "contract-webhook-sender" }
                : { "content-type": mediaType, "user-agent": "contract-webhook-sender" },
              extra,
              sendOptions.headers,
              signed.headers,
            ),
            body: bodyText(signed.body),
          };
        },
      });
    },
  };
}

/**
 * On Node, attempts go through node:http with the target checked at connect time (a DNS answer that
 * changes after the check before the attempt is caught). A caller's own `fetch`, and every other
 * platform, get `fetch` with that earlier check only.
 */
function chooseTransport(
  options: Pick<WebhookSenderOptions, "fetch" | "lookup" | "allowPrivateTargets">,
): Transport {
  if (options.fetch) return fetchTransport(options.fetch);
  if (!isNode()) return fetchTransport(globalThis.fetch.bind(globalThis));
  return nodeTransport({
    lookup: options.lookup ?? defaultLookup,
    refusePrivate: options.allowPrivateTargets !== true,
  });
}

/**
 * Later sources win, compared case-insensitively: `X-Hub-Signature-256` from a caller and
 * `x-hub-signature-256` from the scheme must not both go out (fetch would join them with a comma).
 */
function mergeHeaders(...sources: Array<Record<string, string> | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources)
    for (const [name, value] of Object.entries(source ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** The first JSON media type the webhook declares (`application/json` when it declares none). */
function pickMediaType(mediaTypes: readonly string[]): string {
  return (
    mediaTypes.find((m) => isJsonMediaType(mediaTypeEssence(m) ?? "")) ?? mediaTypes[0] ?? "application/json"
  );
}

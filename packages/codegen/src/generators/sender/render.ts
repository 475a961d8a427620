/**
 * `sender.ts`: the payload type of every webhook (indexed access into openapi-typescript's
 * `webhooks`, the one source of truth), and `createWebhookSender` returning `send(name, payload)`
 * typed by name plus one `send<Webhook>` method per webhook.
 */
import type { WebhookModel } from "../webhooks/model.js";
import {
  jsonExpression as data,
  docBlock as docComment,
  docText,
  literal,
  uniqueName,
} from "../webhooks/names.js";
import type { SenderOptions } from "./options.js";

const isJson = (mediaType: string) =>
  /^application\/(.+\+)?json$/i.test(mediaType.split(";")[0]?.trim() ?? "");

/** The body a sender sends: the first JSON media type of the first operation that has a body. */
function payloadType(model: WebhookModel): string {
  for (const op of model.operations) {
    const contents = op.requestBody?.content ?? [];
    const chosen = contents.find((c) => isJson(c.mediaType)) ?? contents[0];
    if (chosen) {
      return `NonNullable<webhooks[${literal(model.name)}][${literal(op.method)}]["requestBody"]>["content"][${literal(chosen.mediaType)}]`;
    }
  }
  return "undefined";
}

/** `order.paid` → `sendOrderPaid`. `send` + a capitalized word is never reserved nor `send`/`signature`. */
function methodName(webhookName: string, taken: Set<string>): string {
  const camel = webhookName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  return uniqueName(`send${camel || "Webhook"}`, taken);
}

export function renderSenderFile(
  models: readonly WebhookModel[],
  options: SenderOptions,
  header: string,
): string {
  const runtime = options.runtimeModule ?? "@contract/runtime/sender";
  const typesModule = options.typesModule ?? "./types.js";
  const validatorsModule =
    options.validatorsModule === undefined ? "./validators.js" : options.validatorsModule;
  const types = models.map(payloadType);
  const needsTypes = types.some((t) => t !== "undefined");
  const taken = new Set<string>(["send", "signature"]);
  const methods = models.map((m) => ({ model: m, name: methodName(m.name, taken) }));

  const payloads = models
    .map(
      (m, i) =>
        `${m.summary ? docComment(docText(m.summary).slice(0, 12), "  ") : ""}  ${literal(m.name)}: ${types[i]};`,
    )
    .join("\n");
  const descriptors = models
    .map(
      (m) =>
        `    { name: ${literal(m.name)}, methods: ${JSON.stringify(m.methods)}, mediaTypes: ${JSON.stringify(m.mediaTypes)} },`,
    )
    .join("\n");
  const signatures = methods
    .map(({ model, name }) => {
      const doc = docComment(
        [
          `Sends the ${literal(model.name).replace(/\*\//g, "*\\/")} webhook.`,
          ...(model.summary ? docText(model.summary).slice(0, 12) : []),
        ],
        "  ",
      );
      return `${doc}  ${name}(payload: WebhookPayloads[${literal(model.name)}], options?: SendOptions): Promise<DeliveryResult>;`;
    })
    .join("\n");
  const bindings = methods
    .map(
      ({ model, name }) =>
        `    ${name}: (payload, options) => sender.send(${literal(model.name)}, payload, options),`,
    )
    .join("\n");

  return `${header}import {
  createWebhookSender as createSender,
  type DeliveryResult,
  type SenderDefinition,
  type SendOptions,
  type WebhookSender as RuntimeSender,
  type WebhookSenderOptions as RuntimeSenderOptions,
} from ${literal(runtime)};
${needsTypes ? `import type { webhooks } from ${literal(typesModule)};\n` : ""}${
  validatorsModule === false ? "" : `import { validatorFor } from ${literal(validatorsModule)};\n`
}
/** The payload each webhook sends, by webhook name. */
export interface WebhookPayloads {
${payloads}
}

export type WebhookName = keyof WebhookPayloads;

/** This contract's webhooks and the signature scheme chosen in its configuration. */
export const senderDefinition: SenderDefinition = {
  webhooks: [
${descriptors}
  ],
${validatorsModule === false ? "" : "  validators: validatorFor,\n"}${
  options.signature !== undefined
    ? `  signature: ${data(options.signature)} as NonNullable<SenderDefinition["signature"]>,\n`
    : ""
}};

export type WebhookSenderOptions = RuntimeSenderOptions<WebhookPayloads>;

/** \`send(name, payload)\` typed by webhook name, and one method per webhook. */
export interface WebhookSender extends RuntimeSender<WebhookPayloads> {
${signatures}
}

/**
 * The sender: validates each payload against the contract before it leaves, signs it, and delivers
 * it with retries on the \`retry.schedule\` (a short backoff by default, \`"standard-webhooks"\` for
 * the 5 s … 10 h schedule): network errors, timeouts, 408, 429 and 5xx are retried, \`Retry-After\`
 * honoured; a 3xx (redirects are not followed), a 410 (\`gone\`) and other 4xx end it. Loopback and
 * private targets are refused unless \`allowPrivateTargets\`. The result lists every attempt; the
 * message id (\`webhook-id\`) is the same in all of them.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const sender = createSender<WebhookPayloads>(senderDefinition, options);
  return {
    send: sender.send,
    signature: sender.signature,
${bindings}
  };
}
`;
}

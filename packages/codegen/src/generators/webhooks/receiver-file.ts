/**
 * `webhooks.ts`: the payload type of every webhook (indexed access into openapi-typescript's
 * `webhooks`, so types.ts stays the one source of truth), a keyed handler map, and
 * `createWebhookReceiver` bound to this contract's webhooks, validators and configured defaults.
 */
import type { WebhookModel } from "./model.js";
import { jsonExpression as data, docBlock, docText, literal } from "./names.js";
import type { WebhooksOptions } from "./options.js";

function payloadType(model: WebhookModel): string {
  const alternatives: string[] = [];
  for (const op of model.operations) {
    const body = `NonNullable<webhooks[${literal(model.name)}][${literal(op.method)}]["requestBody"]>`;
    const contents = op.requestBody?.content ?? [];
    for (const content of contents) alternatives.push(`${body}["content"][${literal(content.mediaType)}]`);
    if (contents.length === 0) alternatives.push("undefined");
    else if (!op.requestBody?.required) alternatives.push("undefined");
  }
  return [...new Set(alternatives)].join(" | ") || "undefined";
}

function docComment(text: string | undefined, indent: string): string {
  return text ? docBlock(docText(text).slice(0, 12), indent) : "";
}

export function renderReceiverFile(
  models: readonly WebhookModel[],
  options: WebhooksOptions,
  header: string,
): string {
  const runtime = options.runtimeModule ?? "@contract/runtime/webhooks";
  const typesModule = options.typesModule ?? "./types.js";
  const validatorsModule =
    options.validatorsModule === undefined ? "./validators.js" : options.validatorsModule;
  const needsTypes = models.some((m) => m.operations.some((op) => (op.requestBody?.content.length ?? 0) > 0));

  const payloads = models
    .map((m) => `${docComment(m.summary, "  ")}  ${literal(m.name)}: ${payloadType(m)};`)
    .join("\n");
  const descriptors = models
    .map(
      (m) =>
        `    { name: ${literal(m.name)}, methods: ${JSON.stringify(m.methods)}, mediaTypes: ${JSON.stringify(m.mediaTypes)} },`,
    )
    .join("\n");
  const defaults = [
    options.signature !== undefined
      ? `  signature: ${data(options.signature)} as NonNullable<ReceiverDefinition["signature"]>,`
      : "",
    options.route !== undefined
      ? `  route: ${data(options.route)} as NonNullable<ReceiverDefinition["route"]>,`
      : "",
    options.drift !== undefined
      ? `  drift: ${data(options.drift)} as NonNullable<ReceiverDefinition["drift"]>,`
      : "",
  ].filter(Boolean);

  return `${header}import {
  createReceiver,
  createUnwrapper,
  type ReceiverDefinition,
  type ReceiverOptions,
  type WebhookEvent as ReceivedEvent,
  type WebhookHandler as ReceivedEventHandler,
  type WebhookHandlerMap,
  type UnwrapInput,
  type UnwrapOptions,
  type UnwrapResult,
  type UnwrappedEvent,
  type WebhookReceiver,
} from ${literal(runtime)};
${needsTypes ? `import type { webhooks } from ${literal(typesModule)};\n` : ""}${
  validatorsModule === false
    ? ""
    : `import { validatorFor, validatorForWithoutFormats } from ${literal(validatorsModule)};\n`
}
/** The payload of each webhook, by webhook name. */
export interface WebhookPayloads {
${payloads}
}

export type WebhookName = keyof WebhookPayloads;

/** What a handler receives: the typed payload plus delivery id, timestamp and validation status. */
export type WebhookEvent<Name extends WebhookName> = ReceivedEvent<Name, WebhookPayloads[Name]>;

export type WebhookHandler<Name extends WebhookName> = ReceivedEventHandler<WebhookPayloads[Name], Name>;

/** Handlers keyed by webhook name; a webhook without a handler is acknowledged and ignored. */
export type WebhookHandlers = WebhookHandlerMap<WebhookPayloads>;

/** This contract's webhooks and the defaults chosen in its configuration. */
export const webhookDefinition: ReceiverDefinition = {
  webhooks: [
${descriptors}
  ],
${validatorsModule === false ? "" : "  validators: validatorFor,\n  validatorsWithoutFormats: validatorForWithoutFormats,\n"}${defaults.map((d) => `${d}\n`).join("")}};

export type WebhookReceiverOptions = ReceiverOptions<WebhookPayloads>;

/**
 * The receiver: verifies the signature on the raw body, checks the timestamp window, parses, routes,
 * validates, drops duplicates and calls the handler. Serve it with an adapter:
 * \`toNodeListener\` / \`toExpressMiddleware\` / \`fastifyWebhooks\` from \`@contract/runtime/node\`, or
 * \`toFetchHandler\` from \`@contract/runtime/webhooks\` (Hono, Next.js, Bun, Deno, Workers).
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  return createReceiver<WebhookPayloads>(webhookDefinition, options);
}

/** One authentic delivery: narrow on \`webhook\` before reading \`payload\`. */
export type UnwrappedWebhookEvent = UnwrappedEvent<WebhookPayloads>;

/** The event, or why the delivery is refused (the same verdicts the receiver gives), or a handshake to answer. */
export type WebhookUnwrapResult = UnwrapResult<WebhookPayloads>;

export type WebhookUnwrapOptions = UnwrapOptions;

/**
 * Verifies, routes and validates one delivery exactly like \`createWebhookReceiver\`, without any
 * framework or handler: \`unwrap({ body, headers, url?, method? })\`. Nothing is de-duplicated unless
 * \`dedupe\` is passed.
 */
export function createUnwrap(options: WebhookUnwrapOptions): (input: UnwrapInput) => Promise<WebhookUnwrapResult> {
  return createUnwrapper<WebhookPayloads>(webhookDefinition, options);
}

const unwrappers = new WeakMap<WebhookUnwrapOptions, (input: UnwrapInput) => Promise<WebhookUnwrapResult>>();

/** \`createUnwrap(options)(input)\`, with the prepared keys kept per options object. */
export function unwrap(input: UnwrapInput, options: WebhookUnwrapOptions): Promise<WebhookUnwrapResult> {
  let bound = unwrappers.get(options);
  if (bound === undefined) {
    bound = createUnwrap(options);
    unwrappers.set(options, bound);
  }
  return bound(input);
}
`;
}

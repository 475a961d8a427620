/**
 * `webhooks.ts`: the payload type of every webhook (indexed access into openapi-typescript's
 * `webhooks`, so types.ts stays the one source of truth), a keyed handler map, and
 * `createWebhookReceiver` bound to this contract's webhooks, validators and configured defaults.
 */
import type { WebhookLink } from "@contract/core";
import { linksByWebhook, linksInterface, linksLiteral } from "./links.js";
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
  links: readonly WebhookLink[] = [],
): string {
  const runtime = options.runtimeModule ?? "@contract/runtime/webhooks";
  const typesModule = options.typesModule ?? "./types.js";
  const validatorsModule =
    options.validatorsModule === undefined ? "./validators.js" : options.validatorsModule;
  const needsTypes = models.some((m) => m.operations.some((op) => (op.requestBody?.content.length ?? 0) > 0));
  const byWebhook = linksByWebhook(links);
  const linked = byWebhook.size > 0;
  const typeImports = [...(linked ? ["paths"] : []), ...(needsTypes ? ["webhooks"] : [])];

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
${linked ? "  type LinkCall,\n  type LinkResult,\n  type LinkWithoutClient,\n" : ""}  type WebhookEvent as ReceivedEvent,
${linked ? "" : "  type WebhookHandler as ReceivedEventHandler,\n  type WebhookHandlerMap,\n"}  type UnwrapInput,
  type UnwrapOptions,
  type UnwrapResult,
  type UnwrappedEvent,
  type WebhookReceiver,
} from ${literal(runtime)};
${typeImports.length > 0 ? `import type { ${typeImports.join(", ")} } from ${literal(typesModule)};\n` : ""}${
  linked
    ? `import type { Client as ApiClient } from ${literal(options.clientModule ?? "./client.js")};\n`
    : ""
}${
  validatorsModule === false
    ? ""
    : `import { validatorFor, validatorForWithoutFormats } from ${literal(validatorsModule)};\n`
}
/** The payload of each webhook, by webhook name. */
export interface WebhookPayloads {
${payloads}
}

export type WebhookName = keyof WebhookPayloads;

${linked ? linkedEventTypes(models, byWebhook) : PLAIN_EVENT_TYPES}
/** This contract's webhooks and the defaults chosen in its configuration. */
export const webhookDefinition: ReceiverDefinition = {
  webhooks: [
${descriptors}
  ],
${validatorsModule === false ? "" : "  validators: validatorFor,\n  validatorsWithoutFormats: validatorForWithoutFormats,\n"}${defaults.map((d) => `${d}\n`).join("")}${linked ? `  links: ${linksLiteral(byWebhook)},\n` : ""}};

${linked ? LINKED_RECEIVER : PLAIN_RECEIVER}
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

const PLAIN_RECEIVER = `export type WebhookReceiverOptions = ReceiverOptions<WebhookPayloads>;

/**
 * The receiver: verifies the signature on the raw body, checks the timestamp window, parses, routes,
 * validates, drops duplicates and calls the handler. Serve it with an adapter:
 * \`toNodeListener\` / \`toExpressMiddleware\` / \`fastifyWebhooks\` from \`@contract/runtime/node\`, or
 * \`toFetchHandler\` from \`@contract/runtime/webhooks\` (Hono, Next.js, Bun, Deno, Workers).
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  return createReceiver<WebhookPayloads>(webhookDefinition, options);
}
`;

const LINKED_RECEIVER = `export type WebhookReceiverOptions<Client extends LinkClient | undefined = undefined> = Omit<
  ReceiverOptions<WebhookPayloads>,
  "handlers" | "client"
> & {
  /**
   * Handlers for the client given: typed for any client (the default), for a throwing one
   * (\`WebhookHandlers<true>\`, given a \`throwOnError: true\` client), or, without a client, handlers
   * that do not call \`event.links\`.
   */
  handlers: WebhookHandlers<ClientMode<NoInfer<Client>>>;
  /** The API client (\`createClient(...)\`) that \`event.links\` call. */
  client?: Client;
};

/**
 * The receiver: verifies the signature on the raw body, checks the timestamp window, parses, routes,
 * validates, drops duplicates and calls the handler, with \`event.links\` bound to \`client\`. Serve it
 * with an adapter: \`toNodeListener\` / \`toExpressMiddleware\` / \`fastifyWebhooks\` from
 * \`@contract/runtime/node\`, or \`toFetchHandler\` from \`@contract/runtime/webhooks\` (Hono, Next.js, Bun,
 * Deno, Workers).
 */
export function createWebhookReceiver<Client extends LinkClient | undefined = undefined>(
  options: WebhookReceiverOptions<Client>,
): WebhookReceiver {
  return createReceiver<WebhookPayloads>(webhookDefinition, options as ReceiverOptions<WebhookPayloads>);
}
`;

/** Event and handler types when the contract declares links: \`event.links\` typed by the client's mode. */
function linkedEventTypes(models: readonly WebhookModel[], byWebhook: Map<string, WebhookLink[]>): string {
  return `${linksInterface(models, byWebhook)}
/**
 * What a handler receives: the typed payload plus delivery id, timestamp, validation status and
 * \`links\`, the follow-up calls the contract declares, bound to the receiver's \`client\`. \`Throw\`:
 * \`true\` when that client throws on errors, \`boolean\` (default) for any client (see \`ClientMode\`).
 */
export type WebhookEvent<
  Name extends WebhookName,
  Throw extends boolean | undefined = boolean,
> = ReceivedEvent<Name, WebhookPayloads[Name]> & { readonly links: WebhookLinks<Throw>[Name] };

export type WebhookHandler<Name extends WebhookName, in Throw extends boolean | undefined = boolean> = (
  event: WebhookEvent<Name, Throw>,
) => unknown;

/**
 * Handlers keyed by webhook name; a webhook without a handler is acknowledged and ignored. Handlers
 * for any client (the default) also serve a receiver whose client throws; \`WebhookHandlers<true>\`
 * need one that throws.
 */
export type WebhookHandlers<in Throw extends boolean | undefined = boolean> = {
  [Name in WebhookName]?: WebhookHandler<Name, Throw>;
};
`;
}

const PLAIN_EVENT_TYPES = `/** What a handler receives: the typed payload plus delivery id, timestamp and validation status. */
export type WebhookEvent<Name extends WebhookName> = ReceivedEvent<Name, WebhookPayloads[Name]>;

export type WebhookHandler<Name extends WebhookName> = ReceivedEventHandler<WebhookPayloads[Name], Name>;

/** Handlers keyed by webhook name; a webhook without a handler is acknowledged and ignored. */
export type WebhookHandlers = WebhookHandlerMap<WebhookPayloads>;
`;

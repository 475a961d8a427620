/**
 * The webhook links part of `webhooks.ts`: the runtime descriptors (`webhookDefinition.links`)
 * and their types (`WebhookLinks<Client>`). Only emitted for contracts that declare links, so
 * every other contract's `webhooks.ts` stays as it was.
 *
 * Every name and value from the spec reaches the output as a JSON string literal or a property key
 * made by `propertyKey`: a link named `__proto__` is an own property, and no text from the spec is
 * ever code.
 */
import type { DeliverySource, LinkExpression, WebhookLink } from "@contract/core";
import type { WebhookModel } from "./model.js";
import { docText, literal, propertyKey } from "./names.js";

/**
 * Links grouped by webhook name, in the order of the webhooks. A webhook sent with several methods
 * is one handler: a link name declared under two of them is the first one's.
 */
export function linksByWebhook(links: readonly WebhookLink[]): Map<string, WebhookLink[]> {
  const out = new Map<string, WebhookLink[]>();
  for (const link of links) {
    const group = out.get(link.webhook.name) ?? [];
    if (!group.some((l) => l.name === link.name)) group.push(link);
    out.set(link.webhook.name, group);
  }
  return out;
}

/** JSON data as an object literal whose keys are all made with `propertyKey`. */
function data(value: unknown, indent: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => `${inner}${data(v, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${data(v, inner)},`).join("\n")}\n${indent}}`;
}

const source = (s: DeliverySource) =>
  s.from === "body" ? { from: "body", pointer: s.pointer } : { from: "header", name: s.name };

function value(expression: LinkExpression): unknown {
  if (expression.kind === "constant") return { const: expression.value };
  if (expression.kind === "source") return source(expression);
  return { template: expression.parts.map((p) => (typeof p === "string" ? p : source(p))) };
}

function descriptor(link: WebhookLink): Record<string, unknown> {
  const parameters: Record<string, Record<string, unknown>> = {};
  for (const p of link.parameters) {
    parameters[p.in] ??= {};
    (parameters[p.in] as Record<string, unknown>)[p.name] = value(p.expression);
  }
  const optional = link.parameters.filter((p) => !p.required).map((p) => `${p.in}.${p.name}`);
  return {
    method: link.target.method,
    path: link.target.path,
    ...(link.parameters.length > 0 ? { parameters } : {}),
    ...(optional.length > 0 ? { optional } : {}),
    ...(link.requestBody ? { body: value(link.requestBody.expression) } : {}),
    ...(link.url ? { url: value(link.url.expression) } : {}),
  };
}

/** `webhookDefinition.links`: webhook name → link name → descriptor. */
export function linksLiteral(byWebhook: Map<string, WebhookLink[]>): string {
  const all: Record<string, Record<string, unknown>> = {};
  for (const [webhook, links] of byWebhook)
    all[webhook] = Object.fromEntries(links.map((l) => [l.name, descriptor(l)]));
  return data(all, "  ");
}

function memberDoc(link: WebhookLink, indent: string): string {
  const target = link.target;
  const lines = [
    `\`${target.method.toUpperCase()} ${target.path}\` (${target.operationId ?? target.id}), with values from the delivery.`,
    ...(link.mayBeUnavailable
      ? ["Resolves to `LinkUnavailable` when the delivery lacks a value it needs."]
      : []),
  ];
  const safe = lines.flatMap(docText);
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */\n`;
}

/** `WebhookLinks<Client>`: each webhook's links, typed by the target operation and the client given. */
export function linksInterface(
  models: readonly WebhookModel[],
  byWebhook: Map<string, WebhookLink[]>,
): string {
  const members = models.map((model) => {
    const links = byWebhook.get(model.name) ?? [];
    if (links.length === 0) return `  ${literal(model.name)}: Record<never, never>;`;
    const inner = links
      .map((link) => {
        const op = `paths[${literal(link.target.path)}][${literal(link.target.method)}]`;
        return `${memberDoc(link, "    ")}    readonly ${literal(link.name)}: Follow<Throw, ${op}, ${link.mayBeUnavailable}>;`;
      })
      .join("\n");
    return `  ${literal(model.name)}: {\n${inner}\n  };`;
  });
  return `/** Any client made by this contract's \`createClient\`, throwing on errors or not. */
export type LinkClient = ApiClient<boolean>;

/**
 * How links resolve, from the client a receiver is given: \`true\` for a client created with
 * \`throwOnError: true\` (success results only), \`boolean\` for any client (every result),
 * \`undefined\` without a client (links are not callable).
 */
export type ClientMode<Client> = Client extends ApiClient<true>
  ? true
  : Client extends LinkClient
    ? boolean
    : undefined;

/** A link in mode \`Throw\`: the client's call (\`Throw\` as in \`Call<Op, Throw>\`), or not callable without a client. */
type Follow<Throw, Op, MayBeUnavailable extends boolean> = [Throw] extends [boolean]
  ? LinkCall<LinkResult<Op, Throw & boolean>, MayBeUnavailable>
  : LinkWithoutClient;

/**
 * The follow-up calls each webhook declares (Link Objects on its 2xx responses), as handlers see
 * them in \`event.links\`: each resolves to exactly what the client's method for the target resolves to.
 */
export interface WebhookLinks<out Throw extends boolean | undefined = boolean> {
${members.join("\n")}
}
`;
}

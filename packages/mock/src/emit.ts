/**
 * Pushes a webhook of the contract to a receiver, signed with the configured scheme, through the
 * runtime's sender: the payload is the spec's example (or a named one) or a seeded synthesized value
 * that passes the webhook's schema, with the headers the webhook declares (e.g. `X-GitHub-Event`).
 * A payload JSON would change on the way (so the receiver would not get what was checked), or one
 * that breaks the schema, is refused with the reason rather than sent.
 */
import {
  type ContractIR,
  declaredHeaders,
  type IRMediaType,
  type IRWebhook,
  isJsonMediaType,
  jsonLosses,
  type Payload,
  type PayloadSource,
  payloadFor,
} from "@contract/core";
import { createWebhookSender, type DeliveryResult } from "@contract/runtime/sender";
import type { SignatureConfig } from "@contract/runtime/webhooks";
import type { Direction, SchemaCheck } from "./validator.js";

export interface EmitSettings {
  /** Signing secret (`whsec_…` for Standard Webhooks). */
  secret?: string;
  /** Default: Standard Webhooks. */
  signature?: SignatureConfig;
  /** Per attempt. Default 10 000 ms. */
  timeoutMs?: number;
}

export interface EmitRequest {
  /** Receiver URL. */
  to: string;
  /** A named example of the webhook's body. */
  example?: string;
  /** Ignore the spec's examples. */
  synthesize?: boolean;
  /** Seed of a synthesized payload. */
  seed?: string;
}

export class EmitError extends Error {}

export function findWebhook(ir: ContractIR, name: string): IRWebhook | undefined {
  return ir.webhooks.find((w) => w.name === name) ?? ir.webhooks.find((w) => w.operationId === name);
}

export function createEmitter(
  ir: ContractIR,
  check: (schemaPointer: string, direction?: Direction) => SchemaCheck,
  settings: EmitSettings,
): (name: string, request: EmitRequest) => Promise<DeliveryResult> {
  return async (name, request) => {
    const webhook = findWebhook(ir, name);
    if (!webhook) {
      const known = ir.webhooks.map((w) => w.name).join(", ") || "(none)";
      throw new EmitError(`no webhook ${JSON.stringify(name)} in the contract; known: ${known}`);
    }
    if (!settings.secret)
      throw new EmitError("no signing secret: pass --secret or set $CONTRACT_WEBHOOK_SECRET");
    let url: URL;
    try {
      url = new URL(request.to);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    } catch {
      throw new EmitError(`"to" must be an http(s) URL, got ${JSON.stringify(request.to)}`);
    }
    const media = bodyOf(webhook);
    const seed = request.seed ?? String(Date.now());
    let value: unknown;
    if (media) {
      // A webhook is a request from the provider to the consumer: a required readOnly property may
      // be left out, a required writeOnly one may not, as the receiver's validators see it.
      const schemaCheck = media.schemaPointer ? check(media.schemaPointer, "request") : undefined;
      const problemsOf = schemaCheck
        ? (v: unknown) => schemaCheck(v).map((p) => `${p.pointer || "/"} ${p.message}`)
        : () => [];
      let payload: Payload;
      try {
        payload = payloadFor(ir.document, media, {
          seed,
          check: problemsOf,
          ...(request.example !== undefined ? { exampleName: request.example } : {}),
          ...(request.synthesize ? { synthesizeOnly: true } : {}),
        });
      } catch (error) {
        throw new EmitError((error as Error).message);
      }
      value = asSent(payload);
    }
    const sender = createWebhookSender<Record<string, unknown>>(
      {
        webhooks: [
          { name: webhook.name, methods: [webhook.method], mediaTypes: media ? [media.mediaType] : [] },
        ],
      },
      {
        secret: settings.secret,
        signature: settings.signature ?? "standard-webhooks",
        endpoints: url.toString(),
        // A mock pushes to receivers under development: localhost and the LAN are the point.
        allowPrivateTargets: true,
        timeoutMs: settings.timeoutMs ?? 10_000,
        retry: false,
        headers: declaredHeaders(webhook, ir.document, seed),
      },
    );
    return sender.send(webhook.name, value);
  };
}

/**
 * The payload, refused when JSON would change it on the way (a value JSON cannot carry is changed
 * in silence otherwise: NaN becomes null, a Date a string, `undefined` disappears) or when it breaks
 * the schema. With nothing changed by JSON the receiver reads the very value `payloadFor` checked,
 * so its problems are the ones that count.
 */
function asSent({ value, source, problems }: Payload): unknown {
  const losses = jsonLosses(value);
  if (losses.length > 0)
    throw new EmitError(`${describeSource(source)} changes when sent as JSON: ${summary(losses)}`);
  if (problems.length > 0)
    throw new EmitError(`${describeSource(source)} does not pass the webhook's schema: ${summary(problems)}`);
  return value;
}

function describeSource(source: PayloadSource): string {
  if (source.kind === "synthesized")
    return `the payload synthesized with seed ${JSON.stringify(source.seed)}`;
  const name = source.name === undefined ? "" : ` ${JSON.stringify(source.name)}`;
  return `the example${name} at #${source.pointer}`;
}

/** The first few lines, and how many more there are. */
function summary(lines: string[]): string {
  const shown = lines.slice(0, 5).join("; ");
  return lines.length > 5 ? `${shown}; and ${lines.length - 5} more` : shown;
}

function bodyOf(webhook: IRWebhook): IRMediaType | undefined {
  const content = webhook.requestBody?.content ?? [];
  return content.find((c) => isJsonMediaType(c.mediaType)) ?? content[0];
}

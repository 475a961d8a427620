/**
 * Pushes a webhook of the contract to a receiver, signed with the configured scheme, through the
 * runtime's sender: the payload is the spec's example (or a named one) or a seeded synthesized value
 * that passes the webhook's schema, with the headers the webhook declares (e.g. `X-GitHub-Event`).
 */
import {
  type ContractIR,
  getAtPointer,
  type IRMediaType,
  type IRWebhook,
  isJsonMediaType,
  payloadFor,
  synthesize,
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
      try {
        value = payloadFor(ir.document, media, {
          seed,
          check: schemaCheck ? (v) => schemaCheck(v).map((p) => `${p.pointer} ${p.message}`) : () => [],
          ...(request.example !== undefined ? { exampleName: request.example } : {}),
          ...(request.synthesize ? { synthesizeOnly: true } : {}),
        }).value;
      } catch (error) {
        throw new EmitError((error as Error).message);
      }
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

function bodyOf(webhook: IRWebhook): IRMediaType | undefined {
  const content = webhook.requestBody?.content ?? [];
  return content.find((c) => isJsonMediaType(c.mediaType)) ?? content[0];
}

const OWNED = new Set(["content-type", "content-length", "host", "transfer-encoding", "connection"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The webhook's declared headers, from their examples or synthesized; the sender's own headers win. */
function declaredHeaders(webhook: IRWebhook, document: unknown, seed: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const parameter of webhook.parameters.header) {
    const name = parameter.name.toLowerCase();
    if (OWNED.has(name)) continue;
    const declared = getAtPointer(document, parameter.pointer) as Record<string, unknown> | undefined;
    let value: unknown = declared && "example" in declared ? declared.example : undefined;
    if (
      value === undefined &&
      declared &&
      typeof declared.examples === "object" &&
      declared.examples !== null
    ) {
      const first = Object.values(declared.examples as Record<string, { value?: unknown }>)[0];
      value = first?.value;
    }
    // A UUID example names one delivery: repeating it would make a receiver drop every push as a duplicate.
    if (typeof value === "string" && UUID.test(value)) value = globalThis.crypto.randomUUID();
    if (value === undefined && parameter.schema !== undefined)
      value = synthesize(parameter.schema, document, { seed: `${seed}:${name}` });
    if (value !== undefined && value !== null)
      out[name] = (typeof value === "string" ? value : JSON.stringify(value)).replace(/[^\x20-\x7e\t]/g, "");
  }
  return out;
}

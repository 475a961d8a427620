/**
 * Headers a webhook declares (`parameters` with `in: header`, e.g. GitHub's `X-GitHub-Event`), filled
 * from the parameter's example or synthesized from its schema, so a receiver that routes or logs by
 * them sees what the provider would send. Headers the transport or the signature scheme owns are
 * left to them, and `Accept`, `Content-Type` and `Authorization` parameters are not sent: OpenAPI
 * says their definitions SHALL be ignored (the media types and security schemes say them).
 * Shared by everything that sends a webhook the way its provider would: `verify --webhooks`,
 * `contract trigger` and the mock's emitter.
 */
import type { IRWebhook } from "../ir.js";
import { getAtPointer } from "../pointer.js";
import { synthesize } from "../synthesize/index.js";
import { isIgnoredHeaderParameter } from "./ignored-headers.js";

const OWNED = new Set(["content-type", "content-length", "host", "transfer-encoding", "connection"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function exampleOf(document: unknown, pointer: string): unknown {
  const parameter = getAtPointer(document, pointer) as Record<string, unknown> | undefined;
  if (!parameter || typeof parameter !== "object") return undefined;
  if ("example" in parameter) return parameter.example;
  const examples = parameter.examples as Record<string, { value?: unknown }> | undefined;
  const first = examples && typeof examples === "object" ? Object.values(examples)[0] : undefined;
  return first && typeof first === "object" && "value" in first ? first.value : undefined;
}

export function declaredHeaders(webhook: IRWebhook, document: unknown, seed: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const parameter of webhook.parameters.header) {
    const name = parameter.name.toLowerCase();
    if (OWNED.has(name) || isIgnoredHeaderParameter(name)) continue;
    let value = exampleOf(document, parameter.pointer);
    // A UUID example names one delivery: reusing it would make a receiver drop every repeat as a duplicate.
    if (typeof value === "string" && UUID.test(value)) value = globalThis.crypto.randomUUID();
    if (value === undefined && parameter.schema !== undefined) {
      value = synthesize(parameter.schema, document, { seed: `${seed}:${name}` });
    }
    // A header value is visible ASCII (and tabs): other characters of a synthesized value are dropped,
    // as Node's HTTP client would refuse the request.
    if (value !== undefined && value !== null)
      out[name] = (typeof value === "string" ? value : JSON.stringify(value)).replace(/[^\x20-\x7e\t]/g, "");
  }
  return out;
}

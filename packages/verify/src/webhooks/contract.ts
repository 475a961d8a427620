/**
 * The part of a contract both webhook checks read: each webhook with its payload media type, a
 * check of payloads against its schema (ajv 2020-12 with formats, like the generated validators),
 * and where pointers are in the spec's files. A webhook travels from provider to consumer as a
 * request, and is checked as one, as the generated receiver's validators check it: a required
 * `readOnly` property may be absent, a required `writeOnly` one may not.
 */
import {
  buildIR,
  createSchemaChecker,
  type IRMediaType,
  type IRWebhook,
  type OpenApiDocument,
  type SchemaCheck,
  type SourceLocation,
} from "@contract/core";

export interface WebhookTarget {
  webhook: IRWebhook;
  /** The body a sender sends (the first JSON media type); absent when the webhook declares none. */
  media?: IRMediaType;
  /** Issues of a payload against the body's schema; `undefined` when there is no schema to check. */
  check?: SchemaCheck;
}

export interface WebhookContract {
  document: OpenApiDocument;
  webhooks: WebhookTarget[];
  /** Source position of a pointer of `document`, when the loader knows it. */
  locate(pointer: string): SourceLocation | undefined;
}

export interface ContractInput {
  document: OpenApiDocument;
  locate?: (pointer: string) => SourceLocation | undefined;
}

/** The body media type a sender uses: the first JSON one, else the first. */
export function payloadMediaType(webhook: IRWebhook): IRMediaType | undefined {
  const content = webhook.requestBody?.content ?? [];
  return (
    content.find((c) => /^application\/(.+\+)?json$/i.test(c.mediaType.split(";")[0]?.trim() ?? "")) ??
    content[0]
  );
}

/** Every webhook of the document, each with the check of its payload (compiled on first use). */
export function webhookContract(input: ContractInput): WebhookContract {
  const ir = buildIR(input.document);
  // Every issue of a payload is a mismatch to report, not only the first.
  const checker = createSchemaChecker(ir.document, { allErrors: true });
  const webhooks = ir.webhooks.map((webhook): WebhookTarget => {
    const media = payloadMediaType(webhook);
    const pointer = media?.schemaPointer;
    if (!media || pointer === undefined) return media ? { webhook, media } : { webhook };
    let compiled: SchemaCheck | undefined;
    const check: SchemaCheck = (value) => {
      compiled ??= checker(pointer, "request");
      return compiled(value);
    };
    return { webhook, media, check };
  });
  return { document: ir.document, webhooks, locate: input.locate ?? (() => undefined) };
}

/** Webhooks named in `only` (by name or operationId); every one when `only` is empty. */
export function selectWebhooks(
  contract: WebhookContract,
  only: readonly string[] = [],
): { selected: WebhookTarget[]; unknown: string[] } {
  if (only.length === 0) return { selected: contract.webhooks, unknown: [] };
  const matches = (t: WebhookTarget, name: string) =>
    t.webhook.name === name || t.webhook.operationId === name;
  return {
    selected: contract.webhooks.filter((t) => only.some((name) => matches(t, name))),
    unknown: only.filter((name) => !contract.webhooks.some((t) => matches(t, name))),
  };
}

/**
 * What `contract trigger` does once flags are parsed: read the contract, pick the webhook, build its
 * payload (file, spec example, or synthesized and checked against the schema), sign it with the
 * contract's scheme and deliver it with the runtime's sender, printing every attempt.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  buildIR,
  checkAsSent,
  createSchemaChecker,
  declaredHeaders,
  type IRMediaType,
  jsonLosses,
  loadSpec,
  mediaTypeExamples,
  type Payload,
  payloadFor,
} from "@contract/core";
import { createWebhookSender, type SenderDefinition, type WebhookSender } from "@contract/runtime/sender";
import { payloadMediaType } from "@contract/verify";
import { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import { assertCanSign, parseHeaders, secretFor, signatureFor } from "../webhook-flags.js";
import { resolveTriggerContract } from "./contract.js";
import { describeSource, formatAttempt, formatList, type TriggerSource } from "./print.js";

export interface TriggerFlags {
  url?: string;
  secret?: string;
  signature?: string;
  payload?: string;
  example?: string;
  synthesize?: boolean;
  seed?: string;
  header?: string[];
  list?: boolean;
  spec?: string;
  config?: string;
  contract?: string;
  timeout: string;
  retries: string;
}

const usage = (message: string) => new CliExit(EXIT_USAGE, `error: ${message}`);

export async function runTrigger(name: string | undefined, flags: TriggerFlags, io: CliIO): Promise<number> {
  const contract = await resolveTriggerContract(flags, io.cwd);
  const loaded = await loadSpec(contract.spec, contract.load);
  const ir = buildIR(loaded.document);
  const bodyOf = payloadMediaType;

  if (flags.list) {
    io.stdout(
      formatList(ir.webhooks, (w) => mediaTypeExamples(ir.document, bodyOf(w)?.pointer ?? "").length > 0),
    );
    return EXIT_OK;
  }
  if (name === undefined) throw usage("which webhook? `contract trigger <webhook> --url …` (see --list)");
  const webhook = ir.webhooks.find((w) => w.name === name) ?? ir.webhooks.find((w) => w.operationId === name);
  if (!webhook) {
    const known = ir.webhooks.map((w) => w.name);
    throw usage(
      `no webhook ${JSON.stringify(name)} in ${contract.spec}; known: ${known.join(", ") || "(none)"}`,
    );
  }
  if (!flags.url) throw usage("missing --url <receiver URL>, e.g. --url http://127.0.0.1:3000/webhooks");
  const url = parseUrl(flags.url);
  // The flag, the config, then the scheme the spec declares (x-fern-webhook-signature, x-speakeasy-webhooks).
  const signature = signatureFor(flags.signature, contract.signature, ir.document);
  const secret = secretFor(flags.secret, "the receiver's signing secret");
  await assertCanSign(signature, secret);

  const media = bodyOf(webhook);
  const check = media?.schemaPointer ? checkerFor(ir.document, media.schemaPointer) : () => [];
  const seed = flags.seed ?? String(Math.floor(Math.random() * 1_000_000));
  // Examples are judged as the receiver will read them: one JSON would change is passed over.
  const chosen = await payload(flags, io, media, ir.document, seed, checkAsSent(check));
  io.stdout(`${describeSource(chosen.source)}\n`);
  const losses = jsonLosses(chosen.value);
  for (const loss of losses) io.stderr(`warning: the payload changes when sent as JSON: ${loss}\n`);
  const value = losses.length > 0 ? asSent(chosen.value) : chosen.value;
  for (const problem of losses.length > 0 ? check(value) : chosen.problems)
    io.stderr(`warning: the payload does not match the schema: ${problem}\n`);

  const definition: SenderDefinition = {
    webhooks: [{ name: webhook.name, methods: [webhook.method], mediaTypes: media ? [media.mediaType] : [] }],
  };
  let sender: WebhookSender<Record<string, unknown>>;
  try {
    sender = createWebhookSender<Record<string, unknown>>(definition, {
      secret,
      signature,
      endpoints: url,
      // A developer tool pointed at a local receiver (localhost, a LAN address) on purpose.
      allowPrivateTargets: true,
      timeoutMs: positiveInt(flags.timeout, "--timeout"),
      retry: { limit: positiveInt(flags.retries, "--retries"), baseDelayMs: 500 },
      // Declared headers first, then --header: what the user types wins; the signature scheme's own win over both.
      headers: { ...declaredHeaders(webhook, ir.document, seed), ...parseHeaders(flags.header ?? []) },
      onAttempt: (attempt) => io.stdout(formatAttempt(attempt)),
    });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const result = await sender.send(webhook.name, value);
  if (result.ok) return EXIT_OK;
  const last = result.attempts[result.attempts.length - 1];
  if (last?.error) {
    io.stderr(`error: no receiver answered at ${url}: ${last.error.message}\n`);
    return EXIT_USAGE;
  }
  const retried = result.attempts.length > 1 ? ` after ${result.attempts.length} attempts` : "";
  io.stderr(`error: the receiver answered ${result.status}${retried}\n`);
  return EXIT_FINDINGS;
}

/**
 * A webhook is a request (provider → consumer): a required `readOnly` property may be absent and a
 * required `writeOnly` one may not, as the generated receiver's validators and the mock's emitter read it.
 */
function checkerFor(document: unknown, pointer: string): (value: unknown) => string[] {
  try {
    const check = createSchemaChecker(document)(pointer, "request");
    return (value) => check(value).map((p) => `${p.pointer || "(root)"} ${p.message}`);
  } catch {
    return () => []; // a schema ajv cannot compile: nothing to check against
  }
}

/** What the receiver gets: the value through `JSON.stringify`, read back; exit 2 if JSON cannot write it. */
function asSent(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw usage(`the payload cannot be sent as JSON: ${(error as Error).message}`);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

async function payload(
  flags: TriggerFlags,
  io: CliIO,
  media: IRMediaType | undefined,
  document: unknown,
  seed: string,
  check: (value: unknown) => string[],
): Promise<Pick<Payload, "value" | "problems"> & { source: TriggerSource }> {
  if (flags.payload !== undefined) {
    const path = resolve(io.cwd, flags.payload);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw usage(`cannot read --payload ${path}: ${(error as Error).message}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw usage(`--payload ${path} is not JSON: ${(error as Error).message}`);
    }
    return { value, source: { kind: "file", path }, problems: check(value) };
  }
  if (!media) return { value: undefined, source: { kind: "none" }, problems: [] };
  let result: Payload;
  try {
    result = payloadFor(document, media, {
      seed: /^\d+$/.test(seed) ? Number(seed) : seed,
      check,
      ...(flags.example !== undefined ? { exampleName: flags.example } : {}),
      ...(flags.synthesize ? { synthesizeOnly: true } : {}),
    });
  } catch (error) {
    throw usage((error as Error).message);
  }
  for (const { example, problem } of result.rejectedExamples) {
    io.stderr(
      `warning: skipped the spec's example at #${example.pointer}: it does not match the schema (${problem})\n`,
    );
  }
  return result;
}

function parseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    return url.toString();
  } catch {
    throw usage(`--url ${JSON.stringify(text)} is not an http(s) URL`);
  }
}

function positiveInt(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw usage(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

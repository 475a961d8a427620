/**
 * The webhooks generator: `webhooks.ts` (generated, rewritten every run) and the user-owned handler
 * stubs with their index (scaffold: created once, then only extended; see merge.ts).
 *
 * Stub merging needs the current index, which a pure generator cannot read: the pipeline passes
 * `readExisting` on the context (see ScaffoldContext). An extended index is returned as a scaffold
 * file with `replaces` set to the exact text it was computed from; the writer overwrites a scaffold
 * file only when it still holds exactly those bytes (otherwise the user changed it meanwhile).
 */
import { posix } from "node:path";
import { type OpenApiDocument, webhookLinks } from "@contract/core";
import type { GeneratedFile } from "../../generator.js";
import { generatedHeader, scaffoldHeader } from "../../header.js";
import { defineGenerator } from "../define.js";
import { effectiveSignature } from "../signature-option.js";
import { addToIndex, readIndexState, removedWebhookWarnings } from "./merge.js";
import { webhookModels } from "./model.js";
import { fileSlug, handlerIdentifier, uniqueName } from "./names.js";
import { type ScaffoldContext, type WebhooksOptions, webhooksOptionsSchema } from "./options.js";
import { renderReceiverFile } from "./receiver-file.js";
import { detectRoute } from "./route-detect.js";
import { renderIndex, renderStub, type StubPlan } from "./stubs.js";

export type { ScaffoldContext, WebhooksOptions } from "./options.js";

export const WEBHOOKS_FILE = "webhooks.ts";

/** A scaffold file that extends an existing one: written only over exactly `replaces`. */
export interface ScaffoldUpdate extends GeneratedFile {
  ownership: "scaffold";
  replaces?: string;
}

/**
 * The handler folder, relative to the output folder: inside it (`handlers`) or next to it
 * (`../api-handlers`, which needs the output folder's absolute path for the imports back into it).
 */
function normalizeDir(dir: string, outDir: string | undefined): string {
  const normalized = posix.normalize(dir.replace(/\\/g, "/")).replace(/^\.\/+|\/+$/g, "");
  const fail = (why: string): never => {
    throw new TypeError(`webhooks.handlersDir ${JSON.stringify(dir)} ${why}`);
  };
  if (normalized.startsWith("/") || /^[A-Za-z]:/.test(normalized))
    fail("must be relative to the output folder");
  const segments = normalized.split("/");
  const ups = segments.findIndex((s) => s !== "..");
  if (normalized === "" || normalized === "." || ups === -1)
    fail("must name a folder, not the output folder or one above it");
  if (ups > 0) {
    if (outDir === undefined)
      return fail("leaves the output folder, which is only possible when its path is known");
    const out = posix.resolve(outDir.replace(/\\/g, "/"));
    const handlers = posix.resolve(out, normalized);
    if (out === handlers || out.startsWith(`${handlers}/`))
      fail("must not contain the output folder: generated files and handler stubs are kept apart");
  }
  return normalized;
}

function withSpecSignature<T extends { signature?: unknown }>(options: T, document: OpenApiDocument): T {
  const signature = effectiveSignature(options.signature, document);
  return signature === undefined ? options : { ...options, signature };
}

/** The links webhooks.ts types and binds: none when turned off (no client to call them with). */
function linksFor(context: ScaffoldContext, options: WebhooksOptions) {
  const { links } = webhookLinks(context.ir);
  if (options.links !== false || links.length === 0) return links;
  context.report?.({
    severity: "info",
    code: "webhook-links-without-client",
    message: `the spec declares ${links.length} webhook link(s); event.links needs client.ts: turn the client generator on (or set generators.webhooks.clientModule)`,
    pointer: links[0]?.pointer ?? "/webhooks",
  });
  return [];
}

export async function generateWebhookFiles(
  context: ScaffoldContext,
  options: WebhooksOptions = {},
): Promise<GeneratedFile[]> {
  const models = webhookModels(context.ir);
  if (models.length === 0) return [];
  const handlersDir = normalizeDir(
    options.handlersDir ?? context.defaultHandlersDir ?? "handlers",
    context.outDir,
  );
  const info = { generator: "webhooks", version: context.generatorVersion };
  // No route in the config: a body field that names each webhook, when the payloads have one.
  let receiverOptions = options;
  if (options.route === undefined) {
    const detected = detectRoute(context.ir, models);
    if (detected.route) receiverOptions = { ...options, route: detected.route };
    if (detected.warning) context.report?.(detected.warning);
  }
  const files: GeneratedFile[] = [
    {
      path: WEBHOOKS_FILE,
      contents: renderReceiverFile(
        models,
        withSpecSignature(receiverOptions, context.ir.document),
        generatedHeader(info),
        linksFor(context, options),
      ),
      ownership: "generated",
    },
  ];

  const indexPath = `${handlersDir}/index.ts`;
  const existingIndex = context.readExisting?.(indexPath);
  const state = existingIndex === undefined ? undefined : await readIndexState(existingIndex);
  if (state && !state.mergeable) {
    context.report?.({
      severity: "warning",
      code: "webhook-index-unmergeable",
      message: `${indexPath} has no \`handlers\` object literal: new webhooks get stubs but must be registered by hand`,
      pointer: "/webhooks",
    });
  }
  for (const warning of state ? removedWebhookWarnings(state.registered, models, indexPath) : [])
    context.report?.(warning);

  // Names already used in the folder (existing files) and in the index are never reused.
  const identifiers = new Set(state?.identifiers ?? []);
  // Compared without `.ts`: a webhook named `index` must not get the index's own file.
  const paths = new Set<string>([indexPath.slice(0, -".ts".length)]);
  const plans: StubPlan[] = [];
  for (const model of models) {
    if (state?.registered.has(model.name)) continue;
    let path = uniqueName(`${handlersDir}/${fileSlug(model.name)}`, paths, "-");
    while (context.readExisting?.(`${path}.ts`) !== undefined) path = uniqueName(path, paths, "-");
    plans.push({
      model,
      path: `${path}.ts`,
      identifier: uniqueName(handlerIdentifier(model.name), identifiers),
    });
  }

  const scaffold = scaffoldHeader(info);
  for (const plan of plans) {
    files.push({
      path: plan.path,
      contents: renderStub(plan, handlersDir, scaffold, context.outDir),
      ownership: "scaffold",
    });
  }
  if (existingIndex === undefined) {
    files.push({
      path: indexPath,
      contents: renderIndex(plans, handlersDir, scaffold, context.outDir),
      ownership: "scaffold",
    });
  } else {
    const merged = await addToIndex(existingIndex, state?.mergeable ? plans : [], handlersDir);
    const update: ScaffoldUpdate = { path: indexPath, contents: merged, ownership: "scaffold" };
    if (merged !== existingIndex) update.replaces = existingIndex;
    files.push(update);
  }
  return files;
}

export const webhooksGenerator = defineGenerator({
  name: "webhooks",
  description: "webhooks.ts: typed handler map and createWebhookReceiver; user-owned handler stubs.",
  enabledByDefault: true,
  optionsSchema: webhooksOptionsSchema,
  generate: (context, options: WebhooksOptions) => generateWebhookFiles(context, options),
});

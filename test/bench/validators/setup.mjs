/**
 * Shared setup of the validators benchmarks: the GitHub webhooks description, its 329 real
 * payloads routed to their webhook, our generated validators.js, and the zod schemas that
 * @hey-api/openapi-ts's zod plugin generates for the same description.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renderValidators } from "@contract/codegen";
import { buildIR, loadSpec } from "@contract/core";
import { benchDir, GITHUB_EXAMPLES, GITHUB_WEBHOOKS } from "../lib/paths.mjs";

export const SPEC = GITHUB_WEBHOOKS;
export const EXAMPLES = GITHUB_EXAMPLES;
/** Under test/bench so that generated modules resolve @contract/runtime and zod; git-ignored. */
export const OUT = join(benchDir, ".tmp", "validators");

/** `X-GitHub-Event` + `action` → webhook name (an unknown action falls back to the event's only webhook). */
export function route(webhookNames, event, action) {
  const base = event.replace(/_/g, "-");
  const exact = typeof action === "string" ? `${base}-${action.replace(/_/g, "-")}` : base;
  if (webhookNames.includes(exact)) return exact;
  const candidates = webhookNames.filter((name) => name === base || name.startsWith(`${base}-`));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export async function loadGithub() {
  const loaded = await loadSpec(SPEC);
  const ir = buildIR(loaded.document);
  const names = ir.webhooks.map((w) => w.name);
  const events = JSON.parse(await readFile(EXAMPLES, "utf8"));
  const deliveries = [];
  for (const event of events) {
    for (const payload of event.examples) {
      const webhook = route(names, event.name, payload.action);
      if (!webhook) throw new Error(`cannot route ${event.name} ${payload.action}`);
      deliveries.push({ webhook, payload });
    }
  }
  return { document: loaded.document, ir, deliveries };
}

/** Writes validators.js for the IR and imports it. */
export async function generatedValidators(ir, folder = "generated") {
  const rendered = renderValidators(ir);
  const dir = join(OUT, folder);
  await mkdir(dir, { recursive: true });
  const file = join(dir, "validators.js");
  await writeFile(file, rendered.js);
  return { file, bytes: Buffer.byteLength(rendered.js), module: await import(pathToFileURL(file).href) };
}

const pascal = (name) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");

/**
 * hey-api's zod schemas for the description (generated once and kept under .tmp: generation takes
 * minutes), transpiled to JS; returns a lookup webhook name → zod schema of its payload.
 */
export async function zodSchemas(document) {
  const dir = join(OUT, "zod");
  const ts = join(dir, "zod.gen.ts");
  if (!existsSync(ts)) {
    const { createClient } = await import("@hey-api/openapi-ts");
    await createClient({ input: SPEC, output: dir, plugins: ["zod"], logs: { level: "silent" } });
  }
  const js = join(dir, "zod.gen.mjs");
  if (!existsSync(js)) {
    const { transform } = await import("esbuild");
    const { code } = await transform(await readFile(ts, "utf8"), { loader: "ts", format: "esm" });
    await writeFile(js, code);
  }
  const zod = await import(pathToFileURL(js).href);
  return (webhook) => {
    const ref = document.webhooks[webhook].post.requestBody.content["application/json"].schema.$ref;
    const schema = zod[`z${pascal(ref.split("/").pop())}`];
    if (!schema) throw new Error(`no zod schema for ${webhook} (${ref})`);
    return schema;
  };
}

/**
 * GitHub's REST API and its webhooks as one OpenAPI 3.1 document (about 14 MB), built from the two
 * pinned descriptions: the webhooks document (3.1.0) with the REST document's `paths` added and
 * the component sections merged by name (the two are cut from the same source; where a name is in
 * both, the webhooks document's definition is kept). Written once under .tmp/ (git-ignored).
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { benchDir, GITHUB_REST, GITHUB_WEBHOOKS } from "./paths.mjs";

export const GITHUB_COMBINED = join(benchDir, ".tmp", "github-rest-and-webhooks.3.1.json");

export async function githubCombined() {
  if (existsSync(GITHUB_COMBINED)) return GITHUB_COMBINED;
  const rest = JSON.parse(await readFile(GITHUB_REST, "utf8"));
  const webhooks = JSON.parse(await readFile(GITHUB_WEBHOOKS, "utf8"));
  const components = { ...webhooks.components };
  for (const [section, entries] of Object.entries(rest.components ?? {}))
    components[section] = { ...entries, ...(webhooks.components?.[section] ?? {}) };
  const { "x-webhooks": _restWebhooks, ...restRest } = rest;
  const combined = {
    ...restRest,
    openapi: webhooks.openapi,
    paths: rest.paths,
    webhooks: webhooks.webhooks,
    components,
  };
  await mkdir(join(benchDir, ".tmp"), { recursive: true });
  const partial = `${GITHUB_COMBINED}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(combined, null, 2));
  await rename(partial, GITHUB_COMBINED);
  return GITHUB_COMBINED;
}

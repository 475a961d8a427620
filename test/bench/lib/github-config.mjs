/**
 * The `contract.config.json` the gen benchmarks run on GitHub's REST description (with webhooks).
 * GitHub's spec declares two pairs of paths equal up to parameter names, an error by the OpenAPI
 * spec; openapi-typescript's Redocly lint does not flag it, so that one rule is skipped for parity.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GITHUB_REST } from "./paths.mjs";

/** Writes the config into `scratch` and returns its path; `contract` adds or overrides fields. */
export async function writeGithubConfig(scratch, contract) {
  const config = join(scratch, "contract.config.json");
  const entry = { spec: GITHUB_REST, validate: { skip: ["path-template-ambiguous"] }, ...contract };
  await writeFile(config, JSON.stringify({ contracts: [entry] }));
  return config;
}

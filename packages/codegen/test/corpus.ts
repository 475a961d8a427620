import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The shared corpus, read in place (never copied into the project). */
export const corpusDir = fileURLToPath(new URL("../../../../shared/corpus/", import.meta.url));
export const corpusFile = (relative: string): string =>
  fileURLToPath(new URL(relative, `file://${corpusDir}`));

const specsIn = (folder: string) =>
  readdirSync(corpusFile(folder))
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => `${folder}${name}`);

/**
 * Every real-world API description in the corpus (not the OAS schema-test fragments, not payload
 * examples), as paths relative to the corpus root.
 */
export function realSpecs(): string[] {
  return [
    ...specsIn("apis-guru/"),
    "bump-train-travel/openapi.yaml",
    "github/octokit-openapi-23.0.2.api.github.com.json",
    "github/octokit-openapi-webhooks-11.0.0.api.github.com.json",
    "github/octokit-openapi-webhooks-12.1.0.api.github.com.json",
    ...specsIn("oai/examples/v3.0/"),
    ...specsIn("oai/examples/v3.1/"),
    ...specsIn("oai/examples/v3.2/"),
    "redocly-museum/openapi.yaml",
  ];
}

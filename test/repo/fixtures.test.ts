/**
 * The test fixtures are what test/fixtures/MANIFEST.md says: every vendored file and every file taken
 * from an npm package has the recorded SHA-256 (so expectations written against the upstream files
 * stay valid), and every file of the folder is accounted for.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { FERRIES, fixture, fixturesDir, GITHUB, realSpecs } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";

const manifest = readFileSync(join(fixturesDir, "MANIFEST.md"), "utf8");
/** `name → sha256` of every table row that records one. */
const rows = new Map(
  [...manifest.matchAll(/^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|/gm)].map((m) => [
    m[1] as string,
    m[2] as string,
  ]),
);
const licenses = [...manifest.matchAll(/^\| `(LICENSES\/[^`]+)` \|/gm)].map((m) => m[1] as string);

/** The package's own files, not data. */
const OWN = new Set(["MANIFEST.md", "package.json", "index.js", "index.d.ts"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules") return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(fixturesDir, path)];
  });
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("test fixtures", () => {
  it("every row's file has the recorded SHA-256", () => {
    expect(rows.size).toBeGreaterThan(170);
    const mismatches = [...rows]
      .filter(([name, hash]) => sha256(fixture(name)) !== hash)
      .map(([name]) => name);
    expect(mismatches).toEqual([]);
  });

  it("every file of the folder is listed, with its license text present", () => {
    const unlisted = filesUnder(fixturesDir)
      .filter((file) => !OWN.has(file) && !file.startsWith("LICENSES/"))
      .filter((file) => !rows.has(file));
    expect(unlisted).toEqual([]);
    expect(licenses.length).toBeGreaterThan(5);
    for (const license of licenses) expect(existsSync(join(fixturesDir, license)), license).toBe(true);
    expect(filesUnder(join(fixturesDir, "LICENSES")).sort()).toEqual([...licenses].sort());
  });

  it("the named fixtures exist and come from the pinned packages", () => {
    for (const name of [...Object.values(GITHUB), ...realSpecs()]) {
      expect(existsSync(fixture(name)), name).toBe(true);
      expect(rows.has(name), name).toBe(true);
    }
    expect(realSpecs()).toContain(FERRIES);
    expect(fixture(GITHUB.rest)).toContain(join("node_modules", "@octokit", "openapi"));
  });
});

/**
 * A published package's `exports` come from `publishConfig.exports` (pnpm swaps them in when it
 * packs): the workspace's `exports` add the `@contract/source` condition for running from source.
 * A subpath added to one and not the other resolves in the workspace and fails for every user
 * ("Package subpath … is not defined by exports"), so both must list the same subpaths, pointing at
 * the same built files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packages = fileURLToPath(new URL("../../packages/", import.meta.url));

type Target = string | Record<string, string>;
interface Manifest {
  name: string;
  private?: boolean;
  exports?: Record<string, Target>;
  publishConfig?: { exports?: Record<string, Target> };
}

/** A subpath's target without the source-only condition. */
const published = (target: Target): Target => {
  if (typeof target === "string") return target;
  const { "@contract/source": _source, ...rest } = target;
  return rest;
};

const manifests = readdirSync(packages, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => JSON.parse(readFileSync(join(packages, entry.name, "package.json"), "utf8")) as Manifest)
  .filter((manifest) => manifest.private !== true && manifest.exports !== undefined);

describe("published exports", () => {
  it("finds the publishable packages", () => {
    expect(manifests.map((m) => m.name)).toContain("@contract/codegen");
  });

  for (const manifest of manifests) {
    it(`${manifest.name}: publishConfig.exports lists every subpath of exports, same files`, () => {
      const workspace = Object.fromEntries(
        Object.entries(manifest.exports ?? {}).map(([subpath, target]) => [subpath, published(target)]),
      );
      expect(manifest.publishConfig?.exports).toEqual(workspace);
    });
  }
});

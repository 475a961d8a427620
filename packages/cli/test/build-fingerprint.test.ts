/**
 * What `contract gen` records as the generator's version (src/gen/fresh.ts): the release for an
 * installed @contract/codegen, and for a linked checkout (a workspace, `npm link`) the release plus
 * a fingerprint of the JavaScript it runs, so that a rebuilt generator is not taken for the one that
 * wrote the output folder.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildFingerprint, generatorVersion } from "../src/gen/fresh.js";
import { tempDir } from "./helpers-gen.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

async function packageAt(...segments: string[]): Promise<string> {
  const root = join(dir, ...segments);
  await mkdir(join(root, "dist", "generators"), { recursive: true });
  await writeFile(join(root, "package.json"), '{"name":"pkg","version":"1.0.0"}');
  await writeFile(join(root, "dist", "index.js"), "export const a = 1;\n");
  await writeFile(join(root, "dist", "generators", "types.js"), "export const b = 2;\n");
  await writeFile(join(root, "dist", "index.d.ts"), "export declare const a = 1;\n");
  return root;
}

describe("buildFingerprint", () => {
  it("is undefined for a package installed in a node_modules folder", async () => {
    expect(buildFingerprint(await packageAt("app", "node_modules", "@contract", "codegen"))).toBeUndefined();
  });

  it("changes with the code a linked checkout runs, and only with it", async () => {
    const root = await packageAt("checkout", "packages", "codegen");
    const first = buildFingerprint(root);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(buildFingerprint(root)).toBe(first);

    await writeFile(join(root, "dist", "index.d.ts"), "export declare const a: number;\n");
    await writeFile(join(root, "dist", "index.js.map"), "{}");
    expect(buildFingerprint(root), "declarations and maps do not run").toBe(first);

    await writeFile(join(root, "dist", "generators", "types.js"), "export const b = 3;\n");
    const edited = buildFingerprint(root);
    expect(edited).not.toBe(first);

    await writeFile(join(root, "dist", "generators", "extra.cjs"), "module.exports = 1;\n");
    expect(buildFingerprint(root), "an added module").not.toBe(edited);
  });

  it("tells a moved module from an edited one", async () => {
    const a = await packageAt("one");
    const b = await packageAt("two");
    await writeFile(join(b, "dist", "index.js"), "export const b = 2;\n");
    await writeFile(join(b, "dist", "generators", "types.js"), "export const a = 1;\n");
    expect(buildFingerprint(a)).not.toBe(buildFingerprint(b));
  });

  it("is undefined for a checkout that was never built", async () => {
    await mkdir(join(dir, "src-only"));
    expect(buildFingerprint(join(dir, "src-only"))).toBeUndefined();
  });
});

describe("generatorVersion", () => {
  it("in this workspace (linked packages): the release followed by a build fingerprint", () => {
    expect(generatorVersion()).toMatch(/^\d+\.\d+\.\d+(?:-[\w.]+)?\+[0-9a-f]{16}$/);
  });
});

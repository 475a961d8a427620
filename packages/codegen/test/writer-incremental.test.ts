/** The writer's part in incremental runs: files carried over from the last run, recorded inputs. */
import { mkdtemp, readFile, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GeneratedFile, MANIFEST_FILE, writeFiles } from "../src/index.js";

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "contract-writer-inc-"));
  out = join(root, "out");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const generated = (path: string, contents: string): GeneratedFile => ({
  path,
  contents,
  ownership: "generated",
});
const manifest = async () =>
  JSON.parse(await readFile(join(out, MANIFEST_FILE), "utf8")) as {
    files: Record<string, string>;
    inputs?: unknown;
    stat?: Record<string, [number, number]>;
  };
const OLD = new Date("2020-01-01T00:00:00Z");

describe("writeFiles for incremental runs", () => {
  it("records inputs and each file's size and mtime; carried files are kept, not extra", async () => {
    await writeFiles(out, [generated("a.ts", "A"), generated("b.ts", "BB")], { inputs: () => ({ run: 1 }) });
    const first = await manifest();
    expect(first.inputs).toEqual({ run: 1 });
    expect(first.stat?.["b.ts"]?.[0]).toBe(2);
    expect(first.stat?.["a.ts"]?.[1]).toBe((await stat(join(out, "a.ts"))).mtimeMs);

    // Only a.ts's generator reruns: b.ts is carried, neither deleted nor reported.
    const report = await writeFiles(out, [generated("a.ts", "A2")], {
      carry: { "b.ts": first.files["b.ts"]! },
      inputs: () => ({ run: 2 }),
    });
    expect(report).toMatchObject({ written: ["a.ts"], removed: [], kept: [], extra: [] });
    expect(await readFile(join(out, "b.ts"), "utf8")).toBe("BB");
    const second = await manifest();
    expect(Object.keys(second.files)).toEqual(["a.ts", "b.ts"]);
    expect(second.inputs).toEqual({ run: 2 });

    // Nothing generated, everything carried, same inputs: the manifest is not rewritten either.
    await utimes(join(out, MANIFEST_FILE), OLD, OLD);
    await writeFiles(out, [], { carry: second.files, inputs: () => ({ run: 2 }) });
    expect((await stat(join(out, MANIFEST_FILE))).mtime.getTime()).toBe(OLD.getTime());
    // A file no longer carried nor generated is extra again.
    const dropped = await writeFiles(out, [], { carry: { "a.ts": second.files["a.ts"]! } });
    expect(dropped.removed).toEqual(["b.ts"]);
  });
});

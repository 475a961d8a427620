import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type GeneratedFile, generatedHeader, MANIFEST_FILE, writeFiles } from "../src/index.js";

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "contract-writer-"));
  out = join(root, "out");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const generated = (path: string, contents: string): GeneratedFile => ({
  path,
  contents,
  ownership: "generated",
});
const scaffold = (path: string, contents: string): GeneratedFile => ({
  path,
  contents,
  ownership: "scaffold",
});
const read = (path: string) => readFile(join(out, path), "utf8");
const OLD = new Date("2020-01-01T00:00:00Z");

describe("writeFiles", () => {
  it("writes files, nested folders included, and records them in the manifest", async () => {
    const report = await writeFiles(out, [generated("types.ts", "A"), generated("nested/deep/b.ts", "B")]);
    expect(report.written).toEqual(["nested/deep/b.ts", "types.ts"]);
    expect(await read("types.ts")).toBe("A");
    expect(await read("nested/deep/b.ts")).toBe("B");
    const manifest = JSON.parse(await read(MANIFEST_FILE)) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(["nested/deep/b.ts", "types.ts"]);
  });

  it("leaves unchanged files untouched: same mtime, reported unchanged", async () => {
    await writeFiles(out, [generated("types.ts", "A"), generated("b.ts", "B")]);
    await utimes(join(out, "types.ts"), OLD, OLD);
    await utimes(join(out, MANIFEST_FILE), OLD, OLD);
    const report = await writeFiles(out, [generated("types.ts", "A"), generated("b.ts", "B2")]);
    expect(report.unchanged).toEqual(["types.ts"]);
    expect(report.written).toEqual(["b.ts"]);
    expect((await stat(join(out, "types.ts"))).mtime.getTime()).toBe(OLD.getTime());
    // the manifest changed (b.ts has a new hash) so it was rewritten
    expect((await stat(join(out, MANIFEST_FILE))).mtime.getTime()).not.toBe(OLD.getTime());
  });

  it("rewrites through a temp file + rename and leaves no temp files behind", async () => {
    await writeFiles(out, [generated("types.ts", "old")]);
    const before = await stat(join(out, "types.ts"));
    await writeFiles(out, [generated("types.ts", "new")]);
    const after = await stat(join(out, "types.ts"));
    expect(await read("types.ts")).toBe("new");
    // rename replaces the directory entry: a new inode, never a truncated-then-written file
    expect(after.ino).not.toBe(before.ino);
    expect((await readdir(out)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps the permission bits of a file it replaces", async () => {
    await writeFiles(out, [generated("run.js", "1")]);
    const { chmod } = await import("node:fs/promises");
    await chmod(join(out, "run.js"), 0o755);
    await writeFiles(out, [generated("run.js", "2")]);
    expect((await stat(join(out, "run.js"))).mode & 0o777).toBe(0o755);
  });

  it.each([
    ["../escape.ts", "'..'"],
    ["a/../../escape.ts", "'..'"],
    ["/etc/passwd", "absolute"],
    ["C:/x.ts", "absolute"],
    ["a\\..\\b.ts", "backslash"],
    ["a//b.ts", "empty"],
    ["./a.ts", "'.'"],
    ["", "empty"],
    [MANIFEST_FILE, "reserved"],
  ])("refuses the path %j and writes nothing", async (path, why) => {
    await expect(writeFiles(out, [generated("ok.ts", "x"), generated(path, "x")])).rejects.toThrow(why);
    await expect(stat(join(out, "ok.ts"))).rejects.toThrow();
    await expect(stat(join(root, "escape.ts"))).rejects.toThrow();
  });

  it("refuses to write through a symlinked folder that leads outside, creating nothing there", async () => {
    const elsewhere = join(root, "elsewhere");
    await mkdir(elsewhere);
    await mkdir(out);
    await symlink(elsewhere, join(out, "link"));
    await expect(writeFiles(out, [generated("link/sub/x.ts", "x")])).rejects.toThrow(/symlink/);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it("refuses to replace a file that is a symlink (it would write elsewhere or drop the link)", async () => {
    const victim = join(root, "victim.ts");
    await writeFile(victim, "precious");
    await mkdir(out);
    await symlink(victim, join(out, "types.ts"));
    await expect(writeFiles(out, [generated("types.ts", "x")])).rejects.toThrow(/symlink/);
    expect(await readFile(victim, "utf8")).toBe("precious");
  });

  it("allows a symlinked folder that stays inside the output folder", async () => {
    await mkdir(join(out, "real"), { recursive: true });
    await symlink(join(out, "real"), join(out, "alias"));
    await writeFiles(out, [generated("alias/x.ts", "x")]);
    expect(await read("real/x.ts")).toBe("x");
  });

  it("creates scaffold files when missing and never overwrites them", async () => {
    const first = await writeFiles(out, [scaffold("handlers/push.ts", "stub v1")]);
    expect(first.scaffolded).toEqual(["handlers/push.ts"]);
    await writeFile(join(out, "handlers/push.ts"), "user code");
    const second = await writeFiles(out, [scaffold("handlers/push.ts", "stub v2")]);
    expect(second.scaffolded).toEqual([]);
    expect(second.unchanged).toEqual(["handlers/push.ts"]);
    expect(await read("handlers/push.ts")).toBe("user code");
    // a scaffold file is the user's: not in the manifest, so never deleted as "extra"
    const third = await writeFiles(out, []);
    expect(third.removed).toEqual([]);
    expect(await read("handlers/push.ts")).toBe("user code");
  });

  it("writes scaffold files next to the output folder (../), generated files never", async () => {
    const report = await writeFiles(out, [
      generated("webhooks.ts", "W"),
      scaffold("../out-handlers/index.ts", "I"),
      scaffold("../out-handlers/paid.ts", "P"),
    ]);
    expect(report.scaffolded).toEqual(["../out-handlers/index.ts", "../out-handlers/paid.ts"]);
    expect(await readFile(join(root, "out-handlers/index.ts"), "utf8")).toBe("I");
    const manifest = JSON.parse(await read(MANIFEST_FILE)) as { files: Record<string, string> };
    expect(Object.keys(manifest.files)).toEqual(["webhooks.ts"]);
    // Cleaning the output folder keeps them; the next run leaves them alone.
    await rm(out, { recursive: true });
    await writeFile(join(root, "out-handlers/paid.ts"), "mine");
    const again = await writeFiles(out, [
      generated("webhooks.ts", "W"),
      scaffold("../out-handlers/paid.ts", "P"),
    ]);
    expect(again).toMatchObject({ written: ["webhooks.ts"], unchanged: ["../out-handlers/paid.ts"] });
    expect(await readFile(join(root, "out-handlers/paid.ts"), "utf8")).toBe("mine");
    await expect(writeFiles(out, [generated("../elsewhere.ts", "X")])).rejects.toThrow(
      /leaves the output folder/,
    );
    await expect(writeFiles(out, [scaffold("../a/../../b.ts", "X")])).rejects.toThrow(
      /leaves the output folder/,
    );
  });

  it("extends a scaffold file only while it still holds the bytes the extension was computed from", async () => {
    await writeFiles(out, [scaffold("handlers/index.ts", "user index")]);
    const extension = {
      ...scaffold("handlers/index.ts", "user index + new handler"),
      replaces: "user index",
    };

    const check = await writeFiles(out, [extension], { check: true });
    expect(check.stale).toEqual(["handlers/index.ts"]);
    expect(await read("handlers/index.ts")).toBe("user index");

    const applied = await writeFiles(out, [extension]);
    expect(applied.written).toEqual(["handlers/index.ts"]);
    expect(await read("handlers/index.ts")).toBe("user index + new handler");

    // The user edited the file after the extension was computed: their bytes win.
    await writeFile(join(out, "handlers/index.ts"), "user index, edited");
    const refused = await writeFiles(out, [extension]);
    expect(refused.written).toEqual([]);
    expect(refused.unchanged).toEqual(["handlers/index.ts"]);
    expect(await read("handlers/index.ts")).toBe("user index, edited");
  });

  it("removes files it generated earlier and no longer generates, and the folders they leave empty", async () => {
    await writeFiles(out, [generated("types.ts", "T"), generated("old/client.ts", "C")]);
    const report = await writeFiles(out, [generated("types.ts", "T")]);
    expect(report.removed).toEqual(["old/client.ts"]);
    await expect(stat(join(out, "old"))).rejects.toThrow();
  });

  it("never deletes user files: unknown files stay, and an edited extra file is kept", async () => {
    await writeFiles(out, [generated("types.ts", "T"), generated("client.ts", "C")]);
    await writeFile(join(out, "mine.ts"), "user file");
    await writeFile(join(out, "client.ts"), "C, edited by hand");
    const report = await writeFiles(out, [generated("types.ts", "T")]);
    expect(report.removed).toEqual([]);
    expect(report.kept).toEqual(["client.ts"]);
    expect(await read("mine.ts")).toBe("user file");
    expect(await read("client.ts")).toBe("C, edited by hand");
    // kept files leave the manifest: they are the user's from now on
    expect((await writeFiles(out, [generated("types.ts", "T")], { check: true })).extra).toEqual([]);
  });

  it("ignores manifest entries that point outside the output folder", async () => {
    await writeFile(join(root, "outside.ts"), "X");
    await writeFiles(out, [generated("types.ts", "T")]);
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update("X").digest("hex");
    await writeFile(join(out, MANIFEST_FILE), JSON.stringify({ files: { "../outside.ts": hash } }));
    const report = await writeFiles(out, [generated("types.ts", "T")]);
    expect(report.removed).toEqual([]);
    expect(await readFile(join(root, "outside.ts"), "utf8")).toBe("X");
  });

  it("refuses to overwrite a file of the same name it never generated (the user's own)", async () => {
    await mkdir(out);
    await writeFile(join(out, "types.ts"), "// my own types\n");
    await expect(writeFiles(out, [generated("a.ts", "A"), generated("types.ts", "T")])).rejects.toThrow(
      /Not overwriting types\.ts .*not generated by contract/,
    );
    expect(await read("types.ts")).toBe("// my own types\n");
    await expect(stat(join(out, "a.ts"))).rejects.toThrow(); // nothing written at all
  });

  it("replaces a file with a generated header even without a manifest (e.g. a fresh clone)", async () => {
    await mkdir(out);
    const header = generatedHeader({ generator: "types", version: "0.0.1" });
    await writeFile(join(out, "types.ts"), `${header}old`);
    const report = await writeFiles(out, [generated("types.ts", `${header}new`)]);
    expect(report.written).toEqual(["types.ts"]);
  });

  it("turns file-system failures into a clear error (a file where the output folder should be)", async () => {
    await writeFile(out, "not a folder");
    await expect(writeFiles(out, [generated("types.ts", "x")])).rejects.toThrow(/^Cannot write to .*out: /);
  });

  describe("check mode", () => {
    it("writes nothing and lists stale, missing and extra files", async () => {
      await writeFiles(out, [generated("a.ts", "A"), generated("b.ts", "B"), generated("gone.ts", "G")]);
      await utimes(join(out, "a.ts"), OLD, OLD);
      const before = await readdir(out);
      const manifestBefore = await read(MANIFEST_FILE);
      const report = await writeFiles(
        out,
        [
          generated("a.ts", "A"),
          generated("b.ts", "B changed"),
          generated("new.ts", "N"),
          scaffold("h.ts", "S"),
        ],
        { check: true },
      );
      expect(report.unchanged).toEqual(["a.ts"]);
      expect(report.stale).toEqual(["b.ts"]);
      expect(report.missing).toEqual(["h.ts", "new.ts"]);
      expect(report.extra).toEqual(["gone.ts"]);
      expect(report.written).toEqual([]);
      expect(report.removed).toEqual([]);
      expect(await readdir(out)).toEqual(before);
      expect(await read("b.ts")).toBe("B");
      expect(await read(MANIFEST_FILE)).toBe(manifestBefore);
      expect((await stat(join(out, "a.ts"))).mtime.getTime()).toBe(OLD.getTime());
    });

    it("reports everything missing when the output folder does not exist, and does not create it", async () => {
      const report = await writeFiles(out, [generated("types.ts", "T"), generated("x/y.ts", "Y")], {
        check: true,
      });
      expect(report.missing).toEqual(["types.ts", "x/y.ts"]);
      await expect(stat(out)).rejects.toThrow();
    });

    it("is clean right after a write", async () => {
      const files = [generated("types.ts", "T"), scaffold("h.ts", "S")];
      await writeFiles(out, files);
      const report = await writeFiles(out, files, { check: true });
      expect([...report.stale, ...report.missing, ...report.extra]).toEqual([]);
    });
  });
});

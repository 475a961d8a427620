/**
 * `contract gen --watch` as a process (the built bin) on a temporary folder with real file edits:
 * a change to a referenced file of a multi-file spec regenerates, a broken edit prints diagnostics
 * and keeps the last good output, the fix regenerates, and a file the spec starts referencing is
 * watched from then on. One line per run, with the time and what changed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers-gen.js";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;
let child: ChildProcess | undefined;
let stdout = "";
let stderr = "";

const api = (itemRef: string, extra = "") => `openapi: 3.1.0
info: { title: Watched, version: "1" }
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "${itemRef}" }
${extra}`;
const item = (...props: string[]) =>
  `type: object\nproperties:\n${props.map((p) => `  ${p}: { type: string }`).join("\n")}\n`;

/** Saves like an editor that writes a temp file and renames it over the original. */
async function save(path: string, text: string) {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** Waits until stdout has `count` lines matching `pattern`. */
async function lines(pattern: RegExp, count = 1, timeoutMs = 30_000): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const found = stdout.split("\n").filter((l) => pattern.test(l));
    if (found.length >= count) return found;
    if (Date.now() - started > timeoutMs)
      throw new Error(`no ${count}× ${pattern} in stdout:\n${stdout}\nstderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, "schemas"));
  await writeFile(join(dir, "api.yaml"), api("./schemas/item.yaml"));
  await writeFile(join(dir, "schemas/item.yaml"), item("id"));
  await writeFile(
    join(dir, "contract.config.json"),
    JSON.stringify({
      contracts: [{ name: "watched", spec: "api.yaml", out: "gen", generators: { types: true } }],
    }),
  );
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await cleanup();
});

const types = () => readFile(join(dir, "gen/types.ts"), "utf8");

describe("contract gen --watch", { timeout: 120_000 }, () => {
  it("regenerates on edits of any file of the spec and keeps the last good output on a broken edit", async () => {
    child = spawn(process.execPath, [BIN, "gen", "--watch"], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1" },
    });
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    await lines(/watching 3 files of watched/); // api.yaml, schemas/item.yaml, contract.config.json
    expect(stdout).toMatch(/^\[\d\d:\d\d:\d\d\] start: watched → gen: 1 written/m);
    expect(await types()).not.toContain("nickname");

    // A referenced file of the multi-file spec.
    await save(join(dir, "schemas/item.yaml"), item("id", "nickname"));
    const [edited] = await lines(/schemas\/item\.yaml changed/);
    expect(edited).toMatch(
      /^\[\d\d:\d\d:\d\d\] schemas\/item\.yaml changed: watched → gen: 1 written, 0 unchanged/,
    );
    expect(await types()).toContain("nickname");
    const good = await types();

    // A broken intermediate edit: diagnostics, nothing written.
    await save(join(dir, "api.yaml"), "openapi: 3.1.0\ninfo: [broken\n");
    const [broken] = await lines(/api\.yaml changed: .*not generated/);
    expect(broken).toMatch(
      /^\[\d\d:\d\d:\d\d\] api\.yaml changed: watched: not generated, the last good output is kept/,
    );
    expect(stderr).toMatch(/api\.yaml:\d+:\d+ error parse-error/);
    expect(await types()).toBe(good);

    // The fix, which also makes the spec reference a new file: it is watched from then on.
    await writeFile(join(dir, "schemas/tag.yaml"), item("label"));
    await save(
      join(dir, "api.yaml"),
      api("./schemas/item.yaml", "components:\n  schemas:\n    Tag: { $ref: './schemas/tag.yaml' }\n"),
    );
    await lines(/api\.yaml changed: watched → gen: 1 written/);
    expect(await types()).toContain("label");
    await save(join(dir, "schemas/tag.yaml"), item("label", "colour"));
    await lines(/schemas\/tag\.yaml changed: watched → gen: 1 written/);
    expect(await types()).toContain("colour");

    // Several quick edits are one run (debounced). The watcher is stopped (SIGSTOP) while they are
    // made, so that they reach it together as they would from a fast editor: on a loaded machine
    // the test's own saves can be further apart than the 150 ms debounce, which is two runs.
    const runsBefore = stdout.split("\n").filter((l) => / changed: /.test(l)).length;
    child.kill("SIGSTOP");
    try {
      for (const props of [
        ["id", "a"],
        ["id", "b"],
        ["id", "c"],
      ])
        await save(join(dir, "schemas/item.yaml"), item(...props));
    } finally {
      child.kill("SIGCONT");
    }
    await lines(/ changed: /, runsBefore + 1);
    await new Promise((r) => setTimeout(r, 600));
    expect(stdout.split("\n").filter((l) => / changed: /.test(l)).length).toBe(runsBefore + 1);
    expect(await types()).toMatch(/\bc\?: string/);
  });
});

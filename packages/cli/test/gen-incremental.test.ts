/**
 * Incremental `contract gen` (see src/gen/fresh.ts): a run whose inputs are those of the last one
 * touches nothing; a changed referenced file, option or output is seen; only the generators whose
 * inputs changed rerun (told by the `--timings` stages, and by mtimes).
 */
import { mkdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run, tempDir } from "./helpers-gen.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, "schemas"));
  await writeFile(
    join(dir, "api.yaml"),
    [
      "openapi: 3.1.0",
      "info: { title: inc, version: '1' }",
      "paths:",
      "  /items:",
      "    get:",
      "      operationId: listItems",
      "      tags: [items]",
      "      responses:",
      "        '200':",
      "          description: ok",
      "          content:",
      "            application/json:",
      "              schema: { $ref: './schemas/item.yaml' }",
      "",
    ].join("\n"),
  );
  await writeItem("name");
  await config({});
});
afterEach(() => cleanup());

const writeItem = (property: string) =>
  writeFile(
    join(dir, "schemas/item.yaml"),
    `type: object\nrequired: [${property}]\nproperties:\n  ${property}: { type: string }\n`,
  );
const config = (client: Record<string, unknown>) =>
  writeFile(
    join(dir, "contract.config.json"),
    JSON.stringify({
      contracts: [
        {
          name: "inc",
          spec: "./api.yaml",
          out: "./out",
          generators: { types: true, client, validators: true },
        },
      ],
    }),
  );
const OUTPUTS = ["types.ts", "client.ts", "validators.js", "validators.d.ts", ".contract-manifest.json"];
const OLD = new Date("2020-01-01T00:00:00Z");
/** Sets every output's mtime to OLD, so that any write shows. */
const age = () => Promise.all(OUTPUTS.map((f) => utimes(join(dir, "out", f), OLD, OLD)));
const mtime = async (f: string) => (await stat(join(dir, "out", f))).mtime.getTime();
const gen = (...args: string[]) => run(["gen", "--timings", ...args], dir);

describe("incremental contract gen", { timeout: 90_000 }, () => {
  it("does nothing when nothing changed, touching no file; --force regenerates", async () => {
    const first = await gen();
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/generate:validators/);
    await age();
    const second = await gen();
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toMatch(/✓ inc → out: nothing changed, 4 files up to date/);
    expect(second.stdout).not.toMatch(/load|generate:/);
    // --timings still shows the one stage that ran: comparing with the last run.
    expect(second.stdout).toMatch(/^ {2}inputs +\d/m);
    for (const f of OUTPUTS) expect(await mtime(f)).toBe(OLD.getTime());

    const forced = await gen("--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/0 written, 4 unchanged/);
    expect(forced.stdout).toMatch(/generate:types[\s\S]*generate:client[\s\S]*generate:validators/);
    for (const f of OUTPUTS.slice(0, 4)) expect(await mtime(f)).toBe(OLD.getTime());
  });

  it("sees a change in a file the spec references", async () => {
    expect((await gen()).code).toBe(0);
    await writeItem("title");
    const second = await gen();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/load[\s\S]*validate[\s\S]*generate:types/);
    expect(await readFile(join(dir, "out/types.ts"), "utf8")).toContain("title: string");
    expect((await gen()).stdout).toMatch(/nothing changed/);
  });

  it("reruns only the generator whose options changed", async () => {
    expect((await gen()).code).toBe(0);
    await age();
    await config({ groupByTag: true });
    const second = await gen();
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toMatch(/generate:client/);
    expect(second.stdout).not.toMatch(/generate:(types|validators)|validate /);
    expect(await mtime("client.ts")).not.toBe(OLD.getTime());
    for (const f of ["types.ts", "validators.js", "validators.d.ts"])
      expect(await mtime(f)).toBe(OLD.getTime());
    expect((await gen()).stdout).toMatch(/nothing changed/);
  });

  it("repairs an output edited or deleted by hand, rerunning only its generator", async () => {
    expect((await gen()).code).toBe(0);
    const types = await readFile(join(dir, "out/types.ts"), "utf8");
    const validators = await readFile(join(dir, "out/validators.js"), "utf8");
    await age();
    await writeFile(join(dir, "out/types.ts"), types.replace("export", "export  "));
    await utimes(join(dir, "out/types.ts"), OLD, OLD); // same mtime: found by its hash
    await rm(join(dir, "out/validators.js"));
    const repair = await gen();
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(/2 written/);
    expect(repair.stdout).toMatch(/generate:types[\s\S]*generate:validators/);
    expect(repair.stdout).not.toMatch(/generate:client/);
    expect(await readFile(join(dir, "out/types.ts"), "utf8")).toBe(types);
    expect(await readFile(join(dir, "out/validators.js"), "utf8")).toBe(validators);
    expect(await mtime("client.ts")).toBe(OLD.getTime());
  });

  it("--check answers from the manifest when nothing changed, and still finds stale files", async () => {
    expect((await gen()).code).toBe(0);
    const clean = await gen("--check");
    expect(clean).toMatchObject({ code: 0, stderr: "" });
    expect(clean.stdout).toMatch(/4 files up to date, inputs unchanged/);
    expect(clean.stdout).not.toMatch(/load|generate:/);

    await writeFile(join(dir, "out/client.ts"), "// edited\n");
    const edited = await gen("--check");
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/stale\s+client\.ts/);
    expect(await readFile(join(dir, "out/client.ts"), "utf8")).toBe("// edited\n");

    expect((await gen()).code).toBe(0);
    await config({ groupByTag: true });
    const options = await gen("--check");
    expect(options.code).toBe(1);
    expect(options.stderr).toMatch(/stale\s+client\.ts/);
  });

  it("a spec given on the command line: same behaviour, --out folder decides", async () => {
    expect((await run(["gen", "api.yaml", "--out", "adhoc"], dir)).code).toBe(0);
    expect((await run(["gen", "api.yaml", "--out", "adhoc"], dir)).stdout).toMatch(/nothing changed/);
    await writeItem("other");
    const changed = await run(["gen", "api.yaml", "--out", "adhoc"], dir);
    expect(changed.stdout).toMatch(/written/);
    expect(await readFile(join(dir, "adhoc/types.ts"), "utf8")).toContain("other: string");
  });

  it("webhooks: an edited stub is kept; a deleted handler index is recreated by the webhooks generator", async () => {
    const spec = await readFile(join(dir, "api.yaml"), "utf8");
    await writeFile(
      join(dir, "hooks.yaml"),
      `${spec}webhooks:\n  itemCreated:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: './schemas/item.yaml' }\n      responses:\n        '200': { description: ok }\n`,
    );
    const gen2 = (...args: string[]) =>
      run(["gen", "hooks.yaml", "--out", "hooks", "--timings", ...args], dir);
    expect((await gen2()).code).toBe(0);
    const index = join(dir, "hooks-handlers/index.ts");
    const created = await readFile(index, "utf8");
    expect((await gen2()).stdout).toMatch(/nothing changed/);

    await rm(index);
    const again = await gen2();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/generate:webhooks/);
    expect(again.stdout).not.toMatch(/generate:(types|client|validators)/);
    expect(await readFile(index, "utf8")).toContain("export const handlers");
    expect((await gen2()).stdout).toMatch(/nothing changed/);
    expect(created).toContain("itemCreated");
  });

  it("a malformed or foreign manifest means a full run, not a crash", async () => {
    expect((await gen()).code).toBe(0);
    const path = join(dir, "out/.contract-manifest.json");
    const manifest = JSON.parse(await readFile(path, "utf8"));
    manifest.inputs.generators.client.files = "client.ts";
    await writeFile(path, JSON.stringify(manifest));
    const result = await gen();
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(
      /load[\s\S]*generate:types[\s\S]*generate:client[\s\S]*generate:validators/,
    );
    expect((await gen()).stdout).toMatch(/nothing changed/);
  });
});

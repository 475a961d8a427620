/**
 * Generated files import each other (client.ts, webhooks.ts, sender.ts and validators.d.ts import
 * ./types.js; webhooks.ts and sender.ts import ./validators.js). A selection that leaves the
 * imported generator out gets it anyway; one that turns it off is refused with what to do instead.
 * Never output that does not compile: each accepted selection is type-checked.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpecFromString } from "@contract/core";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GeneratorSelection, generateContract } from "../src/index.js";

const runtimeSrc = fileURLToPath(new URL("../../runtime/src/", import.meta.url));
const SPEC = `openapi: 3.1.0
info: { title: Deps, version: "1" }
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { type: object, properties: { id: { type: string } } } } }
webhooks:
  item.created:
    post:
      requestBody:
        content: { application/json: { schema: { type: object, required: [id], properties: { id: { type: string } } } } }
      responses: { "200": { description: ok } }
`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "contract-deps-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function generate(generators: GeneratorSelection) {
  const loaded = await loadSpecFromString(SPEC);
  return generateContract(loaded, { generators });
}

/** Writes the generated files (stubs included) and type-checks them under strict options. */
async function compile(name: string, files: Awaited<ReturnType<typeof generate>>): Promise<string[]> {
  const folder = join(root, name, "out");
  const roots: string[] = [];
  for (const file of files) {
    const path = join(folder, file.path);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, file.contents);
    if (path.endsWith(".ts")) roots.push(path);
  }
  const program = ts.createProgram(roots, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    paths: {
      "@contract/runtime/*": [join(runtimeSrc, "*/index.ts")],
    },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("generators that import types.ts / validators.js", { timeout: 120_000 }, () => {
  it("generates types.ts when a selection leaves it out, and the output compiles", async () => {
    const files = await generate({ client: true });
    expect(files.map((f) => f.path).sort()).toEqual(["client.ts", "types.ts"]);
    expect(await compile("client", files)).toEqual([]);
  });

  it("generates types.ts and validators.js for webhooks alone, and the output compiles", async () => {
    const files = await generate({ webhooks: true });
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["types.ts", "validators.js", "validators.d.ts", "webhooks.ts"]),
    );
    expect(await compile("webhooks", files)).toEqual([]);
  });

  it("refuses `types: false` next to a generator that imports it, saying what to do", async () => {
    await expect(generate({ client: true, types: false })).rejects.toThrow(
      'generators.client imports ./types.js, which the types generator writes, but "types" is false: turn types on, or set generators.client.typesModule to a module of your own',
    );
    await expect(generate({ sender: true, types: true, validators: false })).rejects.toThrow(
      /generators\.sender imports \.\/validators\.js.*"validators" is false/,
    );
  });

  it("accepts an import pointed elsewhere: nothing is added", async () => {
    const files = await generate({ client: { typesModule: "./my-types.js" }, types: false });
    expect(files.map((f) => f.path)).toEqual(["client.ts"]);
    const receiver = await generate({ webhooks: { validatorsModule: false }, types: true });
    expect(receiver.map((f) => f.path)).not.toContain("validators.js");
  });
});

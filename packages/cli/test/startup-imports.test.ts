/**
 * The built bin's startup stays light: `--help`, `--version` and a `contract gen` with nothing to do
 * import neither `@contract/core` (ajv, the OpenAPI schemas, yaml) nor `@contract/codegen`
 * (TypeScript). Each command imports what it needs when it runs. A module-resolution hook lists every
 * module the process imports; no timing is measured.
 */
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers-gen.js";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));
const HEAVY = /\/(packages\/(core|codegen)|@contract\/(core|codegen)|ajv|yaml|typescript)\//;

let dir: string;
let cleanup: () => Promise<void>;

const SPEC = `openapi: 3.1.0
info: { title: Startup, version: "1" }
paths:
  /items:
    get:
      operationId: listItems
      responses: { "200": { description: ok } }
webhooks:
  item.created:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { id: { type: string } } }
      responses: { "200": { description: ok } }
`;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await writeFile(join(dir, "openapi.yaml"), SPEC);
  await writeFile(
    join(dir, "contract.config.json"),
    JSON.stringify({ contracts: [{ name: "startup", spec: "openapi.yaml", out: "gen" }] }),
  );
  await writeFile(
    join(dir, "hooks.mjs"),
    `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write("IMPORTED " + result.url + "\\n");
  return result;
}
`,
  );
  await writeFile(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
}, 60_000);
afterAll(() => cleanup());

/** Runs the bin; returns its exit code, stdout and the URLs of the modules it imported. */
function contract(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), BIN, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const imported = result.stderr
    .split("\n")
    .filter((l) => l.startsWith("IMPORTED "))
    .map((l) => l.slice("IMPORTED ".length));
  return { status: result.status, stdout: result.stdout, imported };
}

const heavy = (imported: string[]) => imported.filter((url) => HEAVY.test(url));

describe("startup imports", () => {
  it("--help and --version import no heavy module", () => {
    for (const args of [
      ["--help"],
      ["--version"],
      ["gen", "--help"],
      ["check", "--help"],
      ["diff", "--help"],
    ]) {
      const run = contract(...args);
      expect(run.status, args.join(" ")).toBe(0);
      expect(run.imported.length, args.join(" ")).toBeGreaterThan(0);
      expect(heavy(run.imported), args.join(" ")).toEqual([]);
    }
  });

  it("an up-to-date `contract gen` imports no heavy module; a full one and `check` do", () => {
    const first = contract("gen");
    expect(first.status).toBe(0);
    expect(heavy(first.imported).length).toBeGreaterThan(0);

    const again = contract("gen");
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("nothing changed");
    expect(heavy(again.imported)).toEqual([]);

    const check = contract("check", "openapi.yaml");
    expect(check.status).toBe(0);
    expect(heavy(check.imported).length).toBeGreaterThan(0);
  }, 120_000);

  it("`check` of a config's contracts does not import the generators (@contract/codegen, TypeScript)", () => {
    const check = contract("check");
    expect(check.status).toBe(0);
    expect(check.stdout).toContain("1 spec checked");
    // It reads and validates the config...
    expect(check.imported.some((url) => /\/cli\/(dist|src)\/config\.[jt]s$/.test(url))).toBe(true);
    // ...with the precompiled validator, not the schema built from the generator registry.
    expect(
      check.imported.filter((url) => /\/(packages\/codegen|@contract\/codegen|typescript)\//.test(url)),
    ).toEqual([]);
  }, 60_000);

  it("`check` of a JSON spec imports only what checking needs: no ajv, no YAML parser, no diff or synthesizer", async () => {
    const spec = JSON.stringify({
      openapi: "3.1.0",
      info: { title: "Startup", version: "1" },
      paths: { "/items": { get: { operationId: "listItems", responses: { "200": { description: "ok" } } } } },
    });
    await writeFile(join(dir, "openapi.json"), spec);
    const check = contract("check", "openapi.json");
    expect(check.status).toBe(0);
    // It does load and validate (the check entry of core)...
    expect(check.imported.some((url) => /\/core\/(dist|src)\/validate\//.test(url))).toBe(true);
    // ...but the precompiled validator needs no ajv, a JSON spec no YAML parser, and the rest of
    // core (its main entry with diff, synthesizer and link suggestions) is not loaded at all.
    const unneeded = check.imported.filter((url) =>
      /\/(ajv[^/]*|yaml)\/|\/core\/(dist|src)\/(index\.[jt]s$|diff\/|synthesize\/|link-suggestions\/)/.test(
        url,
      ),
    );
    expect(unneeded).toEqual([]);
  }, 60_000);
});

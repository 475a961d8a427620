/**
 * The built bin as a user runs it, from a working folder that is not the project's: relative paths
 * of every command resolve against the working folder (config paths against the config file), and
 * input mistakes are plain errors with exit code 2 — an unknown `--skip-rule` (with close matches),
 * a spec that cannot be read, `trigger --list` without a config.
 */
import { spawnSync } from "node:child_process";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers-gen.js";

const BIN = fileURLToPath(new URL("../bin/contract.js", import.meta.url));
let dir: string;
let work: string;
let cleanup: () => Promise<void>;

const spec = (required: string) => `openapi: 3.1.0
info: { title: Relative, version: "1" }
paths:
  /items:
    get:
      operationId: listItems
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: object, required: [${required}], properties: { id: { type: string }, name: { type: string } } }
webhooks:
  item.created:
    post:
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [id], properties: { id: { type: string } } }
      responses: { "200": { description: ok } }
`;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  work = join(dir, "work");
  await mkdir(join(dir, "project/api"), { recursive: true });
  await mkdir(work);
  await writeFile(join(dir, "project/api/openapi.yaml"), spec("id, name"));
  await writeFile(join(dir, "project/api/v2.yaml"), spec("id"));
  await writeFile(
    join(dir, "project/contract.config.json"),
    JSON.stringify({ contracts: [{ name: "relative", spec: "api/openapi.yaml", out: "gen" }] }),
  );
});
afterAll(() => cleanup());

const contract = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });

describe("the built CLI run from another working folder", { timeout: 120_000 }, () => {
  it("resolves relative paths of check, gen, diff and trigger against the working folder", async () => {
    const check = contract("check", "../project/api/openapi.yaml");
    expect(check.stdout).toMatch(/1 spec checked.*all passed/);
    expect(check.status).toBe(0);
    expect(contract("check", "--config", "../project/contract.config.json").status).toBe(0);

    const gen = contract("gen", "../project/api/openapi.yaml", "--out", "out");
    expect(gen.stderr).toBe("");
    expect(gen.status).toBe(0);
    expect(await readdir(join(work, "out"))).toContain("client.ts");
    const fromConfig = contract("gen", "--config", "../project/contract.config.json");
    expect(fromConfig.status).toBe(0);
    expect(await readdir(join(dir, "project/gen"))).toContain("webhooks.ts"); // relative to the config file

    const diff = contract("diff", "../project/api/openapi.yaml", "../project/api/v2.yaml");
    expect(diff.stdout).toMatch(/name became optional/);
    expect(diff.status).toBe(1);

    const list = contract("trigger", "--list", "--spec", "../project/api/openapi.yaml");
    expect(list.stdout).toContain("item.created");
    expect(list.status).toBe(0);
    expect(contract("trigger", "--list", "--config", "../project/contract.config.json").stdout).toContain(
      "item.created",
    );
  });

  it("refuses an unknown --skip-rule with exit 2, naming close matches", () => {
    for (const command of ["check", "gen"]) {
      const args = command === "gen" ? ["--out", "out2"] : [];
      const result = contract(
        command,
        "../project/api/openapi.yaml",
        ...args,
        "--skip-rule",
        "component-unusd",
      );
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('unknown rule "component-unusd"; did you mean component-unused?');
      expect(result.stdout).toBe("");
    }
    expect(contract("check", "../project/api/openapi.yaml", "--skip-rule", "component-unused").status).toBe(
      0,
    );
  });

  it("says a spec could not be read (exit 2), not that it failed with 0 errors", () => {
    const result = contract("check", "missing.yaml");
    expect(result.status).toBe(2);
    expect(result.stdout).toContain("missing.yaml: could not read");
    expect(result.stdout).toContain("1 could not be read");
    expect(result.stdout).not.toMatch(/failed/);
  });

  it("points `trigger --list` without a config at --spec", () => {
    const result = contract("trigger", "--list");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--spec <openapi file>");
    expect(result.stderr).not.toContain("contract gen");
  });
});

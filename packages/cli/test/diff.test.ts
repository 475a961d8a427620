/** `contract diff` in-process through `runCli`: files, formats, exit codes and git revisions. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "@contract/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureIO } from "./capture-io.js";

let dir: string;

async function diff(cwd: string, ...args: string[]) {
  const io = captureIO(cwd);
  const code = await runCli(["diff", ...args], io);
  return { code, out: io.out, err: io.err };
}

/** A pet API: `Pet` is returned by GET and accepted by PUT. */
const spec = (pet: string, extra = "") => `openapi: 3.1.0
info: {title: pets, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
${extra}components:
  schemas:
    Pet:
${pet}`;

const PET = `      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string}
        status: {type: string, enum: [available, sold]}
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contract-diff-cli-"));
  const files: Record<string, string> = {
    "base.yaml": spec(PET),
    "same.json": JSON.stringify({
      openapi: "3.1.0",
      info: { title: "pets", version: "1" },
      components: {
        schemas: {
          Pet: {
            properties: {
              status: { enum: ["available", "sold"], type: "string" },
              tag: { type: "string" },
              name: { type: "string" },
            },
            required: ["name"],
            type: "object",
          },
        },
      },
      paths: {
        "/pets/{id}": {
          get: {
            responses: {
              "200": {
                content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } },
                description: "ok",
              },
            },
            parameters: [{ schema: { type: "string" }, required: true, in: "path", name: "id" }],
            operationId: "getPet",
          },
        },
      },
    }),
    // Breaking for readers: `tag` removed from a response.
    "breaking.yaml": spec(PET.replace("        tag: {type: string}\n", "")),
    // Only a warning: a new enum value in a response.
    "warning.yaml": spec(PET.replace("[available, sold]", "[available, sold, pending]")),
    // Only info: a new operation.
    "info.yaml": spec(
      PET,
      `  /pets:
    get:
      operationId: listPets
      responses: {"200": {description: ok}}
`,
    ),
    // A property name no markdown table or HTML should interpret.
    "hostile.yaml": spec(PET.replace("        tag: {type: string}\n", "")).replace(
      "required: [name]",
      "required: [name]\n      x-note: ok",
    ),
    "hostile-base.yaml": spec(PET.replace("tag: {type: string}", '"<img src=x>|`x`": {type: string}')),
    "broken.yaml": "openapi: 3.1.0\ninfo: {title: t, version: '1'\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("contract diff on files", () => {
  it("finds nothing between a spec and its JSON copy with keys reordered", async () => {
    const r = await diff(dir, "base.yaml", "same.json");
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toContain("No changes.");
  });

  it("reports a breaking change with rule, operations and located pointers, and exits 1", async () => {
    const r = await diff(dir, "base.yaml", "breaking.yaml");
    expect(r.code).toBe(1);
    expect(r.out).toContain("Breaking changes (1)");
    expect(r.out).toContain("schema Pet: property tag removed  response-property-removed");
    expect(r.out).toContain("in GET /pets/{id}");
    expect(r.out).toMatch(/base base\.yaml:\d+:\d+ #\/components\/schemas\/Pet\/properties\/tag/);
    expect(r.out).toMatch(/head breaking\.yaml:\d+:\d+ #\/components\/schemas\/Pet\/properties/);
    expect(r.out).toContain("✖ 1 breaking, 0 warnings, 0 info");
  });

  it("passes warnings by default and fails on them with --fail-on warning", async () => {
    const lenient = await diff(dir, "base.yaml", "warning.yaml");
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('schema Pet › status: enum value "pending" added');
    expect((await diff(dir, "base.yaml", "warning.yaml", "--fail-on", "warning")).code).toBe(1);
  });

  it("lists info changes only with --changelog", async () => {
    const plain = await diff(dir, "base.yaml", "info.yaml");
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain("GET /pets added");
    expect(plain.out).toContain("--changelog lists every change");
    const changelog = await diff(dir, "base.yaml", "info.yaml", "--changelog");
    expect(changelog.code).toBe(0);
    expect(changelog.out).toContain("Other changes (1)");
    expect(changelog.out).toContain("path /pets added  path-added");
  });

  it("--format json: every change with code, severity, pointers, locations and the verdict", async () => {
    const r = await diff(dir, "base.yaml", "breaking.yaml", "--format", "json");
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out);
    expect(body).toMatchObject({
      version: 1,
      base: "base.yaml",
      head: "breaking.yaml",
      failOn: "breaking",
      failed: true,
      counts: { breaking: 1, warning: 0, info: 0 },
    });
    expect(body.changes).toHaveLength(1);
    const [change] = body.changes;
    expect(change).toMatchObject({
      code: "response-property-removed",
      severity: "breaking",
      message: "schema Pet: property tag removed",
      base: { pointer: "/components/schemas/Pet/properties/tag", location: { file: join(dir, "base.yaml") } },
      head: { pointer: "/components/schemas/Pet/properties", location: { file: join(dir, "breaking.yaml") } },
      affects: [
        {
          kind: "operation",
          label: "GET /pets/{id}",
          method: "get",
          path: "/pets/{id}",
          operationId: "getPet",
        },
      ],
    });
    expect(change.base.location.line).toBeGreaterThan(1);
  });

  it("--format markdown: a pull-request comment that escapes names from the spec", async () => {
    const r = await diff(dir, "hostile-base.yaml", "breaking.yaml", "--format", "markdown");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^### ❌ API contract: 1 breaking, 0 warnings, 0 info/);
    expect(r.out).toContain("| Change | Affects | Rule | Where |");
    expect(r.out).not.toContain("<img");
    expect(r.out).toContain("&lt;img src=x&gt;\\|\\`x\\`");
    // Each row still has exactly four cells: the `|` in the name did not split one.
    const row = r.out.split("\n").find((l) => l.includes("response-property-removed"))!;
    expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
  });

  it("--format markdown --changelog folds info changes into a details block", async () => {
    const plain = await diff(dir, "base.yaml", "info.yaml", "--format", "markdown");
    expect(plain.out).toMatch(/^### ✅ API contract: 0 breaking, 0 warnings, 1 info/);
    expect(plain.out).toContain("<sub>1 info changes not listed.</sub>");
    expect(plain.out).not.toContain("<details>");
    const changelog = await diff(dir, "base.yaml", "info.yaml", "--format", "markdown", "--changelog");
    expect(changelog.out).toContain("<details><summary>Other changes (1)</summary>");
    expect(changelog.out).toContain("| path /pets added | GET /pets | `path-added` | `#/paths/~1pets` |");
  });

  it("--format github: annotations on the head file, escaped", async () => {
    const r = await diff(dir, "base.yaml", "breaking.yaml", "--format", "github");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^::error file=breaking\.yaml,line=\d+,col=\d+,title=breaking%3A response-property-removed::schema Pet: property tag removed%0Aaffects GET \/pets\/\{id\}%0A\(at #\/components\/schemas\/Pet\/properties\)\n$/,
    );
  });

  it("exits 2 when an input cannot be read or a flag is wrong", async () => {
    const missing = await diff(dir, "base.yaml", "nope.yaml");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("nope.yaml");
    expect((await diff(dir, "base.yaml", "same.json", "--format", "xml")).code).toBe(2);
    expect((await diff(dir, "base.yaml", "same.json", "--fail-on", "info")).code).toBe(2);
    expect((await diff(dir, "base.yaml")).code).toBe(2);
  });

  it("exits 1 with a located diagnostic when an input is read but is not valid YAML", async () => {
    const broken = await diff(dir, "base.yaml", "broken.yaml");
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/broken\.yaml:\d+:\d+ error parse-error/);
    expect(broken.err).not.toMatch(/internal error/);
  });
});

describe("contract diff on git revisions", () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args],
      {
        cwd: repo,
        stdio: "pipe",
      },
    );
  // A multi-file spec: the schema lives in its own file next to the entry.
  const entry = spec("      $ref: ./schemas/pet.yaml\n");
  const petFile = (pet: string) => pet.replace(/^ {6}/gm, "");

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "contract-diff-git-"));
    git("init", "-q", "-b", "main");
    mkdirSync(join(repo, "api", "schemas"), { recursive: true });
    writeFileSync(join(repo, "api", "openapi.yaml"), entry);
    writeFileSync(join(repo, "api", "schemas", "pet.yaml"), petFile(PET));
    git("add", ".");
    git("commit", "-q", "-m", "v1");
    writeFileSync(
      join(repo, "api", "schemas", "pet.yaml"),
      petFile(PET.replace("        tag: {type: string}\n", "")),
    );
    git("commit", "-q", "-am", "v2");
    // The working tree moves on again; revisions must be read from git, not from disk.
    writeFileSync(
      join(repo, "api", "schemas", "pet.yaml"),
      petFile(PET.replace("[available, sold]", "[available]")),
    );
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("reads both sides of a multi-file spec from revisions", async () => {
    const r = await diff(repo, "HEAD~1:api/openapi.yaml", "HEAD:api/openapi.yaml", "--format", "json");
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out);
    expect(body.changes.map((c: { code: string }) => c.code)).toEqual(["response-property-removed"]);
    expect(body.changes[0].base.location.file).toBe("HEAD~1:api/schemas/pet.yaml");
  });

  it("compares a revision with the working tree, paths relative to the working directory", async () => {
    const r = await diff(
      join(repo, "api"),
      "main:./openapi.yaml",
      "openapi.yaml",
      "--changelog",
      "--format",
      "json",
    );
    expect(r.err).toBe("");
    const codes = JSON.parse(r.out).changes.map((c: { code: string }) => c.code);
    // main has `tag` removed; the working tree has it back, and one enum value fewer.
    expect(codes).toEqual(["response-enum-value-removed", "response-optional-property-added"]);
    expect(r.code).toBe(0);
  });

  it("exits 2 for an unknown revision or a path missing at that revision", async () => {
    const unknown = await diff(repo, "no-such-branch:api/openapi.yaml", "api/openapi.yaml");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown git revision: no-such-branch");
    const missing = await diff(repo, "HEAD~1:api/missing.yaml", "api/openapi.yaml");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("api/missing.yaml does not exist at HEAD~1");
  });
});

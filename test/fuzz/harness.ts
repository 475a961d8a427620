/**
 * Runs mutants through `contract check`, `contract gen` and `contract diff` (against their seed) in process (runCli, a temp `--out`) and
 * checks the invariants: exit 0 or 1 with diagnostics, never an internal error or a stack trace,
 * never a generator failure on a spec `check` accepts, nothing written outside `--out`; and, for a
 * sample of the generated outputs, one strict TypeScript program over all of them.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type CliIO, runCli } from "@contract/cli";
import ts from "typescript";
import { parse } from "yaml";
import { type Mutant, mutate } from "./mutate.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** Inside the repository (test/.out is ignored) so generated imports resolve @contract/runtime. */
export const fuzzRoot = join(repoRoot, "test/.out/fuzz");

/** The repository's own specs: the example, the client fixtures, the loader fixtures. */
export const SEEDS: Array<{ name: string; entry: string; folder?: string }> = [
  { name: "shop", entry: "examples/shop/openapi.yaml" },
  { name: "petstore", entry: "test/client/fixtures/petstore.yaml" },
  { name: "anchors", entry: "packages/core/test/fixtures/load/anchors.yaml" },
  { name: "multi", entry: "openapi.yaml", folder: "packages/core/test/fixtures/load/multi" },
];

/**
 * Failures already known and tracked elsewhere: counted as `known`, not as broken, so this test
 * reports only new findings. Empty: every failure the fuzzer found so far is fixed.
 */
export const KNOWN_FAILURES: RegExp[] = [];
export interface Outcome {
  seed: number;
  base: string;
  mutations: string[];
  check: number;
  gen: number;
  /** Invariants broken: empty when the run was fine. */
  problems: string[];
  /** The output folder, when gen wrote one. */
  out?: string;
  /** Diagnostic codes printed (for the tally). */
  codes: string[];
  /** The problems are all KNOWN_FAILURES. */
  known?: true;
}

const seedDocuments = new Map<string, unknown>();
function seedDocument(seed: (typeof SEEDS)[number]): unknown {
  let doc = seedDocuments.get(seed.name);
  if (doc === undefined) {
    const file = join(repoRoot, seed.folder ?? "", seed.entry);
    doc = parse(readFileSync(file, "utf8"), { merge: true });
    seedDocuments.set(seed.name, doc);
  }
  return doc;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

async function cli(argv: string[], cwd: string): Promise<{ code: number; text: string }> {
  let text = "";
  const io: CliIO = {
    cwd,
    color: false,
    stdout: (t) => {
      text += t;
    },
    stderr: (t) => {
      text += t;
    },
  };
  const code = await runCli(argv, io);
  return { code, text };
}

const STACK = /\n\s+at .+[:(]\d+:\d+\)?|Maximum call stack|internal error/;

export async function runMutant(seed: number, workDir: string): Promise<Outcome> {
  const base = SEEDS[seed % SEEDS.length]!;
  const mutant: Mutant = mutate(seedDocument(base), seed);
  const dir = join(workDir, String(seed));
  const specDir = join(dir, "spec");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(specDir, { recursive: true });
  if (base.folder) cpSync(join(repoRoot, base.folder), specDir, { recursive: true });
  const entry = join(specDir, base.entry.replace(/\.ya?ml$/, mutant.format === "json" ? ".json" : ".yaml"));
  mkdirSync(dirname(entry), { recursive: true });
  writeFileSync(entry, mutant.text);
  // A target a `$ref` leaving the folder would reach, were it followed.
  writeFileSync(join(dir, "outside.yaml"), "type: string\n");
  const before = new Set(listFiles(dir));
  const seedFiles = (f: string) => f.startsWith("seed/");
  const out = join(dir, "out");

  const problems: string[] = [];
  const check = await cli(["check", entry], dir);
  const gen = await cli(["gen", entry, "--out", out], dir);
  // diff against the seed it came from (its breaking-change rules walk the same schemas).
  const seedEntry = join(dir, "seed", base.entry);
  mkdirSync(dirname(seedEntry), { recursive: true });
  if (base.folder) cpSync(join(repoRoot, base.folder), join(dir, "seed"), { recursive: true });
  else cpSync(join(repoRoot, base.entry), seedEntry);
  const diff = await cli(["diff", seedEntry, entry], dir);
  for (const [name, result] of [
    ["check", check],
    ["gen", gen],
    ["diff", diff],
  ] as const) {
    if (result.code !== 0 && result.code !== 1) problems.push(`${name} exited ${result.code}`);
    const stack = STACK.exec(result.text);
    if (stack) problems.push(`${name} printed ${JSON.stringify(stack[0].trim())}`);
    if (
      name !== "diff" &&
      result.code === 1 &&
      !/ error /.test(result.text) &&
      !/not generated/.test(result.text)
    )
      problems.push(`${name} exited 1 without a diagnostic`);
  }
  if (check.code === 0 && /generator-failed/.test(gen.text))
    problems.push("gen: a generator failed on a spec check accepts");
  // `out-handlers/` is where `gen` scaffolds user-owned handler stubs by default: next to the output
  // folder, so cleaning the output keeps them. Everything else must stay inside `--out`.
  const outside = listFiles(dir).filter(
    (f) => !before.has(f) && !f.startsWith("out/") && !f.startsWith("out-handlers/") && !seedFiles(f),
  );
  if (outside.length > 0) problems.push(`written outside --out: ${outside.join(", ")}`);
  const known =
    problems.length > 0 &&
    problems.every((p) => p.startsWith("gen: a generator failed")) &&
    KNOWN_FAILURES.some((k) => k.test(gen.text));
  if (problems.length > 0)
    problems.push(`--- check:\n${check.text.slice(0, 3000)}\n--- gen:\n${gen.text.slice(0, 3000)}`);
  const codes = [...new Set([...check.text.matchAll(/ (?:error|warning) ([a-z0-9-]+) /g)].map((m) => m[1]!))];
  return {
    seed,
    base: base.name,
    mutations: mutant.mutations,
    check: check.code,
    gen: gen.code,
    problems,
    codes,
    ...(known ? { known: true as const } : {}),
    ...(gen.code === 0 ? { out } : {}),
  };
}

/** One strict program over the generated TypeScript of `outs`: the diagnostics, by output folder. */
export function typecheckOutputs(outs: readonly string[]): string[] {
  const roots: string[] = [];
  for (const out of outs)
    for (const file of listFiles(out))
      if (/\.ts$/.test(file) && !file.endsWith(".d.ts.map")) roots.push(join(out, file));
  const program = ts.createProgram(roots, {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: false,
    allowJs: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    customConditions: ["@contract/source"],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file?.fileName.includes("/packages/"))
    .map((d) => {
      const where = d.file
        ? `${relative(fuzzRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : "";
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

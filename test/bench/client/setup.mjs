/**
 * Shared setup of the client benchmarks: generated clients (ours from the built packages) written
 * under test/bench/.tmp so that they resolve @contract/runtime and the peers from this package.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { benchDir, repoRoot } from "../lib/paths.mjs";

export const PETSTORE = join(repoRoot, "test", "client", "fixtures", "petstore.yaml");
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** A fresh folder under test/bench/.tmp (git-ignored). */
export async function workDir(name) {
  const dir = join(benchDir, ".tmp", name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** types.ts + client.ts for `spec`, from the built @contract/core and @contract/codegen. */
export async function generateClient(spec, dir) {
  const { buildIR, loadSpec } = await import("@contract/core");
  const { renderClient, renderTypes } = await import("@contract/codegen");
  const document = (await loadSpec(spec)).document;
  const ir = buildIR(document);
  const types = renderTypes(document);
  await writeFile(join(dir, "types.ts"), types);
  await writeFile(join(dir, "client.ts"), renderClient({ ir, generatorVersion: "bench" }, {}));
  return { ir, types };
}

/** The benchmark server, pinned to CPU 0 when taskset exists (the client runs in this process). */
export function startServer() {
  const script = join(benchDir, "client", "server.mjs");
  const child = hasTaskset
    ? spawn("taskset", ["-c", "0", process.execPath, script], { stdio: ["ignore", "pipe", "inherit"] })
    : spawn(process.execPath, [script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const match = /ready (\d+)/.exec(out);
      if (match) resolve({ child, url: `http://127.0.0.1:${match[1]}` });
    });
    child.on("exit", (code) => reject(new Error(`client bench server exited ${code}`)));
  });
}

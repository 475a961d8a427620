/**
 * Where the receiver's CPU goes, function by function: `node webhooks/profile.mjs [deliveries] [server]`
 * (after `pnpm build`; server `contract` (default, validation on), `contractNoValidation`, `stages`
 * or `bare`).
 * Runs the webhooks-github server under the same load generator, profiles only the load (after a
 * warm-up) with V8's sampling profiler, and prints per delivery:
 * - each sample attributed to a stage by the innermost JavaScript function on its stack: HMAC
 *   (node:crypto), UTF-8 decoding, JSON.parse, validation (validators.js and the runtime's format
 *   checks), ours (@contract/runtime), else the node module (node:http, streams, events...), GC, native;
 * - the functions of @contract/runtime by self time (natives they call directly included);
 * - the 30 leaf functions with the most self time.
 * Profiling adds its own cost: compare shares, not absolute figures, with the benchmark's.
 */
import { fork, spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchDir } from "../lib/paths.mjs";
import { ask } from "../lib/servers.mjs";
import { generateValidators, githubDeliveries, SPEC } from "./github.mjs";

const COUNT = Number(process.argv[2] ?? 30_000);
const SERVER = process.argv[3] ?? "contract";
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

const pinned = (cpu, args, options) =>
  hasTaskset
    ? spawn("taskset", ["-c", String(cpu), process.execPath, ...args], options)
    : spawn(process.execPath, args, options);

const ARGS = {
  contract: (validators) => ["contract", validators, SPEC, "validate"],
  contractNoValidation: (validators) => ["contract", validators, SPEC, "novalidate"],
  bare: () => ["bare"],
  stages: (validators) => ["stages", validators, SPEC],
};

/**
 * The stage a sample belongs to, from its stack (leaf first). Natives (no URL) count for the JS
 * function that called them, so `writev` under `response.end()` is node:http's, not the caller's;
 * node internals count for node even when our code called them (the bare server calls them too).
 */
function stageOf(stack) {
  const leaf = stack[0];
  if (leaf.functionName === "(garbage collector)") return "GC";
  if (leaf.functionName === "(program)") return "native (program)";
  if (leaf.functionName === "(idle)") return "idle";
  const frame = stack.find((f) => f.url !== "");
  if (!frame) return `native: ${leaf.functionName}`;
  const { url, functionName } = frame;
  if (url.startsWith("node:internal/crypto")) return "HMAC (node:crypto)";
  if (url === "node:internal/encoding") return "UTF-8 decoding";
  if (url.endsWith("validators.js") || /\/runtime\/(dist|src)\/validation\//.test(url)) return "validation";
  // JSON.parse is a builtin: V8 books its time as the self time of the function calling it.
  if (frame === leaf && functionName === "parseJsonSafely") return "JSON.parse";
  if (url.includes("/runtime/")) return "ours";
  if (url.includes("/webhooks/servers.mjs")) return "benchmark server";
  return `node: ${url.replace(/^node:(internal\/)?/, "")}`;
}

/** The innermost frame of @contract/runtime on a stack booked as "ours". */
function oursOf(stack) {
  if (stageOf(stack) !== "ours") return undefined;
  const frame = stack.find((f) => f.url !== "");
  return `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/runtime\/(dist|src)\//, "")}:${frame.lineNumber + 1}`;
}

function analyse(profile, deliveries) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map();
  const stackOf = (id) => {
    let stack = stacks.get(id);
    if (!stack) {
      stack = [];
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at).callFrame;
        if (frame.functionName !== "(root)") stack.push(frame);
      }
      stacks.set(id, stack);
    }
    return stack;
  };
  const stages = new Map();
  const ours = new Map();
  const leaves = new Map();
  const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const stack = stackOf(profile.samples[i]);
    if (stack.length === 0) continue;
    add(stages, stageOf(stack), us);
    const own = oursOf(stack);
    if (own) add(ours, own, us);
    const leaf = stack[0];
    add(
      leaves,
      `${leaf.functionName || "(anonymous)"} ${leaf.url.replace(/^.*\/(packages|test)\//, "")}:${leaf.lineNumber + 1}`,
      us,
    );
  }
  const table = (map, limit = Number.POSITIVE_INFINITY) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([k, us]) => `  ${(us / deliveries).toFixed(2).padStart(7)} µs  ${k}`)
      .join("\n");
  const busy = [...stages].filter(([k]) => k !== "idle").reduce((s, [, v]) => s + v, 0);
  return [
    `${deliveries} deliveries profiled; ${(busy / deliveries).toFixed(1)} µs sampled CPU per delivery (idle excluded)`,
    "\nby stage:",
    table(new Map([...stages].filter(([k]) => k !== "idle"))),
    "\n@contract/runtime functions (self time):",
    table(ours, 40),
    "\nleaf functions (self time):",
    table(leaves, 30),
  ].join("\n");
}

const deliveries = await githubDeliveries();
const validators = SERVER === "bare" ? "none" : await generateValidators();
const scratch = await mkdtemp(join(tmpdir(), "receiver-profile-"));
const profileFile = join(scratch, "receiver.cpuprofile");
const server = pinned(0, [join(benchDir, "webhooks", "servers.mjs"), ...ARGS[SERVER](validators)], {
  cwd: benchDir,
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, CONTRACT_BENCH_PROFILE: profileFile },
});
const port = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const match = /ready (\d+)/.exec(out);
    if (match) resolve(Number(match[1]));
  });
  server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
});
const load = fork(join(benchDir, "webhooks", "load.mjs"), [], {
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
if (hasTaskset) spawnSync("taskset", ["-pc", "1", String(load.pid)]);
try {
  await ask(load, { type: "load", deliveries }, "loaded");
  // Warm-up: every validator runs and gets optimised before the profile starts.
  await ask(load, { type: "run", port, count: 6000, connections: 16 }, "done");
  await fetch(`http://127.0.0.1:${port}/__profile/start`);
  const result = await ask(load, { type: "run", port, count: COUNT, connections: 16 }, "done");
  await fetch(`http://127.0.0.1:${port}/__profile/stop`);
  if ((result.statuses[200] ?? 0) !== COUNT) throw new Error(`statuses ${JSON.stringify(result.statuses)}`);
  const profile = JSON.parse(await readFile(profileFile, "utf8"));
  process.stdout.write(`${SERVER} server, ${analyse(profile, COUNT)}\n`);
} finally {
  load.kill();
  server.removeAllListeners("exit");
  server.kill();
  await rm(scratch, { recursive: true, force: true });
}

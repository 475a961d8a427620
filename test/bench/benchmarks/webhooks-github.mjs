/**
 * Webhook deliveries per second through the node:http adapter: contract's receiver (signature +
 * routing + validation with the generated validators.js + dispatch) vs @octokit/webhooks'
 * createNodeMiddleware (signature + dispatch, no schema validation), on the same 327 real, signed
 * GitHub deliveries. Servers and the load generator are separate processes, pinned to different
 * cores when `taskset` exists. A bare node:http server that only reads the body shows the ceiling
 * of the load generator and node:http on this machine.
 *
 * Then a CPU split per delivery of the contract receiver (validation on): node:http (the bare
 * server's CPU per delivery), HMAC, decoding + JSON.parse and validation (timed in this process on
 * the same deliveries, `webhooks/stages.mjs`), and "ours", the rest: the receiver's own code.
 */
import { fork, spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { GITHUB_SECRET } from "@contract/test-fixtures";
import { benchDir, GITHUB_EXAMPLES, GITHUB_WEBHOOKS, repoRoot } from "../lib/paths.mjs";
import { ask, cpuMicros, whenReady } from "../lib/servers.mjs";
import { route } from "../validators/setup.mjs";
import { stageCosts } from "../webhooks/stages.mjs";

const COUNT = 6000;
const CONNECTIONS = 16;
const SPEC = GITHUB_WEBHOOKS;
const EXAMPLES = GITHUB_EXAMPLES;
const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

function pinned(cpu, command, args, options) {
  return hasTaskset
    ? spawn("taskset", ["-c", String(cpu), command, ...args], options)
    : spawn(command, args, options);
}

function startServer(args) {
  const child = pinned(0, process.execPath, [join(benchDir, "webhooks", "servers.mjs"), ...args], {
    cwd: benchDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return whenReady(child, `server ${args[0]}`);
}

/** The generated validators.js, written where it resolves @contract/runtime (test/.out is ignored). */
async function generateValidators() {
  const { buildIR, loadSpec } = await import("@contract/core");
  const { validatorsGenerator } = await import("@contract/codegen");
  const ir = buildIR((await loadSpec(SPEC)).document);
  const files = await validatorsGenerator.generate({ ir, generatorVersion: "bench" }, {});
  const folder = join(repoRoot, "test", ".out", "bench-webhooks");
  await mkdir(folder, { recursive: true });
  for (const file of files) await writeFile(join(folder, file.path), file.contents);
  return join(folder, "validators.js");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** µs of server CPU per delivery, from the median deliveries per server CPU second of a case. */
const micros = (state, server) => {
  const rates = state.rates[Object.keys(state.rates).find((name) => serverOf[name] === server)];
  return rates ? 1e6 / median(rates.cpu) : Number.NaN;
};
const serverOf = {};

function cpuSplit(state) {
  const http = micros(state, "bare");
  const { hmac, parse, validate } = state.stages;
  const row = (label, us) => `  ${us.toFixed(1).padStart(7)} µs  ${label}`;
  const split = (label, server, validated) => {
    const total = micros(state, server);
    const ours = total - http - hmac - parse - (validated ? validate : 0);
    return [
      `${label}: ${total.toFixed(1)} µs server CPU per delivery`,
      row("node:http (bare server reading the body and answering)", http),
      row("HMAC-SHA256 of the body (node:crypto)", hmac),
      row("UTF-8 decoding + JSON.parse", parse),
      ...(validated ? [row("validation (generated validators.js)", validate)] : []),
      row("ours: the rest (routing, drift, dedupe, dispatch, adapter)", ours),
    ].join("\n");
  };
  return `\nCPU per delivery (medians; stages timed in-process on the same deliveries):\n${split(
    "contract receiver, validation on",
    "contract",
    true,
  )}\n${split("contract receiver, drift off", "contractNoValidation", false)}\n`;
}

function loadCase(name, server, baseline = false) {
  serverOf[name] = server;
  return {
    name,
    baseline,
    async run(state) {
      const port = state.ports[server];
      const cpuBefore = await cpuMicros(port);
      const result = await ask(
        state.load,
        { type: "run", port, count: COUNT, connections: CONNECTIONS },
        "done",
      );
      const cpu = (await cpuMicros(port)) - cpuBefore;
      const ok = result.statuses[200] ?? 0;
      if (ok !== COUNT)
        throw new Error(`${server}: ${JSON.stringify(result.statuses)} instead of ${COUNT}× 200`);
      const entry = state.rates[name] ?? { wall: [], cpu: [] };
      entry.wall.push((COUNT / result.ms) * 1000);
      entry.cpu.push((COUNT / cpu) * 1e6);
      state.rates[name] = entry;
      // The table's CPU column then shows the server's CPU time, not the benchmark runner's.
      return { cpuMs: cpu / 1000 };
    },
  };
}

export default {
  name: "webhooks-github",
  title: `webhooks: ${COUNT} GitHub deliveries, ${CONNECTIONS} connections`,
  runs: 5,
  warmup: 1,
  async setup() {
    const examples = JSON.parse(await readFile(EXAMPLES, "utf8"));
    // The two repository_dispatch test payloads have no webhook in the spec: left out for both.
    const deliveries = examples
      .filter((group) => group.name !== "repository_dispatch")
      .flatMap((group) =>
        group.examples.map((payload) => {
          const body = JSON.stringify(payload);
          const signature = `sha256=${createHmac("sha256", GITHUB_SECRET).update(body).digest("hex")}`;
          return { event: group.name, action: payload.action, body, signature };
        }),
      );
    const validators = await generateValidators();
    const { validatorFor } = await import(pathToFileURL(validators).href);
    const names = Object.keys(JSON.parse(await readFile(SPEC, "utf8")).webhooks);
    const stages = stageCosts(
      deliveries.map((d) => ({ body: d.body, webhook: route(names, d.event, d.action) })),
      GITHUB_SECRET,
      validatorFor,
    );
    const servers = {
      contract: await startServer(["contract", validators, SPEC, "validate"]),
      contractNoValidation: await startServer(["contract", validators, SPEC, "novalidate"]),
      octokit: await startServer(["octokit"]),
      bare: await startServer(["bare"]),
    };
    const load = fork(join(benchDir, "webhooks", "load.mjs"), [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    if (hasTaskset) spawnSync("taskset", ["-pc", "1", String(load.pid)]);
    await ask(load, { type: "load", deliveries }, "loaded");
    const ports = Object.fromEntries(Object.entries(servers).map(([k, v]) => [k, v.port]));
    return { servers, load, ports, rates: {}, count: deliveries.length, stages };
  },
  cases: [
    loadCase("@octokit/webhooks createNodeMiddleware (verify + dispatch)", "octokit", true),
    loadCase("contract receiver, node adapter (verify + route + validate + dispatch)", "contract"),
    loadCase("contract receiver, drift off (verify + route + dispatch)", "contractNoValidation"),
    loadCase("bare node:http reading the body (ceiling)", "bare"),
  ],
  async teardown(state) {
    const lines = Object.entries(state.rates).map(
      ([name, r]) =>
        `  ${String(Math.round(median(r.wall))).padStart(6)} /s wall  ${String(Math.round(median(r.cpu))).padStart(6)} /server CPU-s  ${name}`,
    );
    process.stderr.write(
      `\n${state.count} distinct payloads; medians, deliveries per:\n${lines.join("\n")}\n`,
    );
    process.stderr.write(cpuSplit(state));
    state.load.kill();
    for (const { child } of Object.values(state.servers)) {
      child.removeAllListeners("exit");
      child.kill();
    }
  },
};

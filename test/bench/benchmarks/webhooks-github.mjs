/**
 * Webhook deliveries per second through the node:http adapter: contract's receiver (signature +
 * routing + validation with the generated validators.js + dispatch) vs @octokit/webhooks'
 * createNodeMiddleware (signature + dispatch, no schema validation), on the same 327 real, signed
 * GitHub deliveries. Servers and the load generator are separate processes, pinned to different
 * cores when `taskset` exists. A bare node:http server that only reads the body shows the ceiling
 * of the load generator and node:http on this machine.
 *
 * Then a CPU split per delivery of the contract receiver (validation on), every part measured the
 * same way (server CPU per delivery under the same load): node:http (the bare server), the stages a
 * receiver cannot avoid (a server doing only HMAC, decoding + JSON.parse and validation on top of the
 * bare one, split by timing each stage in this process, `webhooks/stages.mjs`), and "ours", the
 * receiver minus that stages server: the receiver's own code. Where the receiver's CPU goes function
 * by function: `node webhooks/profile.mjs`.
 */
import { fork, spawn, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir } from "../lib/paths.mjs";
import { ask, cpuMicros, whenReady } from "../lib/servers.mjs";
import { route } from "../validators/setup.mjs";
import { generateValidators, githubDeliveries, SECRET, SPEC } from "../webhooks/github.mjs";
import { stageCosts } from "../webhooks/stages.mjs";

const COUNT = 6000;
const CONNECTIONS = 16;
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

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** µs of server CPU per delivery of each timed round of a server's case (the warm-up round is not recorded). */
const perRound = (state, server) => {
  const rates = state.rates[Object.keys(state.rates).find((name) => serverOf[name] === server)];
  return rates ? rates.cpu.map((rate) => 1e6 / rate) : [];
};
const serverOf = {};
/** The median over rounds of `server` minus `reference`: cases run interleaved, so each round pairs them under the same load. */
const pairedMicros = (state, server, reference) => {
  const a = perRound(state, server);
  const b = perRound(state, reference);
  return a.length && a.length === b.length ? median(a.map((us, i) => us - (b[i] ?? 0))) : Number.NaN;
};
const micros = (state, server) => {
  const rounds = perRound(state, server);
  return rounds.length ? median(rounds) : Number.NaN;
};

function cpuSplit(state) {
  const http = micros(state, "bare");
  const { hmac, parse, validate } = state.stages;
  const row = (label, us) => `  ${us.toFixed(1).padStart(7)} µs  ${label}`;
  const split = (label, server, reference, validated) => {
    const total = micros(state, server);
    const inProcess = hmac + parse + (validated ? validate : 0);
    return [
      `${label}: ${total.toFixed(1)} µs`,
      row("node:http (bare server: reads the body, answers)", http),
      row(
        `HMAC + UTF-8 decoding + JSON.parse${validated ? " + validation" : ""} (stages server minus bare)`,
        pairedMicros(state, reference, "bare"),
      ),
      row("  of which timed in-process: HMAC-SHA256 (node:crypto)", hmac),
      row("  of which timed in-process: UTF-8 decoding + JSON.parse", parse),
      ...(validated
        ? [row("  of which timed in-process: validation (generated validators.js)", validate)]
        : []),
      row(
        "  of which the same stages cost more inside a server than in a loop",
        pairedMicros(state, reference, "bare") - inProcess,
      ),
      row(
        "ours: receiver minus stages server (routing, drift, dedupe, dispatch, adapter)",
        pairedMicros(state, server, reference),
      ),
    ].join("\n");
  };
  return [
    "",
    "CPU per delivery (server CPU per delivery under the same load; differences are medians over rounds of",
    "the paired per-round differences, as the cases of a round run back to back):",
    split("contract receiver, validation on", "contract", "stages", true),
    split("contract receiver, drift off", "contractNoValidation", "stagesNoValidation", false),
    "",
  ].join("\n");
}

function loadCase(name, server, baseline = false) {
  serverOf[name] = server;
  return {
    name,
    baseline,
    async run(state, round) {
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
      if (!round?.warmup) {
        const entry = state.rates[name] ?? { wall: [], cpu: [] };
        entry.wall.push((COUNT / result.ms) * 1000);
        entry.cpu.push((COUNT / cpu) * 1e6);
        state.rates[name] = entry;
      }
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
    const deliveries = await githubDeliveries();
    const validators = await generateValidators();
    const { validatorFor } = await import(pathToFileURL(validators).href);
    const names = Object.keys(JSON.parse(await readFile(SPEC, "utf8")).webhooks);
    const stages = stageCosts(
      deliveries.map((d) => ({ body: d.body, webhook: route(names, d.event, d.action) })),
      SECRET,
      validatorFor,
    );
    const servers = {
      contract: await startServer(["contract", validators, SPEC, "validate"]),
      contractNoValidation: await startServer(["contract", validators, SPEC, "novalidate"]),
      octokit: await startServer(["octokit"]),
      bare: await startServer(["bare"]),
      stages: await startServer(["stages", validators, SPEC, "validate"]),
      stagesNoValidation: await startServer(["stages", validators, SPEC, "novalidate"]),
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
    loadCase("stages only: bare + HMAC + JSON.parse + validate (reference)", "stages"),
    loadCase("stages only: bare + HMAC + JSON.parse (reference, drift off)", "stagesNoValidation"),
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

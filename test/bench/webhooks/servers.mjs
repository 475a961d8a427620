/**
 * One webhook server per process (the load generator runs in another), started by the benchmark:
 *   node servers.mjs contract <validators.js> <spec.json> [validate|novalidate]
 *   node servers.mjs octokit
 *   node servers.mjs bare
 *   node servers.mjs stages <validators.js> <spec.json> [validate|novalidate]
 * Prints `ready <port>` once listening on 127.0.0.1; `GET /__cpu` answers the process's CPU time.
 * With CONTRACT_BENCH_PROFILE=<file>, `GET /__profile/start` starts V8's CPU profiler and
 * `GET /__profile/stop` writes the profile to that file (`webhooks/profile.mjs`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { GITHUB_SECRET } from "@contract/test-fixtures";
import { listenWithCpuTime, webhooksOf } from "../lib/servers.mjs";
import { receiverListener, stagesListener } from "./listeners.mjs";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The listener arguments of `contract` and `stages`: validators.js ("none": no validators), spec, mode. */
async function listenerInputs(validatorsPath, specPath, mode) {
  const { validatorFor, validatorForWithoutFormats } =
    validatorsPath === "none" ? {} : await import(pathToFileURL(validatorsPath).href);
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  return { validatorFor, validatorForWithoutFormats, spec, validating: mode !== "novalidate" };
}

async function octokitListener() {
  const { Webhooks, createNodeMiddleware } = await import("@octokit/webhooks");
  const webhooks = new Webhooks({ secret: GITHUB_SECRET, log: quiet });
  let handled = 0;
  webhooks.onAny(() => void handled++);
  const middleware = createNodeMiddleware(webhooks, { path: "/", log: quiet });
  return (req, res) => middleware(req, res);
}

/** Reads the body and answers 200: the ceiling the load generator and node:http allow. */
function bareListener() {
  return (req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (chunks.length !== 1) Buffer.concat(chunks);
      res.writeHead(200, { "content-type": "application/json", "content-length": 2 });
      res.end("{}");
    });
  };
}

const counts = { validPayloads: 0 };

const [kind, ...rest] = process.argv.slice(2);
const listener =
  kind === "contract"
    ? await listenerInputs(...rest).then(({ spec, ...inputs }) =>
        // CONTRACT_BENCH_RUNTIME=<dir>: another build of @contract/runtime (e.g. an older commit's).
        receiverListener({
          ...inputs,
          webhooks: webhooksOf(spec),
          runtimeDir: process.env.CONTRACT_BENCH_RUNTIME,
        }),
      )
    : kind === "octokit"
      ? await octokitListener()
      : kind === "stages"
        ? await listenerInputs(...rest).then(({ spec, validatorFor, validating }) =>
            stagesListener({ validatorFor, names: new Set(Object.keys(spec.webhooks)), validating, counts }),
          )
        : bareListener();
const profiling = process.env.CONTRACT_BENCH_PROFILE !== undefined;
listenWithCpuTime(listener, {
  cpuReport: () => ({ validPayloads: counts.validPayloads }),
  routes: profiling
    ? { "/__profile/start": () => profile("start"), "/__profile/stop": () => profile("stop") }
    : {},
});

let session;
/** V8's sampling profiler through the inspector, so only the load (not start-up) is profiled. */
async function profile(command) {
  const { Session } = await import("node:inspector");
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  if (command === "start") {
    session = new Session();
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 100 });
    await post("Profiler.start");
    return;
  }
  const { profile: result } = await post("Profiler.stop");
  writeFileSync(process.env.CONTRACT_BENCH_PROFILE, JSON.stringify(result));
  session.disconnect();
}
process.on("SIGINT", () => process.exit(0));

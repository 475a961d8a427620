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
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";
import { listenWithCpuTime, loadRuntime, webhooksOf } from "../lib/servers.mjs";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function contractListener(validatorsPath, specPath, mode) {
  // CONTRACT_BENCH_RUNTIME=<dir>: another build of @contract/runtime (e.g. an older commit's).
  const runtimeDir = process.env.CONTRACT_BENCH_RUNTIME;
  const { createReceiver } = await loadRuntime("webhooks", runtimeDir);
  const { toNodeListener } = await loadRuntime("node", runtimeDir);
  const { validatorFor, validatorForWithoutFormats } =
    validatorsPath === "none" ? {} : await import(pathToFileURL(validatorsPath).href);
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  const webhooks = webhooksOf(spec);
  let handled = 0;
  const handlers = Object.fromEntries(webhooks.map((w) => [w.name, () => void handled++]));
  const receiver = createReceiver(
    {
      webhooks,
      validators: validatorFor,
      validatorsWithoutFormats: validatorForWithoutFormats,
      signature: "github",
      route: GITHUB_ROUTE,
    },
    {
      secret: GITHUB_SECRET,
      handlers,
      drift: mode === "novalidate" ? "off" : "report",
      onError() {},
      onValidationError() {},
    },
  );
  return toNodeListener(receiver);
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
      Buffer.concat(chunks);
      res.writeHead(200, { "content-type": "application/json", "content-length": 2 });
      res.end("{}");
    });
  };
}

/**
 * The stages a receiver cannot avoid and nothing else, written directly: the bare server plus
 * HMAC-SHA256 of the body compared in constant time, UTF-8 decoding + JSON.parse, and validation with
 * the generated validator (looked up once per event and action). Its CPU per delivery, measured like
 * the receiver's, is what the receiver's own code is measured against.
 */
let validPayloads = 0;
async function stagesListener(validatorsPath, specPath, mode) {
  const validating = mode !== "novalidate";
  const { createHmac, createSecretKey, timingSafeEqual } = await import("node:crypto");
  const { validatorFor } = await import(pathToFileURL(validatorsPath).href);
  const names = new Set(Object.keys(JSON.parse(readFileSync(specPath, "utf8")).webhooks));
  const key = createSecretKey(Buffer.from(GITHUB_SECRET));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const validators = new Map();
  const validatorOf = (event, action) => {
    const id = `${event}:${action}`;
    let validator = validators.get(id);
    if (validator === undefined) {
      const base = event.replace(/_/g, "-");
      const exact = typeof action === "string" ? `${base}-${action.replace(/_/g, "-")}` : base;
      const name = names.has(exact) ? exact : [...names].find((n) => n.startsWith(`${base}-`));
      validator = validatorFor(`webhook:${name}:application/json`);
      validators.set(id, validator);
    }
    return validator;
  };

  return (req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const mac = createHmac("sha256", key).update(body).digest();
      const signature = Buffer.from(req.headers["x-hub-signature-256"].slice(7), "hex");
      if (signature.length !== mac.length || !timingSafeEqual(mac, signature)) {
        res.writeHead(401).end();
        return;
      }
      const payload = JSON.parse(decoder.decode(body));
      if (validating && validatorOf(req.headers["x-github-event"], payload.action).validate(payload).ok)
        validPayloads++;
      res.writeHead(200, { "content-type": "application/json", "content-length": 2 });
      res.end("{}");
    });
  };
}

const [kind, ...rest] = process.argv.slice(2);
const listener =
  kind === "contract"
    ? await contractListener(...rest)
    : kind === "octokit"
      ? await octokitListener()
      : kind === "stages"
        ? await stagesListener(...rest)
        : bareListener();
const profiling = process.env.CONTRACT_BENCH_PROFILE !== undefined;
listenWithCpuTime(listener, {
  cpuReport: () => ({ validPayloads }),
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

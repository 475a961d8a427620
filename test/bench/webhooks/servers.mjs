/**
 * One webhook server per process (the load generator runs in another), started by the benchmark:
 *   node servers.mjs contract <validators.js> <spec.json> [validate|novalidate]
 *   node servers.mjs octokit
 *   node servers.mjs bare
 * Prints `ready <port>` once listening on 127.0.0.1; `GET /__cpu` answers the process's CPU time.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { GITHUB_ROUTE, GITHUB_SECRET } from "@contract/test-fixtures";
import { listenWithCpuTime, webhooksOf } from "../lib/servers.mjs";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function contractListener(validatorsPath, specPath, mode) {
  const { createReceiver } = await import("@contract/runtime/webhooks");
  const { toNodeListener } = await import("@contract/runtime/node");
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

const [kind, ...rest] = process.argv.slice(2);
const listener =
  kind === "contract"
    ? await contractListener(...rest)
    : kind === "octokit"
      ? await octokitListener()
      : bareListener();
listenWithCpuTime(listener);
process.on("SIGINT", () => process.exit(0));

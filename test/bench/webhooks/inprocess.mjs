/**
 * The receiver's own CPU per delivery without HTTP, repeatable on a loaded machine:
 *   node webhooks/inprocess.mjs paired [validate|novalidate] [rounds]
 *   node webhooks/inprocess.mjs split [validate|novalidate] [rounds]
 *   node webhooks/inprocess.mjs <contract|stages|read|hmac|parse> [validate|novalidate] [deliveries]
 * Both listeners are the webhooks-github servers' (`servers.mjs`): the contract receiver through its
 * node:http adapter, and the stages written directly (HMAC, UTF-8 decoding + JSON.parse, validation).
 * Each gets the same 327 signed GitHub deliveries, a fresh X-GitHub-Delivery id per request, through
 * a minimal stand-in for node:http's request and response (so node:http's own cost is left out of
 * both), and `contract` minus `stages` is the receiver's own code, adapter included.
 * - `paired`: rounds of both, interleaved in one process; prints the median of the paired
 *   differences of CPU per delivery. CONTRACT_BENCH_BEFORE=<dir>: a third listener, the receiver
 *   of another build of @contract/runtime (e.g. an older commit's), paired with both.
 * - `split`: `paired` plus the stages listeners that stop after reading the body (`read`), after the
 *   HMAC (`hmac`) and after JSON.parse (`parse`): each stage's cost is the median of the paired
 *   differences between the listener that stops after it and the one before, so the receiver's CPU
 *   per delivery splits into body read, HMAC, decoding + JSON.parse, validation and ours.
 * - `contract` / `stages` / `read` / `hmac` / `parse`: one listener, `deliveries` deliveries after a warm-up, then exits. Under
 *   callgrind, counting only the measured loop (it runs from a `vm` script):
 *     valgrind --tool=callgrind --smc-check=all-non-file --collect-atstart=no \
 *       --toggle-collect='node::contextify::ContextifyScript::RunInContext*' \
 *       node --min-semi-space-size=16 --max-semi-space-size=16 webhooks/inprocess.mjs contract novalidate 3270
 *   the instructions collected over `deliveries` are instructions per delivery, unaffected by other
 *   load. The fixed semi-space keeps the number of scavenges, and with it the count, from varying
 *   between runs of the same build; with `validate`, add `--single-threaded` (no concurrent
 *   compilation, so the validators are optimised at the same points in every run).
 * CONTRACT_BENCH_RUNTIME=<dir>: the contract listener from another build, as in `servers.mjs`;
 * CONTRACT_BENCH_VALIDATORS=<validators.js>: skip generating the validators (slow under valgrind).
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { webhooksOf } from "../lib/servers.mjs";
import { generateValidators, githubDeliveries, SPEC } from "./github.mjs";
import { receiverListener, STAGES, stagesListener } from "./listeners.mjs";

const [kind = "paired", mode = "validate", countArg] = process.argv.slice(2);
const WARMUP_ROUNDS = 30;

/** What the adapters read of an IncomingMessage, with the body handed over by `deliver`. */
class Request {
  constructor(headers, url) {
    this.method = "POST";
    this.url = url;
    this.headers = headers;
    this.socket = {};
    this.readableEnded = false;
    this.onData = undefined;
    this.onEnd = undefined;
  }
  on(event, listener) {
    if (event === "data") this.onData = listener;
    else if (event === "end") this.onEnd = listener;
    return this;
  }
  off() {
    return this;
  }
}

let answered = 0;
const counts = { validPayloads: 0 };
/** What the adapters call on a ServerResponse. */
class Response {
  constructor() {
    this.headersSent = false;
    this.statusCode = 0;
  }
  writeHead(status) {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }
  end() {
    if (this.statusCode === 200) answered++;
  }
  once() {
    return this;
  }
}

let sequence = 0;
function deliver(listener, d) {
  const request = new Request(
    {
      host: "127.0.0.1",
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": d.event,
      "x-hub-signature-256": d.signature,
      "content-length": d.length,
      "x-github-delivery": `bench-${sequence++}`,
    },
    "/",
  );
  listener(request, new Response());
  request.onData(d.bytes);
  request.onEnd();
}

const validating = mode !== "novalidate";
const deliveries = (await githubDeliveries()).map((d) => ({
  ...d,
  bytes: Buffer.from(d.body),
  length: String(Buffer.byteLength(d.body)),
}));
// CONTRACT_BENCH_VALIDATORS=<validators.js>: skip generating them again (slow under valgrind).
const validatorsPath = process.env.CONTRACT_BENCH_VALIDATORS ?? (await generateValidators());
const { validatorFor, validatorForWithoutFormats } = await import(pathToFileURL(validatorsPath).href);
const spec = JSON.parse(readFileSync(SPEC, "utf8"));
const contractOf = (runtimeDir) =>
  receiverListener({
    runtimeDir,
    validatorFor,
    validatorForWithoutFormats,
    webhooks: webhooksOf(spec),
    validating,
  });
const listeners = {
  contract: await contractOf(process.env.CONTRACT_BENCH_RUNTIME),
  ...(process.env.CONTRACT_BENCH_BEFORE
    ? { before: await contractOf(process.env.CONTRACT_BENCH_BEFORE) }
    : {}),
  stages: await stagesOf(undefined),
};
// The stages listeners that stop earlier (`split`, or one of them by name): each stage's cost is
// the paired difference between the listener that stops after it and the one that stops before.
const stagesMode = validating ? "validate" : "parse";
const earlier = STAGES.slice(0, STAGES.indexOf(stagesMode));
const listenersOnlyForSplit = kind === "split" ? earlier : earlier.filter((stage) => stage === kind);
for (const stage of listenersOnlyForSplit) listeners[stage] = await stagesOf(stage);

function stagesOf(through) {
  return stagesListener({
    validatorFor,
    names: new Set(Object.keys(spec.webhooks)),
    validating,
    counts,
    through,
  });
}

function round(listener) {
  for (const d of deliveries) deliver(listener, d);
}

/** µs of CPU per delivery over `rounds` rounds. */
function cpuPerDelivery(listener, rounds) {
  const before = process.cpuUsage();
  for (let r = 0; r < rounds; r++) round(listener);
  const { user, system } = process.cpuUsage(before);
  return (user + system) / (rounds * deliveries.length);
}

if (kind === "paired" || kind === "split") {
  // Interleaved rounds: each round's differences are taken under the same load.
  const names = Object.keys(listeners);
  for (let r = 0; r < WARMUP_ROUNDS; r++) for (const name of names) round(listeners[name]);
  const rounds = Number(countArg ?? 15);
  const perRound = Object.fromEntries(names.map((name) => [name, []]));
  // Which listener runs first in a round changes from round to round: with validation on, the first
  // one after another's validators measurably pays for it.
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length];
      perRound[name].push(cpuPerDelivery(listeners[name], 3));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const paired = (a, b) => median(perRound[a].map((us, i) => us - perRound[b][i]));
  const fixed = (us) => us.toFixed(2);
  const lines = [
    `${mode}, µs of CPU per delivery (medians of ${rounds} interleaved rounds):`,
    ...names.map((name) => `  ${name.padEnd(8)} ${fixed(median(perRound[name]))}`),
    `  ours = contract − stages (paired): ${fixed(paired("contract", "stages"))}`,
  ];
  if (kind === "split") {
    // Stage by stage along the chain read → hmac → parse (→ validate), then ours on top.
    const chain = [...earlier, "stages"];
    const parse = "UTF-8 decoding + JSON.parse";
    const label = { hmac: "HMAC-SHA256 + compare", parse, stages: validating ? "validation" : parse };
    lines.push(`  split (paired): body read + answer on the stand-in ${fixed(median(perRound.read))}`);
    for (let i = 1; i < chain.length; i++)
      lines.push(`  ${label[chain[i]]}: ${fixed(paired(chain[i], chain[i - 1]))}`);
  }
  if (listeners.before) {
    lines.push(
      `  ours before = before − stages (paired): ${fixed(paired("before", "stages"))}`,
      `  contract − before (paired): ${fixed(paired("contract", "before"))}`,
    );
  }
  console.log(lines.join("\n"));
} else {
  const listener = listeners[kind];
  if (!listener) throw new Error(`unknown listener ${kind}`);
  const count = Number(countArg ?? 10_000);
  for (let r = 0; r < WARMUP_ROUNDS; r++) round(listener);
  // Run from a vm script, so that callgrind can count only this loop:
  // --collect-atstart=no --toggle-collect='node::contextify::ContextifyScript::RunInContext*'
  globalThis.measuredDeliveries = () => {
    for (let i = 0; i < count; i++) deliver(listener, deliveries[i % deliveries.length]);
  };
  new Script("measuredDeliveries()").runInThisContext();
}
if (answered === 0) throw new Error("no delivery was answered 200");
// Keeps the validation results observable so that no stage can be optimised away.
if (counts.validPayloads < 0) console.error(counts.validPayloads);

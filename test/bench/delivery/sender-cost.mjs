/**
 * The webhook sender's own CPU per delivery:
 *   node delivery/sender-cost.mjs [rounds] [runtime build dir]
 * `createWebhookSender(...).send` of a signed `order.paid` (Standard Webhooks, no retries) to the
 * bare node:http server (`webhooks/servers.mjs bare`, its own process), 16 sends in flight; prints
 * this process's CPU µs per delivery (user + system) per round and case: the current build on
 * Node's default path (node:http, connections checked at connect time), the current build given
 * the global `fetch`, and, with the second argument, another build of @contract/runtime (a folder
 * holding its `dist`, e.g. an older commit's). Cases run in turns, order rotated each round, after
 * an untimed warm-up round: on a shared machine only the paired ratios mean much.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as current from "@contract/runtime/sender";
import { benchDir } from "../lib/paths.mjs";
import { whenReady } from "../lib/servers.mjs";

const COUNT = 3000;
const IN_FLIGHT = 16;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const rounds = Number(process.argv[2] ?? 5);
const otherDir = process.argv[3];
const other = otherDir
  ? await import(pathToFileURL(resolve(otherDir, "dist", "sender", "index.js")).href)
  : undefined;

const { child, port } = await whenReady(
  spawn(process.execPath, [join(benchDir, "webhooks", "servers.mjs"), "bare"], {
    cwd: benchDir,
    stdio: ["ignore", "pipe", "inherit"],
  }),
  "bare server",
);
const definition = {
  webhooks: [{ name: "order.paid", methods: ["post"], mediaTypes: ["application/json"] }],
};
const options = {
  secret: SECRET,
  endpoints: `http://127.0.0.1:${port}/`,
  allowPrivateTargets: true,
  validate: false,
  retry: false,
};
const cases = {
  "node:http (current)": current.createWebhookSender(definition, options),
  "fetch (current)": current.createWebhookSender(definition, { ...options, fetch: globalThis.fetch }),
  ...(other ? { [`fetch (${otherDir})`]: other.createWebhookSender(definition, options) } : {}),
};

async function run(sender) {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      const result = await sender.send("order.paid", { type: "order.paid", id: `ord_${i}`, amount: i });
      if (!result.ok) failed++;
    }
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(before);
  if (failed > 0) throw new Error(`${failed} sends failed`);
  return (used.user + used.system) / COUNT;
}

const names = Object.keys(cases);
const figures = Object.fromEntries(names.map((name) => [name, []]));
for (const name of names) await run(cases[name]); // warm-up
for (let round = 0; round < rounds; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) figures[name].push(await run(cases[name]));
  console.log(
    `round ${round + 1}: ${names.map((n) => `${n} ${figures[n].at(-1).toFixed(0)} µs`).join(", ")}`,
  );
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(figures[names[1]]);
for (const name of names) {
  const m = median(figures[name]);
  console.log(
    `${name}: median ${m.toFixed(0)} µs CPU per delivery (${(m / base).toFixed(2)}× fetch, current)`,
  );
}
child.kill();

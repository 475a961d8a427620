/**
 * `pnpm eval:link-suggestions`: link suggestions on GitHub's description (@octokit/openapi: the REST
 * API with its `x-webhooks`, one 12 MB document). Prints how many suggestions there are, by kind of
 * match, then every distinct suggestion (payload object → operation and parameters; webhook names
 * left out, so the 200-odd webhooks carrying a `repository` count once) with how many webhooks
 * share it, for review by hand. `--json <file>` also writes them all. Needs `pnpm build`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadSpec, suggestLinks } from "@contract/core";
import { fixture, GITHUB } from "@contract/test-fixtures";

const args = process.argv.slice(2).filter((a) => a !== "--");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;

const started = performance.now();
const loaded = await loadSpec(fixture(GITHUB.rest));
const loadedAt = performance.now();
const suggestions = suggestLinks(loaded.document, { locate: loaded.locate });
const doneAt = performance.now();

const webhooks = new Set(suggestions.map((s) => s.webhook));
const byMatch = {};
for (const s of suggestions) byMatch[s.match] = (byMatch[s.match] ?? 0) + 1;
console.log(`GitHub REST + x-webhooks: ${Object.keys(loaded.document.webhooks ?? {}).length} webhooks`);
console.log(`load ${Math.round(loadedAt - started)} ms, suggest ${Math.round(doneAt - loadedAt)} ms`);
console.log(
  `${suggestions.length} suggestions on ${webhooks.size} webhooks; by match: ${JSON.stringify(byMatch)}`,
);

const distinct = new Map();
for (const s of suggestions) {
  const params = s.parameters.map((p) => `${p.name}=${p.path.join(".")}`).join(" ");
  const key = `${s.payloadPointer} → GET ${s.target.path}  ${params}  [${s.match}]`;
  distinct.set(key, (distinct.get(key) ?? 0) + 1);
}
console.log(`${distinct.size} distinct (payload object, operation, parameters):`);
for (const [key, count] of [...distinct].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
  console.log(`${String(count).padStart(4)}  ${key}`);

// Against real deliveries (@octokit/webhooks-examples): does every parameter expression of a
// suggestion read a value (a string or a number) from the payloads of that webhook? It checks the
// paths, not the meaning: a right path can be absent (an optional `template_repository`).
const examples = JSON.parse(readFileSync(fixture(GITHUB.examples), "utf8"));
const payloadsByWebhook = new Map();
for (const event of examples)
  for (const payload of event.examples) {
    const name = `${event.name}${typeof payload.action === "string" ? `-${payload.action}` : ""}`.replace(
      /_/g,
      "-",
    );
    if (!payloadsByWebhook.has(name)) payloadsByWebhook.set(name, []);
    payloadsByWebhook.get(name).push(payload);
  }
const read = (payload, path) =>
  path.reduce((node, key) => (node === null || typeof node !== "object" ? undefined : node[key]), payload);
let pairs = 0;
let resolved = 0;
let topPairs = 0;
let topResolved = 0;
const missing = new Map();
for (const s of suggestions)
  for (const payload of payloadsByWebhook.get(s.webhook) ?? []) {
    pairs++;
    const absent = s.parameters.filter((p) => !["string", "number"].includes(typeof read(payload, p.path)));
    if (absent.length === 0) resolved++;
    // Objects right under the payload root (`issue`, `pull_request`): what the event is about.
    const top = s.payloadPointer.split("/").length === 2;
    if (top) topPairs++;
    if (top && absent.length === 0) topResolved++;
    else for (const p of absent) missing.set(p.path.join("."), (missing.get(p.path.join(".")) ?? 0) + 1);
  }
console.log(
  `\nagainst ${[...payloadsByWebhook.values()].flat().length} example deliveries: ${pairs} (suggestion, delivery) pairs, every parameter read in ${resolved}`,
);
console.log(`for objects right under the root: ${topPairs} pairs, every parameter read in ${topResolved}`);
for (const [path, count] of [...missing].sort((a, b) => b[1] - a[1]))
  console.log(`${String(count).padStart(4)}  absent: ${path}`);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(suggestions, null, 2)}\n`);

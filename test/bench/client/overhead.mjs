/**
 * Per-call cost measured as CPU time of the calling process (robust on a shared, loaded machine,
 * where wall times mostly measure the neighbours), interleaved rounds, medians:
 *   - against the local server (`server`), and
 *   - with a stub fetch that returns a ready Response (`stub`): the library's own overhead only.
 * Run: node test/bench/client/overhead.mjs  (after `pnpm build`).
 */
import createFetchClient from "openapi-fetch";
import { loadOurClient } from "./calls.mjs";
import { startServer } from "./setup.mjs";

const CALLS = 2000;
const ROUNDS = 9;
const body = JSON.stringify([{ id: 1, name: "Rex", species: "dog", tags: ["good"] }]);
const stubFetch = async () => new Response(body, { headers: { "content-type": "application/json" } });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(call) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await call();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / CALLS, wall: ((performance.now() - started) * 1000) / CALLS };
}

const createClient = await loadOurClient();
const server = await startServer();
const query = { limit: 5, tags: ["a", "b"] };
const cases = {
  "server: openapi-fetch": (() => {
    const c = createFetchClient({ baseUrl: server.url });
    return async () => (await c.GET("/pets", { params: { query } })).data;
  })(),
  "server: contract": (() => {
    const c = createClient({ baseUrl: server.url });
    return async () => (await c.listPets({ query })).data;
  })(),
  "server: raw fetch": async () =>
    (
      await fetch(`${server.url}/pets?limit=5&tags=a&tags=b`, { headers: { accept: "application/json" } })
    ).json(),
  "stub: openapi-fetch": (() => {
    const c = createFetchClient({ baseUrl: "http://stub", fetch: stubFetch });
    return async () => (await c.GET("/pets", { params: { query } })).data;
  })(),
  "stub: contract": (() => {
    const c = createClient({ baseUrl: "http://stub", fetch: stubFetch });
    return async () => (await c.listPets({ query })).data;
  })(),
  "stub: raw (Response.json only)": async () => (await stubFetch()).json(),
};

const results = Object.fromEntries(Object.keys(cases).map((k) => [k, { cpu: [], wall: [] }]));
const names = Object.keys(cases);
for (const name of names) await measure(cases[name]); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length];
    const r = await measure(cases[name]);
    results[name].cpu.push(r.cpu);
    results[name].wall.push(r.wall);
  }
  process.stderr.write(".");
}
server.child.kill();
console.log(`\n| case | CPU µs/call (median of ${ROUNDS}×${CALLS}) | wall µs/call |`);
console.log("|---|---:|---:|");
for (const name of names) {
  console.log(
    `| ${name} | ${median(results[name].cpu).toFixed(1)} | ${median(results[name].wall).toFixed(1)} |`,
  );
}

/**
 * Per-call overhead against a local server: the generated client, openapi-fetch and raw fetch make the
 * same request (`GET /pets?limit=5&tags=a&tags=b`, JSON response parsed), `concurrency` at a time.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import createFetchClient from "openapi-fetch";
import { generateClient, PETSTORE, startServer, workDir } from "./setup.mjs";

const CALLS = 2000;

export async function loadOurClient() {
  const dir = await workDir("client-calls");
  await generateClient(PETSTORE, dir);
  // Bundled like an application would ship it; the runtime comes from its built dist.
  await build({
    entryPoints: [join(dir, "client.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: join(dir, "client.mjs"),
    logLevel: "silent",
  });
  return (await import(pathToFileURL(join(dir, "client.mjs")).href)).createClient;
}

async function drive(concurrency, call) {
  let next = 0;
  const worker = async () => {
    while (next < CALLS) {
      next++;
      const result = await call();
      if (!result) throw new Error("empty result");
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export function callsBenchmark(name, concurrency) {
  return {
    name,
    title: `${CALLS} GET calls, ${concurrency} in flight`,
    runs: 7,
    async setup() {
      const [server, createClient] = await Promise.all([startServer(), loadOurClient()]);
      const ours = createClient({ baseUrl: server.url });
      const theirs = createFetchClient({ baseUrl: server.url });
      return { server, ours, theirs };
    },
    cases: [
      {
        name: "openapi-fetch 0.17",
        baseline: true,
        run: ({ theirs }) =>
          drive(
            concurrency,
            async () =>
              (await theirs.GET("/pets", { params: { query: { limit: 5, tags: ["a", "b"] } } })).data,
          ),
      },
      {
        name: "contract client",
        run: ({ ours }) =>
          drive(
            concurrency,
            async () => (await ours.listPets({ query: { limit: 5, tags: ["a", "b"] } })).data,
          ),
      },
      {
        name: "raw fetch",
        run: ({ server }) =>
          drive(concurrency, async () => {
            const response = await fetch(`${server.url}/pets?limit=5&tags=a&tags=b`, {
              headers: { accept: "application/json" },
            });
            return response.json();
          }),
      },
    ],
    async teardown({ server }) {
      server.child.kill();
    },
  };
}

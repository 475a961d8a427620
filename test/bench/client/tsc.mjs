/**
 * Type-check cost of a one-call consumer of the GitHub REST client: `tsc --noEmit` (strict) for the
 * generated client, for openapi-typescript + openapi-fetch, and for hey-api's SDK. Setup generates all
 * three under test/bench/.tmp and prints tsc's own counters (types, instantiations) once per case.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GITHUB_REST, repoRoot } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";
import { generateClient, workDir } from "./setup.mjs";

const TSC = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

const tsconfig = (files) =>
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      module: "ESNext",
      moduleResolution: "Bundler",
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
    files,
  });

const consumers = {
  contract: `import { createClient } from "./client";
const client = createClient({ auth: { } });
export async function run() {
  const result = await client.reposGet({ path: { owner: "octokit", repo: "rest.js" } });
  return result.ok ? result.data.full_name : undefined;
}
`,
  "openapi-fetch": `import createClient from "openapi-fetch";
import type { paths } from "./types";
const client = createClient<paths>({ baseUrl: "https://api.github.com" });
export async function run() {
  const result = await client.GET("/repos/{owner}/{repo}", { params: { path: { owner: "octokit", repo: "rest.js" } } });
  return result.data ? result.data.full_name : undefined;
}
`,
  "hey-api": `import { reposGet } from "./hey/sdk.gen";
export async function run() {
  const result = await reposGet({ path: { owner: "octokit", repo: "rest.js" } });
  return result.data ? result.data.full_name : undefined;
}
`,
};

async function prepare() {
  const dir = await workDir("client-tsc");
  const { types } = await generateClient(GITHUB_REST, dir);
  void types;
  const { createClient } = await import("@hey-api/openapi-ts");
  await createClient({
    input: GITHUB_REST,
    output: { path: join(dir, "hey") },
    plugins: ["@hey-api/typescript", "@hey-api/sdk", "@hey-api/client-fetch"],
    logs: { level: "silent" },
  });
  for (const [name, source] of Object.entries(consumers)) {
    const file = `consumer-${name}.ts`;
    await writeFile(join(dir, file), source);
    await writeFile(join(dir, `tsconfig.${name}.json`), tsconfig([file]));
  }
  return dir;
}

const check = (dir, name, extra = []) =>
  runNode(TSC, ["-p", join(dir, `tsconfig.${name}.json`), ...extra], { cwd: dir });

export default {
  name: "client-tsc-github",
  title: "tsc --noEmit, one-call consumer of the GitHub REST client",
  runs: 3,
  async setup() {
    const dir = await prepare();
    for (const name of Object.keys(consumers)) {
      const { stdout } = await check(dir, name, ["--extendedDiagnostics"]);
      const pick = (label) => new RegExp(`${label}:\\s+(\\S+)`).exec(stdout)?.[1] ?? "?";
      process.stderr.write(
        `\n  ${name}: files ${pick("Files")}, types ${pick("Types")}, instantiations ${pick("Instantiations")}, check ${pick("Check time")}, total ${pick("Total time")}`,
      );
    }
    process.stderr.write("\n");
    return { dir };
  },
  cases: [
    {
      name: "openapi-typescript + openapi-fetch",
      baseline: true,
      run: ({ dir }) => check(dir, "openapi-fetch"),
    },
    { name: "contract client", run: ({ dir }) => check(dir, "contract") },
    { name: "hey-api sdk + client-fetch", run: ({ dir }) => check(dir, "hey-api") },
  ],
};

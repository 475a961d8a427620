/**
 * `contract gen` with only the types generator vs the `openapi-typescript` CLI on GitHub's REST API.
 * Both read, validate and write the file; each run starts from an empty output folder (not timed).
 * contract validates with the official OpenAPI schema + its rules, openapi-typescript with Redocly.
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeGithubConfig } from "../lib/github-config.mjs";
import { binOf, CONTRACT_BIN, GITHUB_REST } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "gen-types-github",
  title: "gen types.ts: GitHub REST (12 MB)",
  runs: 5,
  async setup({ scratch }) {
    const config = await writeGithubConfig(scratch, { out: "contract-out", generators: { types: true } });
    return { scratch, config };
  },
  cases: [
    {
      name: "contract gen (types)",
      before: ({ scratch }) => rm(join(scratch, "contract-out"), { recursive: true, force: true }),
      run: ({ scratch, config }) => runNode(CONTRACT_BIN, ["gen", "--config", config], { cwd: scratch }),
    },
    {
      name: "openapi-typescript CLI",
      baseline: true,
      before: async ({ scratch }) => {
        await rm(join(scratch, "ot-out"), { recursive: true, force: true });
        await mkdir(join(scratch, "ot-out"));
      },
      run: ({ scratch }) =>
        runNode(binOf("openapi-typescript"), [GITHUB_REST, "-o", join(scratch, "ot-out", "types.ts")], {
          cwd: scratch,
        }),
    },
  ],
};

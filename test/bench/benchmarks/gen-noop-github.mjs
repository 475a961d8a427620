/**
 * `contract gen` run again with nothing changed vs a full `contract gen`, on GitHub's REST description
 * (12 MB, 1,223 operations, 270 webhooks) with every default generator. The no-op run hashes the
 * spec and checks the outputs against the manifest, and loads nothing; the full run (`--force`)
 * loads, validates, normalizes and generates everything, writing nothing since the bytes are the same.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CONTRACT_BIN, GITHUB_REST } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "gen-noop-github",
  title: "gen again, nothing changed: GitHub REST + webhooks (12 MB)",
  runs: 3,
  async setup({ scratch }) {
    const config = join(scratch, "contract.config.json");
    const contract = {
      name: "github",
      spec: GITHUB_REST,
      out: "out",
      validate: { skip: ["path-template-ambiguous"] },
    };
    await writeFile(config, JSON.stringify({ contracts: [contract] }));
    await runNode(CONTRACT_BIN, ["gen", "--config", config], { cwd: scratch });
    return { scratch, config };
  },
  cases: [
    {
      name: "contract gen (nothing changed)",
      run: ({ scratch, config }) => runNode(CONTRACT_BIN, ["gen", "--config", config], { cwd: scratch }),
    },
    {
      name: "contract gen --force (full)",
      baseline: true,
      run: ({ scratch, config }) =>
        runNode(CONTRACT_BIN, ["gen", "--force", "--config", config], { cwd: scratch }),
    },
  ],
};

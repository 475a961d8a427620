import { writeGithubConfig } from "../lib/github-config.mjs";
import { CONTRACT_BIN } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "gen-noop-github",
  title: "gen again, nothing changed: GitHub REST + webhooks (12 MB)",
  runs: 3,
  async setup({ scratch }) {
    const config = await writeGithubConfig(scratch, { name: "github", out: "out" });
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

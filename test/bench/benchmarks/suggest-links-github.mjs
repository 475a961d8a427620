/** What `--suggest-links` adds to `contract check` on GitHub's REST description (270 x-webhooks). */
import { CONTRACT_BIN, GITHUB_REST } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "suggest-links-github",
  title: "check --suggest-links: GitHub REST (12 MB)",
  runs: 3,
  cases: [
    // exit 1 = findings: the check still ran in full
    {
      name: "contract check",
      baseline: true,
      run: () => runNode(CONTRACT_BIN, ["check", GITHUB_REST, "--format", "json"], { okCodes: [0, 1] }),
    },
    {
      name: "contract check --suggest-links",
      run: () =>
        runNode(CONTRACT_BIN, ["check", GITHUB_REST, "--format", "json", "--suggest-links"], {
          okCodes: [0, 1],
        }),
    },
  ],
};

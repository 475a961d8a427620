/**
 * `contract check` vs `redocly lint` on GitHub's REST API and webhooks as one OpenAPI 3.1 document
 * (1,223 operations, 261 webhooks, 969 schemas; built from the two pinned descriptions by
 * lib/github-combined.mjs).
 */
import { githubCombined } from "../lib/github-combined.mjs";
import { binOf, CONTRACT_BIN } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "check-github-combined",
  title: "check: GitHub REST + webhooks, one 3.1 document (13 MB)",
  runs: 5,
  async setup() {
    return { spec: await githubCombined() };
  },
  cases: [
    // exit 1 = findings: both tools still did the whole job
    {
      name: "contract check",
      run: (s) => runNode(CONTRACT_BIN, ["check", s.spec], { okCodes: [0, 1] }),
    },
    {
      name: "redocly lint",
      baseline: true,
      run: (s) => runNode(binOf("@redocly/cli", "redocly"), ["lint", s.spec], { okCodes: [0, 1] }),
    },
  ],
};

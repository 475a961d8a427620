/** `contract check` vs `redocly lint` on GitHub's REST API description (12 MB JSON, OpenAPI 3.0.3). */
import { binOf, CONTRACT_BIN, GITHUB_REST } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "check-github",
  title: "check: GitHub REST (12 MB)",
  runs: 5,
  cases: [
    // exit 1 = findings: both tools still did the whole job
    { name: "contract check", run: () => runNode(CONTRACT_BIN, ["check", GITHUB_REST], { okCodes: [0, 1] }) },
    {
      name: "redocly lint",
      baseline: true,
      run: () => runNode(binOf("@redocly/cli", "redocly"), ["lint", GITHUB_REST], { okCodes: [0, 1] }),
    },
  ],
};

/**
 * `contract diff` on GitHub's REST API description (12 MB JSON, OpenAPI 3.0.3) against a copy with
 * a handful of edits (an operation removed, a required parameter added, a response property
 * removed, an enum value added, a type changed). The in-process case isolates the comparison itself
 * from loading two 12 MB documents and from Node startup.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { diffSpecs, loadSpec } from "@contract/core";
import { CONTRACT_BIN, GITHUB_REST } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

/** A few edits of the kinds a real pull request makes, at places every run finds the same way. */
function edit(doc) {
  delete doc.paths["/gists/{gist_id}/star"].delete;
  doc.paths["/repos/{owner}/{repo}/issues"].get.parameters.push({
    name: "contract_bench",
    in: "query",
    required: true,
    schema: { type: "string" },
  });
  const user = doc.components.schemas["simple-user"];
  delete user.properties.gravatar_id;
  user.required = user.required.filter((name) => name !== "gravatar_id");
  doc.components.schemas.issue.properties.state_reason.enum.push("contract_bench");
  doc.components.schemas.repository.properties.forks_count.type = "string";
  return doc;
}

export default {
  name: "diff-github",
  title: "diff: GitHub REST (12 MB) vs edited copy",
  runs: 5,
  async setup({ scratch }) {
    const head = join(scratch, "github-edited.json");
    await writeFile(head, JSON.stringify(edit(JSON.parse(await readFile(GITHUB_REST, "utf8")))));
    const [baseSpec, headSpec] = await Promise.all([loadSpec(GITHUB_REST), loadSpec(head)]);
    return { head, baseSpec, headSpec };
  },
  cases: [
    {
      name: "contract diff (process, edited copy)",
      baseline: true,
      // exit 1: the edits include breaking changes
      run: ({ head }) => runNode(CONTRACT_BIN, ["diff", GITHUB_REST, head], { okCodes: [1] }),
    },
    {
      name: "contract diff (process, identical)",
      run: () => runNode(CONTRACT_BIN, ["diff", GITHUB_REST, GITHUB_REST], { okCodes: [0] }),
    },
    {
      name: "diffSpecs only (in-process, loaded specs)",
      run: ({ baseSpec, headSpec }) => {
        const { counts } = diffSpecs(baseSpec, headSpec);
        if (counts.breaking === 0) throw new Error("the edits should be breaking");
      },
    },
  ],
};

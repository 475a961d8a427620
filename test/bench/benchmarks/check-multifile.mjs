/** `contract check` vs `redocly lint` on a generated spec of ~2,000 YAML/JSON files with cross-file refs. */
import { join } from "node:path";
import { writeMultiFileSpec } from "../../../packages/core/test/support/multi-file-spec.mjs";
import { binOf, CONTRACT_BIN } from "../lib/paths.mjs";
import { runNode } from "../lib/process.mjs";

export default {
  name: "check-multifile",
  title: "check: 2,000-file spec",
  runs: 5,
  async setup({ scratch }) {
    const spec = await writeMultiFileSpec(join(scratch, "spec"), { files: 2000 });
    return { entry: spec.entry, files: spec.files };
  },
  cases: [
    {
      name: "contract check",
      run: ({ entry }) => runNode(CONTRACT_BIN, ["check", entry], { okCodes: [0, 1] }),
    },
    {
      name: "redocly lint",
      baseline: true,
      run: ({ entry }) => runNode(binOf("@redocly/cli", "redocly"), ["lint", entry], { okCodes: [0, 1] }),
    },
  ],
};

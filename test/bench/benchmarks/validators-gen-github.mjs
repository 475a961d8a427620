/**
 * Generating validators for GitHub's webhooks description (261 webhooks, 3.1): contract's
 * validators generator (every component, payload and header validator, hash-consed) vs naive ajv
 * standalone with one validator per webhook payload (baseline). Output sizes go to stderr.
 */

import { renderValidators, renderValidatorsAsync } from "@contract/codegen";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import { loadGithub } from "../validators/setup.mjs";

function naive(document) {
  const ajv = new Ajv2020({ strict: false, logger: false, code: { source: true, esm: true } });
  addFormatsModule.default(ajv);
  ajv.addSchema({ ...document, $id: "https://example.test/github.json" });
  const exports = {};
  for (const name of Object.keys(document.webhooks)) {
    const id = `w${Object.keys(exports).length}`;
    ajv.addSchema(
      {
        $ref: `https://example.test/github.json#/webhooks/${name}/post/requestBody/content/application~1json/schema`,
      },
      id,
    );
    exports[id] = id;
  }
  return standaloneModule.default(ajv, exports);
}

export default {
  name: "validators-gen-github",
  title: "generate validators: GitHub webhooks",
  runs: 3,
  async setup() {
    const { document, ir } = await loadGithub();
    const ours = renderValidators(ir);
    const readable = renderValidators(ir, { minify: false });
    console.error(
      `validators-gen-github: contract validators.js ${ours.js.length} bytes (${ours.roots.length} validators), ` +
        `${readable.js.length} bytes with minify: false; ` +
        `naive ajv standalone ${naive(document).length} bytes (${Object.keys(document.webhooks).length} validators)`,
    );
    return { document, ir };
  },
  cases: [
    {
      name: "contract validators generator",
      run: async ({ ir }) => (await renderValidatorsAsync(ir)).js.length,
    },
    {
      name: "naive ajv standalone, one per webhook",
      baseline: true,
      run: ({ document }) => naive(document).length,
    },
  ],
};

/**
 * contract's validators generator on GitHub's full REST description (12 MB, 3.0.3 upgraded by the
 * loader; 1,223 operations, 969 schemas): generation time, and in setup a check that the output
 * imports as ESM and builds every validator (this spec is too slow for the CI test suite).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renderValidators, renderValidatorsAsync } from "@contract/codegen";
import { buildIR, loadSpec } from "@contract/core";
import { GITHUB_REST } from "../lib/paths.mjs";
import { OUT } from "../validators/setup.mjs";

export default {
  name: "validators-gen-rest",
  title: "generate validators: GitHub REST",
  runs: 3,
  async setup() {
    const loaded = await loadSpec(GITHUB_REST);
    const ir = buildIR(loaded.document);
    const rendered = renderValidators(ir);
    const dir = join(OUT, "rest");
    await mkdir(dir, { recursive: true });
    const file = join(dir, "validators.js");
    await writeFile(file, rendered.js);
    const started = performance.now();
    const module = await import(pathToFileURL(file).href);
    const imported = performance.now() - started;
    let built = 0;
    for (const key of Object.keys(module.validators)) {
      if (typeof module.validatorFor(key).validate(null).ok === "boolean") built++;
    }
    console.error(
      `validators-gen-rest: ${rendered.js.length} bytes, ${rendered.roots.length} validators, ` +
        `import ${Math.round(imported)} ms, ${built} built and run`,
    );
    return { ir };
  },
  cases: [
    {
      name: "contract validators generator",
      run: async ({ ir }) => (await renderValidatorsAsync(ir)).js.length,
    },
  ],
};

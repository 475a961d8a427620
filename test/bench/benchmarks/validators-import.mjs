/**
 * Cold start of the generated validators.js for GitHub's webhooks description, each in a fresh
 * `node` process: importing the module, and importing it plus the first validation (which builds
 * the validator functions), against a process that imports nothing (baseline: Node startup).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runNode } from "../lib/process.mjs";
import { generatedValidators, loadGithub, OUT } from "../validators/setup.mjs";

export default {
  name: "validators-import",
  title: "cold import of validators.js (GitHub webhooks)",
  runs: 7,
  async setup() {
    const { ir } = await loadGithub();
    const { file, bytes } = await generatedValidators(ir, "import");
    console.error(`validators-import: validators.js is ${bytes} bytes`);
    const dir = join(OUT, "import");
    await mkdir(dir, { recursive: true });
    const scripts = {
      empty: join(dir, "empty.mjs"),
      importOnly: join(dir, "import-only.mjs"),
      importAndValidate: join(dir, "import-validate.mjs"),
    };
    await writeFile(scripts.empty, "");
    await writeFile(scripts.importOnly, `await import(${JSON.stringify(`./${file.split("/").pop()}`)});\n`);
    await writeFile(
      scripts.importAndValidate,
      `const { validatorFor } = await import("./validators.js");\n` +
        `if (validatorFor("webhook:issues-opened:application/json")({}) !== false) process.exit(1);\n`,
    );
    return { scripts, dir };
  },
  cases: [
    { name: "import validators.js", run: (s) => runNode(s.scripts.importOnly, [], { cwd: s.dir }) },
    {
      name: "import + first validation",
      run: (s) => runNode(s.scripts.importAndValidate, [], { cwd: s.dir }),
    },
    {
      name: "node, nothing imported",
      baseline: true,
      run: (s) => runNode(s.scripts.empty, [], { cwd: s.dir }),
    },
  ],
};

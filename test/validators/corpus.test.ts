/**
 * Validators for every real spec of the test fixtures: generated together with types.ts, imported as
 * real ESM (every validator built and run once), and compiled under strict tsc with a consumer
 * that uses them as type guards and typed lookups. One TypeScript program holds all specs.
 * GitHub's full REST description runs in the validators-gen-rest benchmark (too slow for CI).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateContract, writeFiles } from "@contract/codegen";
import { loadSpec } from "@contract/core";
import type { Validator } from "@contract/runtime/validation";
import { fixture, realSpecs } from "@contract/test-fixtures";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { importFresh, outRoot } from "./helpers.js";

interface ValidatorsModule {
  validators: Record<string, Validator>;
  validatorFor: (key: string) => Validator | undefined;
  validatorsWithoutFormats: Record<string, Validator>;
}

/** A consumer of one contract's validators: guards narrow, lookups are typed, unknown keys are optional. */
function consumer(firstKey: string | undefined): string {
  const typed =
    firstKey === undefined
      ? ""
      : `const typed = validatorFor(${JSON.stringify(firstKey)});
if (typed(input)) {
  const narrowed: Parameters<typeof typed.assert>[0] = input;
  void narrowed;
}
const viaMap: Validators[${JSON.stringify(firstKey)}] = validators[${JSON.stringify(firstKey)}];
const result = viaMap.validate(input);
if (!result.ok) void result.errors[0]?.pointer;
`;
  return `import { type Validators, validatorFor, validators, validatorsWithoutFormats } from "./validators.js";
declare const input: unknown;
${typed}
const any = validatorFor("not:a:key");
// @ts-expect-error the lookup of an unknown key may be undefined
any.validate(input);
void validatorsWithoutFormats;
`;
}

describe("validators for every real spec of the test fixtures", () => {
  it("generate, load as ESM, and compile under strict tsc", { timeout: 900_000 }, async () => {
    // GitHub's full REST description (12 MB, 1,223 operations) is exercised by the
    // validators-gen-rest benchmark instead: generating it takes most of a minute.
    const specs = realSpecs().filter((spec) => !spec.includes("octokit-openapi-23."));
    const roots: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const files = await generateContract(await loadSpec(fixture(spec)), {
        generators: { types: true, validators: true },
      });
      const folder = join(outRoot, "corpus", String(i));
      await writeFiles(folder, files);
      const module = await importFresh<ValidatorsModule>(join(folder, "validators.js"));
      const keys = Object.keys(module.validators);
      for (const key of keys) {
        const validator = module.validatorFor(key) as Validator;
        expect(typeof validator.validate(null).ok, `${spec} ${key}`).toBe("boolean");
        expect(module.validatorsWithoutFormats[key]?.validatorName).toBe(validator.validatorName);
      }
      // Not through writeFiles: a second write would retire the generated files it did not get.
      writeFileSync(join(folder, "consumer.ts"), consumer(keys[0]));
      roots.push(join(folder, "consumer.ts"));
    }
    const program = ts.createProgram(roots, {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: false,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      // The runtime from source: what a published build would declare.
      customConditions: ["@contract/source"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const file = d.file?.fileName ?? "";
      return `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics.slice(0, 20)).toEqual([]);
    expect(roots.every((root) => program.getSourceFile(root)?.statements.length)).toBe(true);
  });
});

/**
 * Differential test over the whole JSON-Schema-Test-Suite, draft 2020-12 (required and optional):
 * every schema compiled to standalone ESM by our pipeline (hash-consing every repeated subschema,
 * ESM rewrite, compacted error sites, runtime formats) must give the same verdict as ajv compiling
 * the original schema in-process with ajv-formats, on every test case. The suite's own expected
 * verdicts give the pass rate; what ajv itself gets wrong is listed, not hidden.
 */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { renderJsonSchemaModule } from "@contract/codegen";
import type { Validator } from "@contract/runtime/validation";
import { fixture } from "@contract/test-fixtures";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { addRemotes, importFresh, readJson, writeOut } from "./helpers.js";

const addFormats = addFormatsModule.default;

interface SuiteGroup {
  description: string;
  schema: unknown;
  tests: Array<{ description: string; data: unknown; valid: boolean }>;
}

const suiteDir = fixture("json-schema-test-suite/tests/draft2020-12");
const suiteFiles = [
  ...readdirSync(suiteDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(suiteDir, f)),
  ...readdirSync(join(suiteDir, "optional"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(suiteDir, "optional", f)),
  ...readdirSync(join(suiteDir, "optional/format")).map((f) => join(suiteDir, "optional/format", f)),
];

/** ajv as a user would run it in-process: same safety options, the ajv-formats plugin. */
function referenceAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, logger: false, ownProperties: true });
  addFormats(ajv);
  addRemotes(ajv);
  return ajv;
}

/** The verdict, or how validation blew up (ajv overflows the stack on some `$dynamicRef` cycles). */
function outcome(validate: (data: unknown) => boolean, data: unknown): boolean | string {
  try {
    return validate(data);
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

const label = (file: string): string => file.slice(suiteDir.length + 1);

describe("JSON-Schema-Test-Suite draft 2020-12: generated standalone code vs in-process ajv", () => {
  const totals = { cases: 0, agreeWithSuite: 0, uncompilable: 0 };
  const ajvMisses: string[] = [];

  for (const file of suiteFiles) {
    it(label(file), async () => {
      const groups = readJson<SuiteGroup[]>(file);
      const module = renderJsonSchemaModule(
        groups.map((g) => g.schema as boolean | Record<string, unknown>),
        { runtimeModule: "@contract/runtime/validation", minShareSize: 1, prepare: addRemotes },
      );
      const out = writeOut("suite", { [`${label(file).replace(/\//g, "__")}.js`]: module.code });
      const { validators } = await importFresh<{ validators: Array<Validator | null> }>(
        join(out, `${label(file).replace(/\//g, "__")}.js`),
      );
      groups.forEach((group, i) => {
        let reference: ((data: unknown) => boolean) | undefined;
        try {
          reference = referenceAjv().compile(group.schema as object);
        } catch {
          reference = undefined;
        }
        const generated = validators[i];
        // `enum: []` (legal, nothing is valid) is the one schema ajv refuses that the generator
        // compiles on purpose: it is held to the suite's verdicts instead of ajv's.
        if (!reference && generated && JSON.stringify(group.schema).includes('"enum":[]')) {
          for (const test of group.tests) {
            expect(outcome(generated, test.data), `${group.description} / ${test.description}`).toBe(
              test.valid,
            );
            totals.cases++;
            totals.agreeWithSuite++;
          }
          return;
        }
        // Whatever ajv cannot compile in-process, the generator must refuse too (and vice versa).
        expect(generated === null, `${group.description}: ${module.errors[i] ?? "compiled"}`).toBe(
          reference === undefined,
        );
        if (!reference || !generated) {
          totals.uncompilable++;
          ajvMisses.push(`${label(file)} / ${group.description}: ajv cannot compile (${module.errors[i]})`);
          return;
        }
        for (const test of group.tests) {
          const expected = outcome(reference, test.data);
          expect(outcome(generated, test.data), `${group.description} / ${test.description}`).toBe(expected);
          if (typeof expected === "boolean") expect(generated.validate(test.data).ok).toBe(expected);
          totals.cases++;
          if (expected === test.valid) totals.agreeWithSuite++;
          else ajvMisses.push(`${label(file)} / ${group.description} / ${test.description}`);
        }
      });
    });
  }

  it("reports the pass rate and what ajv does not support", () => {
    expect(totals.cases).toBeGreaterThan(1000);
    const rate = ((100 * totals.agreeWithSuite) / totals.cases).toFixed(2);
    console.log(
      `draft2020-12: ${totals.agreeWithSuite}/${totals.cases} cases as the suite expects (${rate}%), ` +
        `${totals.uncompilable} schemas ajv cannot compile; misses:\n  ${ajvMisses.join("\n  ")}`,
    );
    expect(basename(suiteDir)).toBe("draft2020-12");
  });
});

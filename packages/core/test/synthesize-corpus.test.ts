/**
 * Property test over real specs: for the component schemas of every OpenAPI document in the
 * test fixtures, the synthesized value must validate with ajv (2020-12, formats on) against its schema.
 * Two rates are printed with every failure: the generator alone (first seed) and the pipeline
 * `contract trigger` uses (`payloadFor` retrying derived seeds while ajv disagrees).
 *
 * GitHub's webhook specs hold ~430 schemas of ~10 KB payloads each, and ajv needs ~50 ms to compile
 * one; a fixed stride keeps this test to seconds. `CONTRACT_FULL_CORPUS=1` takes every schema of
 * every document (including the 12 MB REST description): that is how the figures in the notes were
 * measured.
 */
import { fixture, GITHUB, oasSchemaTests, realSpecs } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../src/load/index.js";
import { buildIR } from "../src/normalize/index.js";
import { createSchemaChecker, payloadFor, synthesize } from "../src/synthesize/index.js";

const full = process.env.CONTRACT_FULL_CORPUS === "1";
/** Keep every n-th schema of these (by document order); all others are taken whole. */
const STRIDE: Record<string, number> = {
  [GITHUB.webhooks]: 16,
  [GITHUB.webhooksPrevious]: 0,
  [GITHUB.rest]: 0,
};

/** Every OpenAPI document of the fixtures: the real descriptions and the OAI schema tests. */
const specNames = (): string[] =>
  [...realSpecs(), ...oasSchemaTests("pass"), ...oasSchemaTests("fail")].sort();

describe("synthesize over the component schemas of the fixtures", () => {
  it("produces values that ajv accepts", async () => {
    let total = 0;
    let firstTry = 0;
    let withRetries = 0;
    const failures: string[] = [];
    const uncompilable: string[] = [];
    for (const name of specNames()) {
      const file = fixture(name);
      const stride = full ? 1 : (STRIDE[name] ?? 1);
      if (stride === 0) continue;
      let spec: Awaited<ReturnType<typeof loadSpec>>;
      try {
        spec = await loadSpec(file);
      } catch {
        continue; // a document the loader refuses: nothing to synthesize for
      }
      const ir = buildIR(spec.document);
      const checker = createSchemaChecker(spec.document);
      const started = performance.now();
      for (const [index, schema] of ir.schemas.entries()) {
        if (index % stride !== 0) continue;
        let check: ReturnType<typeof checker>;
        try {
          check = checker(schema.pointer);
        } catch (error) {
          // A schema ajv cannot compile (dangling `$ref` in a deliberately broken document): no verdict.
          uncompilable.push(`${name} ${schema.pointer}: ${(error as Error).message}`);
          continue;
        }
        total++;
        const first = check(synthesize(schema.schema, spec.document, { seed: 1 }));
        if (first.length === 0) firstTry++;
        const media = { mediaType: "application/json", schema: schema.schema, pointer: "/x-none" };
        const retried = payloadFor(spec.document, media, {
          seed: 1,
          synthesizeOnly: true,
          check: (value) => check(value).map((p) => `${p.pointer} ${p.message}`),
        });
        if (retried.problems.length === 0) withRetries++;
        else failures.push(`${name} ${schema.pointer}: ${retried.problems[0]}`);
      }
      if (process.env.CONTRACT_TIMINGS) console.log(name, Math.round(performance.now() - started), "ms");
    }
    const pct = (n: number) => `${((n / total) * 100).toFixed(1)}%`;
    console.log(
      `component schemas: ${total}; valid on the first seed: ${firstTry} (${pct(firstTry)}); ` +
        `with retries: ${withRetries} (${pct(withRetries)}); ` +
        `not compilable by ajv: ${uncompilable.length}\n${[...failures, ...uncompilable].join("\n")}`,
    );
    expect(total).toBeGreaterThan(400);
    expect(firstTry / total).toBeGreaterThan(0.95);
    expect(withRetries / total).toBeGreaterThan(0.98);
  });
});

/**
 * Property-based fuzzing of load → check → gen → tsc on mutants of the repository's own specs (see
 * ./mutate.ts and ./harness.ts). Deterministic: mutant n is the same on every run.
 *
 * The default run covers FUZZ_SPECS=500 mutants (seeds FUZZ_SEED.. FUZZ_SEED+499) and type-checks
 * the output of every FUZZ_TSC_EVERY-th one that generates (one strict TypeScript program);
 * `scripts/fuzz.sh` runs a longer campaign.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzRoot, type Outcome, runMutant, typecheckOutputs } from "./harness.js";

const COUNT = Number(process.env.FUZZ_SPECS ?? 500);
const FIRST = Number(process.env.FUZZ_SEED ?? 1);
const TSC_EVERY = Number(process.env.FUZZ_TSC_EVERY ?? 8);
const work = join(fuzzRoot, `run-${process.pid}`);
/** Generous: a loaded machine runs a mutant in 0.1-0.3 s. */
const TIMEOUT = Math.max(600_000, COUNT * 1000);

afterAll(() => {
  if (!process.env.FUZZ_KEEP) rmSync(work, { recursive: true, force: true });
});

describe("fuzz: load → check → gen → tsc", () => {
  const outcomes: Outcome[] = [];

  it(`${COUNT} mutants: exit 0 or 1 with diagnostics, no internal error, nothing outside --out`, {
    timeout: TIMEOUT,
  }, async () => {
    mkdirSync(work, { recursive: true });
    for (let seed = FIRST; seed < FIRST + COUNT; seed++) outcomes.push(await runMutant(seed, work));
    const tally = {
      specs: outcomes.length,
      checkPassed: outcomes.filter((o) => o.check === 0).length,
      generated: outcomes.filter((o) => o.gen === 0).length,
      refused: outcomes.filter((o) => o.gen === 1).length,
      known: outcomes.filter((o) => o.known).length,
      broken: outcomes.filter((o) => o.problems.length > 0 && !o.known).length,
    };
    const codes = new Map<string, number>();
    for (const o of outcomes) for (const c of o.codes) codes.set(c, (codes.get(c) ?? 0) + 1);
    console.log(
      JSON.stringify(tally),
      JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1]))),
    );
    const broken = outcomes
      .filter((o) => o.problems.length > 0 && !o.known)
      .map((o) => `seed ${o.seed} (${o.base}: ${o.mutations.join("; ")}):\n${o.problems.join("\n")}`);
    if (process.env.FUZZ_VERBOSE) {
      for (const o of outcomes.filter((x) => x.problems.length > 0)) {
        const detail = o.problems.join("\n");
        const signature = /error generator-failed (.*)|printed (.*)|(written outside.*)|(exited \d.*)/.exec(
          detail,
        );
        console.log(
          `seed ${o.seed} ${o.base}: ${signature?.slice(1).find(Boolean) ?? o.problems[0]} | ${o.mutations.join("; ")}`,
        );
      }
    }
    expect(broken.slice(0, 5)).toEqual([]);
    expect(tally.generated).toBeGreaterThan(COUNT / 10);
  });

  it("a sample of the generated outputs compiles in one strict TypeScript program", {
    timeout: 600_000,
  }, () => {
    const sample = outcomes.filter((o) => o.out !== undefined).filter((_, i) => i % TSC_EVERY === 0);
    console.log(`tsc on ${sample.length} generated outputs`);
    expect(sample.length).toBeGreaterThan(0);
    const diagnostics = typecheckOutputs(sample.map((o) => o.out!));
    const bySeed = diagnostics.map((d) => {
      const seed = Number(/^run-\d+\/(\d+)\//.exec(d)?.[1]);
      const o = outcomes.find((x) => x.seed === seed);
      return `${d}\n  (${o?.base}: ${o?.mutations.join("; ")})`;
    });
    expect(bySeed.slice(0, 10)).toEqual([]);
  });
});

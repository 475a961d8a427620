/**
 * Test file order: the few files that take far longer than the rest start first, then Vitest's own
 * order (slowest first by the durations of the last run when it has them, else largest first).
 *
 * Why: a fresh checkout (CI) has no recorded durations, so Vitest orders by file size, and a small
 * file holding a long test (the fuzz run, the corpus compiles) would start last and keep one worker
 * busy alone at the end of the run.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Repository-relative paths, longest first (measured with `vitest run --reporter=json`). */
export const HEAVY_FILES: readonly string[] = [
  "test/fuzz/fuzz.test.ts",
  "test/validators/corpus.test.ts",
  "packages/codegen/test/webhooks-generator.test.ts",
  "packages/codegen/test/spec-classes.test.ts",
  "test/e2e/packed-install.test.ts",
  "packages/codegen/test/types-compile.test.ts",
  "test/client/client-corpus.test.ts",
  "packages/redis/test/multiprocess.test.ts",
  "test/verify/webhooks-listen.test.ts",
];

function heavyRank(spec: TestSpecification): number {
  const file = spec.moduleId.replaceAll("\\", "/");
  const rank = HEAVY_FILES.findIndex((heavy) => file.endsWith(`/${heavy}`));
  return rank === -1 ? HEAVY_FILES.length : rank;
}

export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files outside the list keep Vitest's order.
    return sorted.sort((a, b) => heavyRank(a) - heavyRank(b));
  }
}

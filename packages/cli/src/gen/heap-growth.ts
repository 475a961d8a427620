/**
 * How far V8 lets the heap grow past what the last full collection kept. Most of what `contract gen`
 * allocates on a large spec is garbage within a stage (the types transform's nodes, ajv's code
 * pieces), so the peak is set by how much garbage piles up between full collections. On Node 24
 * (V8 13) the default growth let `gen` on GitHub's 13 MB description peak at ~600 MB; a growth
 * factor of 1.5 brought it to ~470 MB at the same CPU time (runs alternated on 2 cores; see the
 * benchmarks' README). On Node 20 and 22 the default peaks at ~430 MB and the same factor cost 8%
 * more CPU there, so they keep V8's default.
 */
import { setFlagsFromString } from "node:v8";

/** Heap growth factor 1 + 50/100 between full collections (V8's `--heap-growing-percent`). */
export const HEAP_GROWING_PERCENT = 50;

const nodeMajor = (version: string) => Number(version.split(".")[0]);

/** Whether the generation's heap growth is limited on this Node version (see above). */
export function limitsHeapGrowth(nodeVersion: string = process.versions.node): boolean {
  return nodeMajor(nodeVersion) >= 24;
}

let applied = false;

/**
 * Sets the growth factor for the rest of the process, once, where limitsHeapGrowth says so. V8 reads
 * it each time it sets the next collection's limit, so it applies from the next full collection on.
 * Returns whether it is set.
 */
export function limitHeapGrowth(nodeVersion: string = process.versions.node): boolean {
  if (!applied && limitsHeapGrowth(nodeVersion)) {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    applied = true;
  }
  return applied;
}

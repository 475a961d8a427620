/** Checks that the entry's refs to itself resolve (the whole job when a spec is a single file). */
import { getAtPointer, joinPointer } from "../pointer.js";
import type { LocalRef } from "./crawl.js";

export interface BrokenRef {
  ref: string;
  target: string;
  /** Pointer of the `$ref` member. */
  pointer: string;
}

export function findBrokenLocalRefs(document: unknown, refs: readonly LocalRef[]): BrokenRef[] {
  const exists = new Map<string, boolean>();
  const broken: BrokenRef[] = [];
  for (const { ref, target, path } of refs) {
    let found = exists.get(target);
    if (found === undefined) {
      found = getAtPointer(document, target) !== undefined;
      exists.set(target, found);
    }
    if (!found) broken.push({ ref, target, pointer: joinPointer("", ...path, "$ref") });
  }
  return broken;
}

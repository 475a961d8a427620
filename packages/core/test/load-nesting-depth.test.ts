/**
 * JSON sources measure their nesting depth while parsing, so the nesting check skips its own walk
 * when the depth is within the limit. At and around the limit the outcome must be what the walk
 * (findTooDeep) says: the same refusal, at the same pointer.
 */
import { describe, expect, it } from "vitest";
import { findTooDeep, MAX_NESTING, NESTING_TOO_DEEP } from "../src/load/depth.js";
import { parseJsonSource } from "../src/load/json-source.js";
import { parseSource } from "../src/load/source.js";

/** A JSON text whose deepest container sits at `depth` (the root is 0), through objects or arrays. */
function nested(depth: number, via: "object" | "array"): string {
  const [open, close] = via === "object" ? ['{"a":', "}"] : ["[1,", "]"];
  return `{"openapi":"3.1.0","x":${open.repeat(depth - 1)}{}${close.repeat(depth - 1)}}`;
}

describe("nesting depth of JSON sources", () => {
  for (const via of ["object", "array"] as const) {
    for (const depth of [1, 2, MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1]) {
      it(`${via}s, deepest container at depth ${depth}: measured, and refused exactly when the walk says so`, () => {
        const text = nested(depth, via);
        const json = parseJsonSource("spec.json", text);
        if (!json.ok) throw new Error("valid JSON expected");
        expect(json.source.nestingDepth).toBe(depth);

        const walked = findTooDeep(JSON.parse(text), false);
        const result = parseSource("spec.json", text);
        if (walked === undefined) {
          expect(depth).toBeLessThan(MAX_NESTING);
          expect(result.ok).toBe(true);
        } else {
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
            [NESTING_TOO_DEEP, `/${walked.join("/")}`],
          ]);
        }
      });
    }
  }
});

import { describe, expect, it } from "vitest";
import { jsonLosses } from "../src/synthesize/json-losses.js";

describe("jsonLosses", () => {
  it("finds nothing in values JSON carries as they are", () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(jsonLosses({ a: [1, "x", true, null, { b: -0 }], bare, "we/ird~key": 2 })).toEqual([]);
    expect(jsonLosses("text")).toEqual([]);
  });

  it("says what JSON does instead, at each pointer", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    // biome-ignore lint/suspicious/noSparseArray: an empty slot is one of the cases
    const sparse = [1, , 3];
    expect(
      jsonLosses({
        n: Number.NEGATIVE_INFINITY,
        list: [undefined, () => 1],
        sparse,
        map: new Map([["a", 1]]),
        "a/b": Symbol("s"),
        cycle,
      }),
    ).toEqual([
      "/n: -Infinity is sent as null",
      "/list/0: undefined is sent as null",
      "/list/1: a function is sent as null",
      "/sparse/1: an empty slot is sent as null",
      "/map: a Map is sent as {}",
      "/a~1b: a symbol is left out",
      "/cycle/self: refers to a value that encloses it, which JSON cannot write",
    ]);
    expect(jsonLosses(Number.NaN)).toEqual(["/: NaN is sent as null"]);
  });
});

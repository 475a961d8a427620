/** The two ways to find a pointer in JSON text (path index, full index) agree with each other and with the text. */
import { readFile } from "node:fs/promises";
import { fixture } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";
import { JsonIndex } from "../src/load/json-index.js";
import { JsonPathIndex } from "../src/load/json-path-index.js";

function allPaths(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  out.push(path);
  if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) allPaths(child, [...path, key], out);
  }
  return out;
}

const tricky = `{
  "a\\"b": { "x": [1, {"y": "]}{"}, [], {}], "z": "q\\\\" },
  "c": [ [ [ "deep" ] ], -1.5e3, true, null ],
  "e\\u0301": {"": {"~/": "k"}},
  "last": {}
}`;

describe("JSON positions", () => {
  it.each([
    { name: "tricky text", text: tricky, every: 1 },
    { name: "tictactoe.json", file: "oai/examples/v3.1/tictactoe.json", every: 1 },
    { name: "listennotes.com.json (sampled)", file: "apis-guru/listennotes.com.json", every: 37 },
  ])("path index and full index agree on every node of $name", async ({ text, file, every }) => {
    const source = text ?? (await readFile(fixture(file ?? ""), "utf8"));
    const index = new JsonIndex(source);
    const paths = allPaths(JSON.parse(source)).filter((_, i) => i % every === 0);
    expect(paths.length).toBeGreaterThan(10);
    // One path index for all lookups, and ones asked in reverse and in scattered order: what a
    // lookup leaves indexed (members passed, where a container's scan stopped, a container entered
    // but not finished) must not change the next answer.
    const forward = new JsonPathIndex(source);
    const spansInOrder = (order: string[][]) => {
      const other = new JsonPathIndex(source);
      return new Map(order.map((path) => [path.join("\0"), other.span(path)] as const));
    };
    const backwardSpans = spansInOrder([...paths].reverse());
    const scatteredSpans = spansInOrder(paths.map((_, k) => paths[(k * 7919) % paths.length] ?? []));
    for (const path of paths) {
      const scanned = forward.span(path);
      expect(scanned, path.join("/")).toEqual(index.span(path));
      expect(backwardSpans.get(path.join("\0")), path.join("/")).toEqual(scanned);
      expect(scatteredSpans.get(path.join("\0")), path.join("/")).toEqual(scanned);
      // The span holds exactly the node: its value parses back to the parsed value.
      const slice = source.slice(scanned?.start, scanned?.end);
      const valueText =
        path.length > 0 && slice.startsWith('"') && /^"(?:[^"\\]|\\.)*"\s*:/.test(slice)
          ? slice.replace(/^"(?:[^"\\]|\\.)*"\s*:\s*/, "")
          : slice;
      let expected: unknown = JSON.parse(source);
      for (const key of path) expected = (expected as Record<string, unknown>)[key];
      expect(JSON.parse(valueText), path.join("/")).toEqual(expected);
    }
  });

  it.each([["nope"], ["c", "9"], ["c", "x"], ['a"b', "x", "0", "y", "z"], ["last", "k"]])(
    "both say undefined for the missing path %j",
    (...path) => {
      expect(new JsonPathIndex(tricky).span(path)).toBeUndefined();
      expect(new JsonIndex(tricky).span(path)).toBeUndefined();
    },
  );

  it("a path index says undefined for missing paths after scanning past them, and still finds the rest", () => {
    const index = new JsonPathIndex(tricky);
    expect(index.span(["last"])).toEqual(new JsonIndex(tricky).span(["last"]));
    expect(index.span(["nope"])).toBeUndefined();
    expect(index.span(["c", "9"])).toBeUndefined();
    expect(index.span(["c", "3"])).toEqual(new JsonIndex(tricky).span(["c", "3"]));
    expect(index.span(['a"b', "z"])).toEqual(new JsonIndex(tricky).span(['a"b', "z"]));
  });
});

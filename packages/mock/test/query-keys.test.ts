import { describe, expect, it } from "vitest";
import { matchQueryKeys, queryKeyMatcher } from "../src/query-keys.js";

/** Which keys of one path a request's query reaches, with the variables captured. */
function route(
  keys: Record<string, string | undefined>,
  queryText: string,
  path: Record<string, string> = {},
) {
  const matchers = new Map(
    Object.entries(keys).map(([name, query]) => [
      name,
      query === undefined ? undefined : queryKeyMatcher(query),
    ]),
  );
  return matchQueryKeys(
    Object.keys(keys).map((value) => ({ value, params: { ...path } })),
    (name) => matchers.get(name) ?? undefined,
    queryText,
  );
}

describe("matchQueryKeys", () => {
  it("the key whose pairs match the most comes first, a key without a query part last", () => {
    const keys = { all: undefined, list: "action=list", get: "action=get&id={id}" };
    expect(route(keys, "id=r1&action=get")).toEqual([
      { value: "get", params: { id: "r1" } },
      { value: "all", params: {} },
    ]);
    expect(route(keys, "action=list").map((m) => m.value)).toEqual(["list", "all"]);
    expect(route(keys, "action=delete").map((m) => m.value)).toEqual(["all"]);
  });

  it("compares fixed values decoded: %20 and + are both a space", () => {
    const keys = { search: "q=a%20b" };
    expect(route(keys, "q=a%20b").map((m) => m.value)).toEqual(["search"]);
    expect(route(keys, "q=a+b").map((m) => m.value)).toEqual(["search"]);
    expect(route(keys, "q=ab")).toEqual([]);
  });

  it("a name the key writes twice takes two values of the query, one each", () => {
    const keys = { both: "x={x}&x={y}" };
    expect(route(keys, "x=1&x=2")).toEqual([{ value: "both", params: { x: "1", y: "2" } }]);
    expect(route(keys, "x=1")).toEqual([]);
  });

  it("a variable the path part holds too must have the same value in the query", () => {
    const keys = { view: "view={id}" };
    expect(route(keys, "view=7", { id: "7" })).toEqual([{ value: "view", params: { id: "7" } }]);
    expect(route(keys, "view=8", { id: "7" })).toEqual([]);
  });
});

/**
 * The OpenAPI 3.1.1 style examples table (section "Style Examples"), every style × explode × value
 * kind, plus the location-specific forms (header, cookie) and percent-encoding rules.
 */
import { describe, expect, it } from "vitest";
import type { ParameterLocation, ParameterStyle } from "../src/client/serialize.js";
import { percentEncode, serializeParameter } from "../src/client/serialize.js";

const empty = "";
const string = "blue";
const array = ["blue", "black", "brown"];
const object = { R: 100, G: 200, B: 150 };

type Row = [
  style: ParameterStyle,
  explode: boolean,
  location: ParameterLocation,
  empty: string | null,
  string: string | null,
  array: string | null,
  object: string | null,
];

// Spec table; `null` marks the cells the spec lists as n/a.
const table: Row[] = [
  ["matrix", false, "path", ";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
  [
    "matrix",
    true,
    "path",
    ";color",
    ";color=blue",
    ";color=blue;color=black;color=brown",
    ";R=100;G=200;B=150",
  ],
  ["label", false, "path", ".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
  ["label", true, "path", ".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
  ["simple", false, "path", "", "blue", "blue,black,brown", "R,100,G,200,B,150"],
  ["simple", true, "path", "", "blue", "blue,black,brown", "R=100,G=200,B=150"],
  ["form", false, "query", "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
  ["form", true, "query", "color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
  [
    "spaceDelimited",
    false,
    "query",
    null,
    null,
    "color=blue%20black%20brown",
    "color=R%20100%20G%20200%20B%20150",
  ],
  ["pipeDelimited", false, "query", null, null, "color=blue|black|brown", "color=R|100|G|200|B|150"],
  ["deepObject", true, "query", null, null, null, "color[R]=100&color[G]=200&color[B]=150"],
  // Headers use simple style; the same cells as the path rows.
  ["simple", false, "header", "", "blue", "blue,black,brown", "R,100,G,200,B,150"],
  ["simple", true, "header", "", "blue", "blue,black,brown", "R=100,G=200,B=150"],
  // Cookies: form style, pairs separated as in a Cookie header.
  ["form", false, "cookie", "color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
  [
    "form",
    true,
    "cookie",
    "color=",
    "color=blue",
    "color=blue; color=black; color=brown",
    "R=100; G=200; B=150",
  ],
];

describe("OpenAPI style examples", () => {
  for (const [style, explode, location, ...cells] of table) {
    const values = [empty, string, array, object];
    const kinds = ["empty", "string", "array", "object"];
    cells.forEach((want, i) => {
      if (want === null) return;
      it(`${location} ${style} explode=${explode} ${kinds[i]} → ${JSON.stringify(want)}`, () => {
        expect(serializeParameter(location, "color", values[i], { style, explode })).toBe(want);
      });
    });
  }
});

describe("defaults per location", () => {
  it.each([
    ["path", array, "blue,black,brown"],
    ["query", array, "color=blue&color=black&color=brown"],
    ["header", object, "R,100,G,200,B,150"],
    ["cookie", array, "color=blue; color=black; color=brown"],
  ] as const)("%s", (location, value, want) => {
    expect(serializeParameter(location, "color", value, undefined)).toBe(want);
  });

  it("leaves absent parameters out", () => {
    expect(serializeParameter("query", "color", undefined, undefined)).toBeUndefined();
    expect(serializeParameter("query", "color", null, undefined)).toBeUndefined();
  });

  it("drops an exploded empty array and keeps an unexploded one as an empty value", () => {
    expect(serializeParameter("query", "color", [], undefined)).toBe("");
    expect(serializeParameter("query", "color", [], { explode: false })).toBe("color=");
  });
});

describe("percent-encoding", () => {
  it("encodes everything outside RFC 3986 unreserved characters, including !'()*", () => {
    expect(percentEncode("a b&c=d/é!'()*~._-")).toBe("a%20b%26c%3Dd%2F%C3%A9%21%27%28%29%2A~._-");
  });

  it("keeps reserved characters and existing escapes with allowReserved", () => {
    expect(percentEncode("a/b?c=d:e@f %41", true)).toBe("a/b?c=d:e@f%20%41");
  });

  it("encodes path values so they cannot escape their segment", () => {
    expect(serializeParameter("path", "id", "../admin?x=1#y", undefined)).toBe("..%2Fadmin%3Fx%3D1%23y");
  });

  it("encodes query names and values, but not with allowReserved", () => {
    expect(serializeParameter("query", "q uery", "a&b", undefined)).toBe("q%20uery=a%26b");
    expect(serializeParameter("query", "next", "/a/b?c", { allowReserved: true })).toBe("next=/a/b?c");
  });

  it("does not percent-encode header values", () => {
    expect(serializeParameter("header", "X-Trace", "a b/c", undefined)).toBe("a b/c");
  });

  it("serializes content-typed parameters as JSON before encoding", () => {
    expect(serializeParameter("query", "filter", { a: [1] }, { contentType: "application/json" })).toBe(
      "filter=%7B%22a%22%3A%5B1%5D%7D",
    );
  });

  it("nests deepObject brackets and writes dates as ISO 8601", () => {
    const when = new Date("2024-01-02T03:04:05.000Z");
    expect(
      serializeParameter("query", "f", { a: { b: "x y" }, at: when }, { style: "deepObject", explode: true }),
    ).toBe("f[a][b]=x%20y&f[at]=2024-01-02T03%3A04%3A05.000Z");
  });
});

import { describe, expect, it } from "vitest";
import { parseJsonSafely } from "../src/webhooks/json.js";

const parsedValue = (text: string): unknown => {
  const parsed = parseJsonSafely(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

describe("parseJsonSafely", () => {
  it("keeps a payload without prototype keys as JSON.parse made it", () => {
    const text = '{"a":[1,{"b":[[{"c":null}]]}],"constructor":"Bob","d":{"prototype":1}}';
    expect(parsedValue(text)).toEqual(JSON.parse(text));
  });

  it("drops __proto__ wherever it is: deep in objects, in arrays of arrays, after other containers", () => {
    const texts = [
      '{"a":{"b":{"c":{"__proto__":{"polluted":true}}}}}',
      '{"a":[[1,[{"x":1},{"__proto__":{"polluted":true}}]]]}',
      '[{"a":{}},[],{"b":[{"c":[{"__proto__":1}]}]}]',
      '{"first":{"x":[1,2,3]},"second":{"y":{}},"third":{"__proto__":null}}',
      '{"\\u005f_proto__":{"polluted":true}}',
    ];
    for (const text of texts) {
      const serialized = JSON.stringify(parsedValue(text));
      expect(serialized, text).not.toContain("__proto__");
      expect(serialized, text).not.toContain("polluted");
    }
  });

  it("drops a constructor whose value has a prototype, at any depth, and keeps other constructors", () => {
    const value = parsedValue(
      '{"a":[{"b":{"constructor":{"prototype":{"polluted":true}}}}],' +
        '"c":{"constructor":{"name":"x"}},"d":[{"constructor":"Bob"}]}',
    ) as { a: [{ b: object }]; c: { constructor: unknown }; d: [{ constructor: unknown }] };
    expect(Object.keys(value.a[0].b)).toEqual([]);
    expect(value.c.constructor).toEqual({ name: "x" });
    expect(value.d[0].constructor).toBe("Bob");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers malformed JSON with the parser's message", () => {
    const parsed = parseJsonSafely('{"a":');
    expect(parsed.ok).toBe(false);
  });
});

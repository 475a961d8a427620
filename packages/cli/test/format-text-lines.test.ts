/** TextLines gives the same lines as splitting the whole text, whatever the breaks and the order asked. */
import { describe, expect, it } from "vitest";
import { codeFrame } from "../src/format/code-frame.js";
import { TextLines } from "../src/format/text-lines.js";

/** Lines of lengths 0..9 in a fixed pseudo-random sequence, joined by the breaks given in turn. */
function textOf(lines: number, breaks: readonly string[]): string {
  let seed = 7;
  let out = "";
  for (let i = 0; i < lines; i++) {
    seed = (seed * 48271) % 2147483647;
    out += "x".repeat(seed % 10);
    if (i < lines - 1) out += breaks[i % breaks.length];
  }
  return out;
}

const texts: Record<string, string> = {
  "\\n only": textOf(300, ["\n"]),
  "\\r\\n only": textOf(300, ["\r\n"]),
  "\\n, \\r\\n and a lone \\r mixed": textOf(300, ["\n", "\r\n", "\r", "\n\r"]),
  "a break at the end": `${textOf(200, ["\n"])}\n`,
  "\\r\\n at the end": `${textOf(200, ["\r", "\n"])}\r\n`,
  "no break": "abc",
  empty: "",
  "only breaks": "\n".repeat(130),
};

describe("TextLines", () => {
  for (const [name, text] of Object.entries(texts)) {
    const expected = text.split(/\r\n|\r|\n/);

    it(`gives every window of lines of a text with ${name}, asked forward, backward and scattered`, () => {
      const windows = Array.from({ length: expected.length + 3 }, (_, first) => first);
      for (const order of [
        windows,
        [...windows].reverse(),
        windows.map((_, k) => (k * 97) % windows.length),
      ]) {
        const lines = new TextLines(text);
        for (const first of order)
          expect(lines.slice(first, first + 4), `lines ${first}-${first + 4}`).toEqual(
            expected.slice(first, first + 5),
          );
      }
    });
  }

  it("frames a line after lone carriage returns as splitting the text numbers it", () => {
    const text = "a: 1\rb: 2\r\nc: 3\nd: 4\re: 5";
    expect(codeFrame(text, { file: "f", line: 4, col: 1 }, { context: 1 })).toBe(
      ["  3 | c: 3", "> 4 | d: 4", "    | ^", "  5 | e: 5"].join("\n"),
    );
  });
});

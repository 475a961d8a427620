/** Offset → line/column agrees with counting newlines directly, whatever order the offsets come in. */
import { describe, expect, it } from "vitest";
import { LineIndex } from "../src/load/line-index.js";

function direct(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf("\n");
  return { line: before.split("\n").length, col: offset - (lastNewline + 1) + 1 };
}

/** Lines of lengths 0..9 in a fixed pseudo-random sequence (empty lines and long runs included). */
function textOf(lines: number): string {
  let seed = 7;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    seed = (seed * 48271) % 2147483647;
    out.push("x".repeat(seed % 10));
  }
  return out.join("\n");
}

describe("LineIndex", () => {
  const text = textOf(400);
  const offsets = Array.from({ length: text.length + 2 }, (_, i) => i);

  it("gives every offset's line and column, asked in increasing order", () => {
    const index = new LineIndex(text);
    for (const offset of offsets)
      expect(index.position(offset), String(offset)).toEqual(direct(text, offset));
  });

  it("gives the same asked in decreasing and in scattered order", () => {
    const backward = new LineIndex(text);
    for (const offset of [...offsets].reverse())
      expect(backward.position(offset), String(offset)).toEqual(direct(text, offset));
    const scattered = new LineIndex(text);
    for (let k = 0; k < offsets.length; k++) {
      const offset = (k * 7919) % offsets.length;
      expect(scattered.position(offset), String(offset)).toEqual(direct(text, offset));
    }
  });

  it("counts a text without newlines and one made only of newlines", () => {
    expect(new LineIndex("abc").position(2)).toEqual({ line: 1, col: 3 });
    const newlines = "\n".repeat(300);
    const index = new LineIndex(newlines);
    for (const offset of [300, 0, 129, 128, 64, 63, 65, 299])
      expect(index.position(offset), String(offset)).toEqual(direct(newlines, offset));
  });
});

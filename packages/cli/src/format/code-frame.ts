import type { SourceLocation } from "@contract/core";
import { textLines } from "./text-lines.js";

export interface CodeFrameOptions {
  /** Lines shown before and after the located one. */
  context?: number;
  /** Longest line shown; longer ones (minified JSON) are cut to a window around the column. */
  maxWidth?: number;
  highlight?: (text: string) => string;
}

/**
 * A few source lines around `location` with a caret under the located node:
 *
 * ```
 *    11 |     operationId: listPets
 *  > 12 |     operationId: listPets
 *       |     ^^^^^^^^^^^
 * ```
 */
export function codeFrame(text: string, location: SourceLocation, options: CodeFrameOptions = {}): string {
  const context = options.context ?? 2;
  const maxWidth = options.maxWidth ?? 120;
  const highlight = options.highlight ?? ((s: string) => s);
  const index = location.line - 1;
  if (index < 0) return "";
  const first = Math.max(0, index - context);
  // Only the frame's lines, never the whole text split (see TextLines).
  const shown = textLines(text).slice(first, index + context);
  if (first + shown.length <= index) return "";
  const last = first + shown.length - 1;
  const gutter = String(last + 1).length;
  const line = shown[index - first]!;
  const col = Math.max(1, Math.min(location.col, line.length + 1));
  const span = caretLength(location, line, col);
  // One window for every line of the frame, so the caret stays under the right character.
  const start = line.length > maxWidth ? Math.max(0, col - 1 - Math.floor(maxWidth / 3)) : 0;

  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const marker = i === index ? ">" : " ";
    out.push(
      `${marker} ${String(i + 1).padStart(gutter)} | ${clip(shown[i - first]!, start, maxWidth)}`.trimEnd(),
    );
    if (i === index) {
      // Keep tabs so the caret lines up in the terminal; the "…" of a cut line takes one column.
      const before = (start > 0 ? " " : "") + line.slice(start, col - 1).replace(/[^\t]/g, " ");
      const width = Math.max(1, Math.min(span, maxWidth - before.length));
      out.push(`  ${" ".repeat(gutter)} | ${before}${highlight("^".repeat(width))}`);
    }
  }
  return out.join("\n");
}

function caretLength(location: SourceLocation, line: string, col: number): number {
  if (location.offset === undefined || location.endOffset === undefined) return 1;
  const rest = line.length - (col - 1);
  return Math.max(1, Math.min(location.endOffset - location.offset, rest));
}

function clip(line: string, start: number, width: number): string {
  if (line.length <= width && start === 0) return line;
  const body = line.slice(start, start + width);
  return `${start > 0 ? "…" : ""}${body}${start + width < line.length ? "…" : ""}`;
}

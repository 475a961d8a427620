/** JSON fast path: `JSON.parse` for the value, spans indexed only along the pointers looked up. */
import { joinPointer } from "../pointer.js";
import { countJsonMembers, JsonIndex } from "./json-index.js";
import { JsonPathIndex } from "./json-path-index.js";
import { LineIndex } from "./line-index.js";
import type { ParsedSource, ParseResult, SourceSpan } from "./source.js";

export function parseJsonSource(file: string, rawText: string): ParseResult {
  // JSON.parse rejects a byte-order mark; a space keeps every offset where the editor shows it.
  const text = rawText.charCodeAt(0) === 0xfeff ? ` ${rawText.slice(1)}` : rawText;
  const lines = new LineIndex(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset((error as Error).message, text.length);
    const { line, col } = lines.position(offset);
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "parse-error",
          message: `Invalid JSON: ${(error as Error).message.replace(/\s*in JSON at position \d+.*$/, "")}`,
          pointer: "",
          location: { file, line, col, offset, endOffset: Math.min(offset + 1, text.length) },
        },
      ],
    };
  }
  const shape = parsedShape(value);
  if (countJsonMembers(text) !== shape.members) {
    const duplicates = new JsonIndex(text).duplicateKeys();
    if (duplicates.length > 0) {
      return {
        ok: false,
        diagnostics: duplicates.map((d) => {
          const { line, col } = lines.position(d.keyStart);
          const first = lines.position(d.firstKeyStart);
          const key = d.segments[d.segments.length - 1] ?? "";
          return {
            severity: "error" as const,
            code: "duplicate-key",
            message: `Duplicate key ${JSON.stringify(key)} (first defined at line ${first.line}, column ${first.col})`,
            pointer: joinPointer("", ...d.segments),
            location: { file, line, col, offset: d.keyStart, endOffset: d.keyEnd },
          };
        }),
      };
    }
  }
  // Built on the first lookup: most loads never locate anything.
  let paths: JsonPathIndex | undefined;
  const source: ParsedSource = {
    file,
    text,
    format: "json",
    value,
    mayShareObjects: false,
    nestingDepth: shape.depth,
    span: (segments): SourceSpan | undefined => {
      paths ??= new JsonPathIndex(text);
      return paths.span(segments);
    },
    position: (offset) => lines.position(offset),
  };
  return { ok: true, source };
}

/** V8 says "... in JSON at position N"; without a position the input ended too early. */
function jsonErrorOffset(message: string, length: number): number {
  const match = /at position (\d+)/.exec(message);
  return match ? Math.min(Number(match[1]), length) : length;
}

/**
 * Object members of the parsed value (see countJsonMembers) and the depth of its deepest object or
 * array (the root is 0), in one walk: with the depth known, the nesting check (./depth.ts) need not
 * walk the value again.
 */
function parsedShape(value: unknown): { members: number; depth: number } {
  let members = 0;
  let deepest = 0;
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop() as number;
    if (node === null || typeof node !== "object") continue;
    if (depth > deepest) deepest = depth;
    if (Array.isArray(node)) {
      for (const item of node)
        if (item !== null && typeof item === "object") {
          stack.push(item);
          depths.push(depth + 1);
        }
      continue;
    }
    for (const key in node) {
      members++;
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === "object") {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return { members, depth: deepest };
}

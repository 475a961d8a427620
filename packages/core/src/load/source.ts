/**
 * One parsed file: its value plus a lazy way back from a JSON pointer to the text. JSON and YAML
 * files differ only in how they find spans; everything downstream speaks `ParsedSource`.
 */
import type { Diagnostic, SourceLocation } from "../diagnostics.js";
import { joinPointer } from "../pointer.js";
import { findTooDeep, MAX_NESTING, NESTING_TOO_DEEP, nestingMessage } from "./depth.js";
import { parseJsonSource } from "./json-source.js";
import { parseYamlSource } from "./yaml-source.js";

export interface SourceSpan {
  start: number;
  end: number;
}

export interface ParsedSource {
  /** Absolute path or URL. */
  readonly file: string;
  readonly text: string;
  readonly format: "json" | "yaml";
  readonly value: unknown;
  /** The value may reach one object from two places (YAML anchors and aliases); JSON never does. */
  readonly mayShareObjects: boolean;
  /** Depth of the deepest object or array (the root is 0), when parsing measured it. */
  readonly nestingDepth?: number;
  /** Span of the node at `segments` (the key through the value for object members). */
  span(segments: readonly string[]): SourceSpan | undefined;
  position(offset: number): { line: number; col: number };
}

export type ParseResult = { ok: true; source: ParsedSource } | { ok: false; diagnostics: Diagnostic[] };

/**
 * JSON goes through `JSON.parse` (an order of magnitude faster than a YAML parser on big files);
 * anything else, or JSON that turns out not to be JSON, through the YAML parser.
 */
export function parseSource(file: string, text: string): ParseResult {
  const result = parseText(file, text);
  if (!result.ok) return result;
  const { source } = result;
  // A depth measured while parsing answers "within the limit" without another walk of the value.
  const tooDeep =
    source.nestingDepth !== undefined && source.nestingDepth < MAX_NESTING
      ? undefined
      : findTooDeep(source.value, source.mayShareObjects);
  if (!tooDeep) return result;
  return {
    ok: false,
    diagnostics: [
      {
        severity: "error",
        code: NESTING_TOO_DEEP,
        message: nestingMessage(),
        pointer: joinPointer("", ...tooDeep),
        location: locateInSource(source, tooDeep) ?? { file, line: 1, col: 1 },
      },
    ],
  };
}

function parseText(file: string, text: string): ParseResult {
  const looksJson = /\.json$/i.test(file) || /^\uFEFF?\s*[{[]/.test(text);
  if (looksJson) {
    const json = parseJsonSource(file, text);
    // A `.yaml` file may hold flow-style YAML that starts with `{`: give the YAML parser a try.
    if (json.ok || /\.json$/i.test(file)) return json;
  }
  return parseYamlSource(file, text);
}

/** Location of the node at `segments`, or of its nearest ancestor present in the text. */
export function locateInSource(
  source: ParsedSource,
  segments: readonly string[],
): SourceLocation | undefined {
  for (let depth = segments.length; depth >= 0; depth--) {
    const span = source.span(depth === segments.length ? segments : segments.slice(0, depth));
    if (span) return spanLocation(source, span);
  }
  return undefined;
}

export function spanLocation(source: ParsedSource, span: SourceSpan): SourceLocation {
  const { line, col } = source.position(span.start);
  return { file: source.file, line, col, offset: span.start, endOffset: span.end };
}

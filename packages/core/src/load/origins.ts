/**
 * Maps pointers of the bundled document back to source files. Objects inlined from other files are
 * registered with the file and pointer they came from; a bundled pointer is resolved by walking the
 * document and switching origin whenever it enters a registered object. Nothing is precomputed.
 */
import type { SourceLocation } from "../diagnostics.js";
import { parsePointer } from "../pointer.js";
import { locateInSource, type ParsedSource } from "./source.js";

export interface Origin {
  file: string;
  /** RFC 6901 pointer in `file`. */
  pointer: string;
}

export interface OriginTrace {
  file: string;
  segments: string[];
}

export function traceOrigin(
  document: unknown,
  origins: WeakMap<object, Origin>,
  entryFile: string,
  pointer: string,
): OriginTrace | undefined {
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return undefined;
  }
  let trace: OriginTrace = { file: entryFile, segments: [] };
  let node: unknown = document;
  for (const segment of segments) {
    const next =
      node !== null && typeof node === "object" && Object.hasOwn(node, segment)
        ? (node as Record<string, unknown>)[segment]
        : undefined;
    const origin = next !== null && typeof next === "object" ? origins.get(next) : undefined;
    if (origin) trace = { file: origin.file, segments: parsePointer(origin.pointer) };
    else trace.segments.push(segment);
    node = next;
  }
  return trace;
}

export function locateInBundle(
  document: unknown,
  origins: WeakMap<object, Origin>,
  sources: ReadonlyMap<string, ParsedSource>,
  entryFile: string,
  pointer: string,
): SourceLocation | undefined {
  const trace = traceOrigin(document, origins, entryFile, pointer);
  if (!trace) return undefined;
  const source = sources.get(trace.file);
  return source ? locateInSource(source, trace.segments) : undefined;
}

/**
 * YAML through the `yaml` package: strict, unique keys, merge keys (`<<`) as most OpenAPI tooling
 * accepts them. The parsed Document is kept so a pointer can be walked back to its node range.
 */
import { createRequire } from "node:module";
import type * as YamlModule from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { NESTING_TOO_DEEP, nestingMessage } from "./depth.js";
import type { ParsedSource, ParseResult, SourceSpan } from "./source.js";

let yamlModule: typeof YamlModule | undefined;
/** The YAML parser, loaded on the first YAML file: a JSON spec (the big ones) never needs it. */
function yaml(): typeof YamlModule {
  yamlModule ??= createRequire(import.meta.url)("yaml") as typeof YamlModule;
  return yamlModule;
}

const PARSE_OPTIONS = {
  // Checked below in linear time: the parser's own check compares each key with every earlier
  // one, which is quadratic in big maps (an entry listing thousands of paths).
  uniqueKeys: false,
  merge: true,
  strict: true,
  prettyErrors: false,
  keepSourceTokens: false,
} as const;

export function parseYamlSource(file: string, text: string): ParseResult {
  const lineCounter = new (yaml().LineCounter)();
  const document = yaml().parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      diagnostics: rootCauses(document.errors).map((error): Diagnostic => {
        const [start, end] = strayLine(text, error.pos[0], error.code === "BAD_INDENT") ?? error.pos;
        const { line, col } = lineCounter.linePos(start);
        const duplicate = error.code === "DUPLICATE_KEY";
        // The parser recurses per nesting level and reports its own stack overflow as a YAML error.
        const tooDeep = isStackOverflow(error.message);
        return {
          severity: "error",
          code: duplicate ? "duplicate-key" : tooDeep ? NESTING_TOO_DEEP : "parse-error",
          message: tooDeep
            ? nestingMessage()
            : `${duplicate ? "Duplicate key" : "Invalid YAML"}: ${firstLine(error.message)}`,
          pointer: "",
          location: { file, line, col, offset: start, endOffset: Math.max(end, start) },
        };
      }),
    };
  }
  let duplicates: Diagnostic[];
  try {
    duplicates = duplicateKeys(document, lineCounter, file);
  } catch (error) {
    if (!isStackOverflow((error as Error).message)) throw error;
    const at = { file, line: 1, col: 1, offset: 0, endOffset: 0 };
    return {
      ok: false,
      diagnostics: [
        { severity: "error", code: NESTING_TOO_DEEP, message: nestingMessage(), pointer: "", location: at },
      ],
    };
  }
  if (duplicates.length > 0) return { ok: false, diagnostics: duplicates };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    const tooDeep = isStackOverflow((error as Error).message);
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: tooDeep ? NESTING_TOO_DEEP : "parse-error",
          message: tooDeep ? nestingMessage() : `Invalid YAML: ${firstLine((error as Error).message)}`,
          pointer: "",
          location: { file, line: 1, col: 1, offset: 0, endOffset: 0 },
        },
      ],
    };
  }
  // Without an anchor there can be no alias (an alias to nothing is a parse error).
  const mayShareObjects = /(^|[\s[{,:-])&[^\s]/.test(text);
  const cycle = mayShareObjects ? findCycle(value) : undefined;
  if (cycle) {
    const span = yamlSpan(document, cycle);
    const { line, col } = lineCounter.linePos(span?.start ?? 0);
    return {
      ok: false,
      diagnostics: [
        {
          severity: "error",
          code: "parse-error",
          message:
            "Invalid YAML for OpenAPI: an alias refers to a node that contains it (the document would be infinite)",
          pointer: "",
          location: { file, line, col, offset: span?.start ?? 0, endOffset: span?.end ?? 0 },
        },
      ],
    };
  }
  let tree: Document | undefined;
  const source: ParsedSource = {
    file,
    text,
    format: "yaml",
    value,
    mayShareObjects,
    span: (segments) => {
      // The syntax tree is parsed again on the first position asked for: keeping thousands of
      // trees alive for positions that are rarely needed costs more (in GC) than parsing twice.
      tree ??= yaml().parseDocument(text, PARSE_OPTIONS);
      return yamlSpan(tree, segments);
    },
    position: (offset) => lineCounter.linePos(offset),
  };
  return { ok: true, source };
}

function duplicateKeys(document: Document, lineCounter: LineCounter, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  yaml().visit(document, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        if (!yaml().isScalar(key) || typeof key.value === "symbol" || !key.range) continue;
        // Keys become property names: `1` and "1" collide in the loaded object.
        const name = String(key.value);
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, key.range[0]);
          continue;
        }
        const { line, col } = lineCounter.linePos(key.range[0]);
        const before = lineCounter.linePos(first);
        found.push({
          severity: "error",
          code: "duplicate-key",
          message: `Duplicate key ${JSON.stringify(name)} (first defined at line ${before.line}, column ${before.col})`,
          pointer: "",
          location: { file, line, col, offset: key.range[0], endOffset: key.range[1] },
        });
      }
    },
  });
  return found;
}

/** Path to the first object that contains itself (possible only through YAML aliases). */
function findCycle(root: unknown): string[] | undefined {
  const path: string[] = [];
  const open = new Set<object>();
  const done = new Set<object>();
  const walk = (node: unknown): boolean => {
    if (node === null || typeof node !== "object" || done.has(node)) return false;
    if (open.has(node)) return true;
    open.add(node);
    for (const [key, child] of Object.entries(node)) {
      path.push(key);
      if (walk(child)) return true;
      path.pop();
    }
    open.delete(node);
    done.add(node);
    return false;
  };
  return walk(root) ? path : undefined;
}

/**
 * After a syntax error the parser resynchronises as best it can, and one stray line typically yields
 * a cascade of follow-on errors (a whole file's worth when the first line is indented). Only the
 * first syntax error is reliable: report it alone. Duplicate keys are independent of one another and
 * are all reported, unless a syntax error makes them doubtful too.
 */
function rootCauses<E extends { code: string; pos: [number, number] }>(errors: readonly E[]): E[] {
  const syntax = errors.filter((e) => e.code !== "DUPLICATE_KEY");
  if (syntax.length === 0) return [...errors];
  const first = syntax.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  return [first];
}

/**
 * Where an indentation mistake really is. The parser flags the line where it noticed: for an
 * over-indented line, often the line above ("nested mappings are not allowed in compact mappings");
 * for a first line indented, the line below; for "all mapping items must start at the same column",
 * the item that differs from the mapping's first one, far below when the first item is the one out
 * of line. When the flagged line fits the file's indentation step, a neighbour that does not (or,
 * for that last error, the nearest such line above in the same mapping) is the stray line: its
 * [start, end] offsets.
 */
function strayLine(text: string, offset: number, searchMapping: boolean): [number, number] | undefined {
  const lines = text.split("\n");
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const content = (l: string) => l.trim() !== "" && !l.trimStart().startsWith("#");
  const indents = lines.filter((l) => content(l) && indentOf(l) > 0).map(indentOf);
  const step = [4, 3, 2].find((u) => indents.filter((i) => i % u === 0).length >= indents.length * 0.9);
  if (step === undefined) return undefined;
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const flagged = starts.findIndex((s, i) => s <= offset && offset <= s + (lines[i]?.length ?? 0));
  if (flagged < 0) return undefined;
  const fits = (l: string) => indentOf(l) % step === 0;
  const span = (j: number): [number, number] => {
    const line = lines[j] ?? "";
    return [(starts[j] ?? 0) + indentOf(line), (starts[j] ?? 0) + line.length];
  };
  const flaggedLine = lines[flagged] ?? "";
  if (!fits(flaggedLine)) return undefined;
  const flaggedIndent = indentOf(flaggedLine);
  if (searchMapping) {
    for (let j = flagged - 1; j >= 0; j--) {
      const line = lines[j] ?? "";
      if (!content(line)) continue;
      if (!fits(line)) return span(j);
      if (indentOf(line) < flaggedIndent) break;
    }
  }
  const neighbour = (from: number, direction: 1 | -1) => {
    for (let j = from + direction; j >= 0 && j < lines.length; j += direction)
      if (content(lines[j] ?? "")) return j;
    return undefined;
  };
  const odd = [neighbour(flagged, -1), neighbour(flagged, 1)].filter(
    (j): j is number => j !== undefined && !fits(lines[j] ?? ""),
  );
  return odd.length === 1 ? span(odd[0] as number) : undefined;
}

function isStackOverflow(message: string): boolean {
  return message.includes("Maximum call stack size exceeded");
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function yamlSpan(document: Document, segments: readonly string[]): SourceSpan | undefined {
  let node = document.contents as Node | null;
  let keyStart: number | undefined;
  for (const segment of segments) {
    const found = childOf(document, node, segment);
    if (!found) return undefined;
    node = found.value;
    keyStart = found.keyStart;
  }
  const range = node?.range;
  if (keyStart !== undefined) return { start: keyStart, end: range ? range[1] : keyStart };
  return range ? { start: range[0], end: range[1] } : undefined;
}

interface Child {
  value: Node | null;
  keyStart?: number;
}

function childOf(document: Document, parent: Node | null, segment: string, depth = 0): Child | undefined {
  const node = yaml().isAlias(parent) ? (parent.resolve(document) as Node | undefined) : parent;
  if (!node || depth > 32) return undefined;
  if (yaml().isSeq(node)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
    const item = node.items[Number(segment)] as Node | undefined;
    return item === undefined ? undefined : { value: item };
  }
  if (!yaml().isMap(node)) return undefined;
  let match: Child | undefined;
  for (const pair of node.items) {
    if (!yaml().isPair(pair)) continue;
    const key = pair.key as Node | null;
    const keyValue = yaml().isScalar(key) ? key.value : undefined;
    // With merge keys enabled, `<<` is parsed as a symbol-valued scalar.
    if (typeof keyValue === "symbol") {
      if (match) continue;
      // Merge key: the member may come from the merged map(s); explicit keys take precedence.
      const sources = yaml().isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const merged of sources) {
        const inner = childOf(document, merged as Node, segment, depth + 1);
        if (inner) match = inner;
        if (inner) break;
      }
      continue;
    }
    if (keyValue !== undefined && keyValue !== null && String(keyValue) === segment) {
      return { value: pair.value as Node | null, keyStart: key?.range?.[0] };
    }
  }
  return match;
}

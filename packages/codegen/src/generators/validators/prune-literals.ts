/**
 * ajv's standalone output declares the whole schema of every compiled function as an object
 * literal (`const schema12 = {...}`), although the code reads at most a few parts of it (an
 * `enum` list for error parameters, say). On a large API that doubles the output. This pass keeps,
 * for each such literal, only the paths the code reads (`schema12.properties.kind.enum`), and
 * drops literals nothing reads.
 *
 * ajv's code is simple enough to scan without a parser: string literals are JSON strings (double
 * quotes, backslash escapes), and there are no comments, template literals or regex literals.
 */

interface Literal {
  name: string;
  /** Index of `const`, and one past the closing `;`. */
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[\w$]/;
const BACKSLASH = 92;

/** Index just past the JSON string literal that starts at `start` (a `"`). */
export function skipString(code: string, start: number): number {
  // Jump from quote to quote: a quote ends the literal unless an odd run of backslashes escapes it.
  for (let quote = code.indexOf('"', start + 1); quote >= 0; quote = code.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (quote - backslashes - 1 > start && code.charCodeAt(quote - backslashes - 1) === BACKSLASH)
      backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  throw new Error("unterminated string literal in generated code");
}

/** Index just past the JSON value (object, array or scalar) that starts at `start`. */
function skipJsonValue(code: string, start: number): number {
  // Jumps between the only characters that matter; everything else is skipped by the regex engine.
  const structural = /["{}[\];,]/g;
  structural.lastIndex = start;
  let depth = 0;
  for (let match = structural.exec(code); match; match = structural.exec(code)) {
    const i = match.index;
    const c = match[0];
    if (c === '"') {
      structural.lastIndex = skipString(code, i);
      if (depth === 0) return structural.lastIndex;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    } else if (depth === 0) return i;
  }
  return code.length;
}

/** A string literal, or a schema declaration where a statement can start (within ajv's 40-character window). */
const DECLARATION_OR_STRING = /"|(?<=^|[;}\s])const (schema\d+) = /g;
const DECLARATION_WINDOW = 40;

function findLiterals(code: string): Literal[] {
  const literals: Literal[] = [];
  const scan = new RegExp(DECLARATION_OR_STRING);
  for (let match = scan.exec(code); match; match = scan.exec(code)) {
    const i = match.index;
    if (match[0] === '"') {
      scan.lastIndex = skipString(code, i);
      continue;
    }
    scan.lastIndex = i + 1;
    if (match[0].length > DECLARATION_WINDOW) continue;
    const valueStart = i + match[0].length;
    const valueEnd = skipJsonValue(code, valueStart);
    if (code[valueEnd] === ";") {
      literals.push({ name: match[1] as string, start: i, end: valueEnd + 1, valueStart, valueEnd });
      scan.lastIndex = valueEnd + 1;
    }
  }
  return literals;
}

/** The property path of an accessor chain starting at `i` (`.a["b-c"][0]`), and where it ends. */
function readAccessors(code: string, start: number): { path: string[]; end: number } {
  const path: string[] = [];
  let i = start;
  for (;;) {
    if (code[i] === "." && IDENTIFIER_START.test(code[i + 1] ?? "")) {
      let j = i + 1;
      while (j < code.length && IDENTIFIER_PART.test(code[j] as string)) j++;
      path.push(code.slice(i + 1, j));
      i = j;
    } else if (code[i] === "[" && code[i + 1] === '"') {
      const close = skipString(code, i + 1);
      if (code[close] !== "]") break;
      path.push(JSON.parse(code.slice(i + 1, close)) as string);
      i = close + 1;
    } else if (code[i] === "[" && /\d/.test(code[i + 1] ?? "")) {
      let j = i + 1;
      while (/\d/.test(code[j] ?? "")) j++;
      if (code[j] !== "]") break;
      path.push(code.slice(i + 1, j));
      i = j + 1;
    } else break;
  }
  return { path, end: i };
}

/** A string literal, or a name starting with `schema` that no identifier character precedes. */
const SCHEMA_NAME_OR_STRING = /"|(?<![\w$])schema\d*/g;

/** Every path through which the code (outside the literals themselves) reads each literal; `[]` = whole. */
function findUses(code: string, names: Set<string>, skip: Literal[]): Map<string, string[][]> {
  const uses = new Map<string, string[][]>();
  const scan = new RegExp(SCHEMA_NAME_OR_STRING);
  let next = 0;
  let i = 0;
  while (i < code.length) {
    const literal = skip[next];
    if (literal && i === literal.start) {
      i = literal.end;
      next++;
      continue;
    }
    scan.lastIndex = i;
    const match = scan.exec(code);
    // The next literal is skipped whole when the scan reaches its start.
    const limit = literal && literal.start > i ? literal.start : code.length;
    if (!match || match.index >= limit) {
      i = limit;
      continue;
    }
    if (match[0] === '"') {
      i = skipString(code, match.index);
      continue;
    }
    const name = match[0];
    const j = match.index + name.length;
    if (names.has(name) && !IDENTIFIER_PART.test(code[j] ?? "")) {
      const { path, end } = readAccessors(code, j);
      const list = uses.get(name) ?? [];
      list.push(path);
      uses.set(name, list);
      i = end;
    } else i = j;
  }
  return uses;
}

/**
 * A copy of `value` that holds only what is reachable through `paths` (each kept whole at its end).
 * A segment that is not an own property (`.length`, a method) keeps the whole value it reads.
 */
function keepPaths(value: unknown, paths: string[][]): unknown {
  if (paths.some((path) => path.length === 0) || value === null || typeof value !== "object") return value;
  const byHead = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) {
    const list = byHead.get(head as string) ?? [];
    list.push(rest);
    byHead.set(head as string, list);
  }
  const source = value as Record<string, unknown>;
  for (const head of byHead.keys()) {
    if (!Object.hasOwn(source, head) || (Array.isArray(value) && !/^\d+$/.test(head))) return value;
  }
  if (Array.isArray(value)) {
    // Keep indices stable: unread items become null.
    return value.map((item, index) =>
      byHead.has(String(index)) ? keepPaths(item, byHead.get(String(index)) ?? []) : null,
    );
  }
  const out: Record<string, unknown> = {};
  for (const [head, rest] of byHead) {
    Object.defineProperty(out, head, {
      value: keepPaths(source[head], rest),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Rewrites ajv standalone code so that schema literals hold only what the code reads. */
export function pruneSchemaLiterals(code: string): string {
  const literals = findLiterals(code);
  if (literals.length === 0) return code;
  const uses = findUses(code, new Set(literals.map((l) => l.name)), literals);
  let out = "";
  let last = 0;
  for (const literal of literals) {
    out += code.slice(last, literal.start);
    last = literal.end;
    const paths = uses.get(literal.name);
    if (!paths) continue;
    const value: unknown = JSON.parse(code.slice(literal.valueStart, literal.valueEnd));
    const kept = JSON.stringify(keepPaths(value, paths))
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029");
    out += `const ${literal.name} = ${kept};`;
  }
  return out + code.slice(last);
}

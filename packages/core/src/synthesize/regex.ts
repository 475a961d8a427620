/**
 * Generates strings that match an ECMAScript regular expression (the dialect JSON Schema `pattern`
 * uses). It covers what real specs write — literals, classes, escapes, groups, alternation and
 * quantifiers — and ignores assertions it cannot honour (lookarounds, `\b`); the caller always
 * checks the result with the real RegExp, so an unsupported construct costs a fallback, never a
 * wrong answer passed off as right.
 */
import { type PatternMatcher, patternRegExp } from "../schema-check/pattern-regexp.js";
import type { Random } from "./prng.js";

type Range = readonly [number, number];
interface CharClass {
  t: "class";
  ranges: Range[];
  negate: boolean;
}
type Node =
  | { t: "seq"; items: Node[] }
  | { t: "alt"; options: Node[] }
  | CharClass
  | { t: "repeat"; node: Node; min: number; max: number }
  | { t: "empty" };

const DIGIT: Range[] = [[48, 57]];
const WORD: Range[] = [
  [97, 122],
  [65, 90],
  [48, 57],
  [95, 95],
];
const SPACE: Range[] = [[32, 32]];
/** Characters tried, in order of preference, when a class is negated (`[^…]`, `\D`, `.`). */
const PRINTABLE: Range[] = [
  [97, 122],
  [65, 90],
  [48, 57],
  [45, 45],
  [95, 95],
  [33, 126],
];

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected ${this.src[this.i]}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { t: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { t: "seq", items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === "+") [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal `{`, as ECMAScript allows without the `u` flag
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Number.POSITIVE_INFINITY;
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === "?") this.i++; // lazy: same language
    return { t: "repeat", node: atom, min, max };
  }

  private atom(): Node {
    const c = this.src[this.i++] as string;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case ".":
        return { t: "class", ranges: [[10, 10]], negate: true };
      case "^":
      case "$":
        return { t: "empty" };
      case "\\":
        return this.escape(false) as Node;
      default:
        return literal(c.codePointAt(0) as number);
    }
  }

  private group(): Node {
    let lookaround = false;
    if (this.src[this.i] === "?") {
      const rest = this.src.slice(this.i, this.i + 3);
      if (rest.startsWith("?:")) this.i += 2;
      else if (rest.startsWith("?=") || rest.startsWith("?!")) [this.i, lookaround] = [this.i + 2, true];
      else if (rest.startsWith("?<=") || rest.startsWith("?<!")) [this.i, lookaround] = [this.i + 3, true];
      else if (rest.startsWith("?<")) this.i = this.src.indexOf(">", this.i) + 1;
    }
    const inner = this.alternation();
    if (this.src[this.i] !== ")") throw new Error("unterminated group");
    this.i++;
    return lookaround ? { t: "empty" } : inner;
  }

  private charClass(): Node {
    const negate = this.src[this.i] === "^";
    if (negate) this.i++;
    const ranges: Range[] = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      const lo = this.classAtom();
      if (Array.isArray(lo)) {
        ranges.push(...lo);
        continue;
      }
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        const hi = this.classAtom();
        if (Array.isArray(hi)) ranges.push([lo, lo], [45, 45], ...hi);
        else ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    if (this.src[this.i] !== "]") throw new Error("unterminated class");
    this.i++;
    return { t: "class", ranges, negate };
  }

  /** One class member: a code point, or a list of ranges for `\d`-style escapes. */
  private classAtom(): number | Range[] {
    const c = this.src[this.i++] as string;
    if (c !== "\\") return c.codePointAt(0) as number;
    const escaped = this.escape(true);
    if (escaped.t !== "class") return 0;
    if (escaped.negate) return [[33, 47]];
    return escaped.ranges.length === 1 && escaped.ranges[0]?.[0] === escaped.ranges[0]?.[1]
      ? (escaped.ranges[0]?.[0] as number)
      : escaped.ranges;
  }

  private escape(inClass: boolean): CharClass | { t: "empty" } {
    const c = this.src[this.i++] as string;
    switch (c) {
      case "d":
        return { t: "class", ranges: DIGIT, negate: false };
      case "D":
        return { t: "class", ranges: DIGIT, negate: true };
      case "w":
        return { t: "class", ranges: WORD, negate: false };
      case "W":
        return { t: "class", ranges: WORD, negate: true };
      case "s":
        return { t: "class", ranges: SPACE, negate: false };
      case "S":
        return { t: "class", ranges: SPACE, negate: true };
      case "b":
        return inClass ? literal(8) : { t: "empty" };
      case "B":
        return { t: "empty" };
      case "n":
        return literal(10);
      case "r":
        return literal(13);
      case "t":
        return literal(9);
      case "f":
        return literal(12);
      case "v":
        return literal(11);
      case "0":
        return literal(0);
      case "x":
        return this.hex(2);
      case "u":
        if (this.src[this.i] === "{") {
          const end = this.src.indexOf("}", this.i);
          const code = Number.parseInt(this.src.slice(this.i + 1, end), 16);
          this.i = end + 1;
          return literal(code);
        }
        return this.hex(4);
      case "p":
      case "P": {
        // Unicode property escapes: letters stand in for every property we meet in specs.
        const end = this.src.indexOf("}", this.i);
        const name = this.src.slice(this.i + 1, end);
        this.i = end + 1;
        const ranges: Range[] = /^(N|Nd|digit)/i.test(name) ? DIGIT : [[97, 122]];
        return { t: "class", ranges, negate: c === "P" };
      }
      default:
        if (/[1-9]/.test(c)) throw new Error("backreferences are not supported");
        return literal(c.codePointAt(0) as number);
    }
  }

  private hex(length: number): CharClass {
    const code = Number.parseInt(this.src.slice(this.i, this.i + length), 16);
    this.i += length;
    return literal(code);
  }
}

function literal(code: number): CharClass {
  return { t: "class", ranges: [[code, code]], negate: false };
}

function inRanges(code: number, ranges: readonly Range[]): boolean {
  return ranges.some(([lo, hi]) => code >= lo && code <= hi);
}

function pickChar(node: CharClass, random: Random): string {
  if (!node.negate) {
    const [lo, hi] = random.pick(node.ranges);
    return String.fromCodePoint(random.int(lo, hi));
  }
  for (const [lo, hi] of PRINTABLE) {
    const start = random.int(lo, hi);
    for (let k = 0; k <= hi - lo; k++) {
      const code = lo + ((start - lo + k) % (hi - lo + 1));
      if (!inRanges(code, node.ranges)) return String.fromCodePoint(code);
    }
  }
  return "\u00e9";
}

/** How many extra repetitions unbounded quantifiers may add: raised to reach a `minLength`. */
interface Stretch {
  unbounded: number;
}

function emit(node: Node, random: Random, stretch: Stretch, out: string[]): void {
  switch (node.t) {
    case "empty":
      return;
    case "class":
      out.push(pickChar(node, random));
      return;
    case "seq":
      for (const item of node.items) emit(item, random, stretch, out);
      return;
    case "alt":
      emit(random.pick(node.options), random, stretch, out);
      return;
    case "repeat": {
      const cap = Number.isFinite(node.max) ? node.max : node.min + stretch.unbounded;
      const count = random.int(node.min, Math.max(node.min, cap));
      for (let k = 0; k < count; k++) emit(node.node, random, stretch, out);
    }
  }
}

export interface PatternConstraints {
  minLength?: number;
  maxLength?: number;
}

const compiled = new Map<string, PatternMatcher | undefined>();

/** Compiles a pattern as the validators do (`patternRegExp`), or undefined when it does not compile; cached. */
export function compilePattern(pattern: string): PatternMatcher | undefined {
  if (compiled.has(pattern)) return compiled.get(pattern);
  let matcher: PatternMatcher | undefined;
  try {
    matcher = patternRegExp(pattern, "u");
  } catch {
    matcher = undefined;
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(pattern, matcher);
  return matcher;
}

/**
 * A string matching every pattern in `patterns` and the length bounds, or undefined when none was
 * found in a bounded number of attempts. The first pattern drives generation; the others are checked.
 */
export function stringForPatterns(
  patterns: readonly string[],
  random: Random,
  constraints: PatternConstraints = {},
): string | undefined {
  const [main, ...others] = patterns;
  if (main === undefined) return undefined;
  const regexes = patterns.map(compilePattern);
  if (regexes.some((r) => r === undefined)) return undefined;
  let ast: Node;
  try {
    ast = new Parser(main).parse();
  } catch {
    return undefined;
  }
  const min = constraints.minLength ?? 0;
  const max = constraints.maxLength ?? Number.POSITIVE_INFINITY;
  const stretch: Stretch = { unbounded: 3 };
  for (let attempt = 0; attempt < 40; attempt++) {
    const out: string[] = [];
    emit(ast, random, stretch, out);
    let text = out.join("");
    // An unanchored end lets us pad up to minLength without leaving the language.
    if ([...text].length < min && !main.endsWith("$")) text += "x".repeat(min - [...text].length);
    const length = [...text].length;
    if (length < min) stretch.unbounded = Math.max(stretch.unbounded * 2, min);
    else if (length > max) stretch.unbounded = Math.floor(stretch.unbounded / 2);
    else if (regexes.every((r) => (r as PatternMatcher).test(text))) return text;
    if (others.length > 0 && attempt > 20) break;
  }
  return undefined;
}

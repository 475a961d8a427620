/**
 * The structure of an ECMAScript pattern, for the linear-time matcher (./linear.ts): alternation,
 * sequences, groups, quantifiers and assertions are parsed here; each single-character item (a
 * literal, an escape, a class, `.`) stays in its source form and is decided by the engine itself,
 * compiled alone as `^(?:item)$`. That keeps every character-level rule of the dialect (classes,
 * `\p{…}`, escapes, case of `u` and no `u`) exactly as V8 reads it, and leaves this parser only
 * the part that backtracks.
 *
 * The source has already compiled as a RegExp with the same flags, so the parser may assume it is
 * well formed. Whatever it does not model (back-references, lookarounds, modifiers) throws
 * `Unsupported`, and the caller keeps the native RegExp.
 */

export type PatternNode =
  | { kind: "char"; item: string }
  | { kind: "seq"; items: PatternNode[] }
  | { kind: "alt"; options: PatternNode[] }
  | { kind: "repeat"; node: PatternNode; min: number; max: number }
  | { kind: "assert"; at: "start" | "end" | "word" | "non-word" };

export class Unsupported extends Error {}

const QUANTIFIER_START = new Set(["*", "+", "?", "{"]);

export function parsePattern(source: string, unicode: boolean): PatternNode {
  const parser = new Parser(source, unicode);
  const node = parser.alternation();
  if (!parser.done()) throw new Unsupported(`unexpected ${source[parser.position]}`);
  return node;
}

class Parser {
  position = 0;
  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {}

  done(): boolean {
    return this.position >= this.source.length;
  }

  alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.source[this.position] === "|") {
      this.position++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as PatternNode) : { kind: "alt", options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (!this.done() && this.source[this.position] !== "|" && this.source[this.position] !== ")") {
      const term = this.term();
      items.push(this.quantified(term));
    }
    return items.length === 1 ? (items[0] as PatternNode) : { kind: "seq", items };
  }

  private term(): PatternNode {
    const source = this.source;
    const char = source[this.position] as string;
    if (char === "(") return this.group();
    if (char === "^" || char === "$") {
      this.position++;
      return { kind: "assert", at: char === "^" ? "start" : "end" };
    }
    if (char === ".") {
      this.position++;
      return { kind: "char", item: "." };
    }
    if (char === "[") return { kind: "char", item: this.characterClass() };
    if (char === "\\") return this.escape();
    if (QUANTIFIER_START.has(char)) {
      // A `{` that is no quantifier is a literal without `u` (Annex B); anything else here is a
      // quantifier with nothing to repeat, which the RegExp constructor would have refused.
      if (char === "{" && !this.unicode && this.quantifierAt(this.position) === undefined) {
        this.position++;
        return { kind: "char", item: "\\{" };
      }
      throw new Unsupported(`nothing to repeat at ${this.position}`);
    }
    const width = this.unicode ? String.fromCodePoint(source.codePointAt(this.position) as number).length : 1;
    const item = source.slice(this.position, this.position + width);
    this.position += width;
    return { kind: "char", item };
  }

  private group(): PatternNode {
    const source = this.source;
    this.position++; // (
    if (source[this.position] === "?") {
      if (source[this.position + 1] === ":") this.position += 2;
      else if (source[this.position + 1] === "<" && /[^=!]/.test(source[this.position + 2] ?? "")) {
        const close = source.indexOf(">", this.position);
        if (close < 0) throw new Unsupported("unterminated group name");
        this.position = close + 1;
      } else throw new Unsupported("lookaround or modifier group");
    }
    const node = this.alternation();
    if (source[this.position] !== ")") throw new Unsupported("unterminated group");
    this.position++;
    return node;
  }

  /** `[…]` as written, its end found by skipping escapes (no `v` flag: classes do not nest). */
  private characterClass(): string {
    const source = this.source;
    const start = this.position;
    let index = start + 1;
    if (source[index] === "^") index++;
    while (index < source.length && source[index] !== "]") index += source[index] === "\\" ? 2 : 1;
    if (index >= source.length) throw new Unsupported("unterminated class");
    this.position = index + 1;
    return source.slice(start, this.position);
  }

  private escape(): PatternNode {
    const source = this.source;
    const start = this.position;
    const next = source[start + 1];
    if (next === undefined) throw new Unsupported("trailing backslash");
    if (next === "b" || next === "B") {
      this.position += 2;
      return { kind: "assert", at: next === "b" ? "word" : "non-word" };
    }
    // Back-references (and, without `u`, legacy octal escapes that look the same): not regular.
    if (/[1-9]/.test(next) || next === "k") throw new Unsupported("back-reference");
    let end = start + 2;
    if (next === "u") {
      if (source[end] === "{" && this.unicode) end = source.indexOf("}", end) + 1;
      else if (/^[0-9a-fA-F]{4}$/.test(source.slice(end, end + 4))) {
        end += 4;
        // `\uD83D\uDE00` is one code point with `u`.
        const high = Number.parseInt(source.slice(start + 2, end), 16);
        const low = /^\\u([0-9a-fA-F]{4})/.exec(source.slice(end));
        if (this.unicode && high >= 0xd800 && high <= 0xdbff && low) {
          const value = Number.parseInt(low[1] as string, 16);
          if (value >= 0xdc00 && value <= 0xdfff) end += 6;
        }
      }
    } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(source.slice(end, end + 2))) end += 2;
    else if (next === "c") {
      // Without a control letter, `\c` is two characters (Annex B): not one item.
      if (!/[A-Za-z]/.test(source[end] ?? "")) throw new Unsupported("\\c without a letter");
      end += 1;
    } else if ((next === "p" || next === "P") && this.unicode && source[end] === "{")
      end = source.indexOf("}", end) + 1;
    else if (next === "0" && !this.unicode) {
      // A legacy octal escape `\0`–`\377`.
      while (end < start + 4 && /[0-7]/.test(source[end] ?? "")) end++;
    } else if (this.unicode && /[\uD800-\uDBFF]/.test(next) && /[\uDC00-\uDFFF]/.test(source[end] ?? ""))
      end++;
    if (end <= start + 1) throw new Unsupported("malformed escape");
    this.position = end;
    return { kind: "char", item: source.slice(start, end) };
  }

  private quantified(term: PatternNode): PatternNode {
    const source = this.source;
    const char = source[this.position];
    let min: number;
    let max: number;
    if (char === "*" || char === "+" || char === "?") {
      this.position++;
      min = char === "+" ? 1 : 0;
      max = char === "?" ? 1 : Number.POSITIVE_INFINITY;
    } else if (char === "{") {
      const bounds = this.quantifierAt(this.position);
      if (bounds === undefined) return term; // a literal `{` (no `u`), read as the next term
      [min, max] = bounds.range;
      this.position = bounds.end;
    } else return term;
    if (source[this.position] === "?") this.position++; // lazy: the same strings match
    if (QUANTIFIER_START.has(source[this.position] ?? "") && this.quantifierFollows())
      throw new Unsupported("quantifier after quantifier");
    return { kind: "repeat", node: term, min, max };
  }

  private quantifierFollows(): boolean {
    const char = this.source[this.position];
    return char !== "{" || this.quantifierAt(this.position) !== undefined;
  }

  private quantifierAt(index: number): { range: [number, number]; end: number } | undefined {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(index, index + 24));
    if (!match) return undefined;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === "" ? Number.POSITIVE_INFINITY : Number(match[3]);
    return { range: [min, max], end: index + match[0].length };
  }
}

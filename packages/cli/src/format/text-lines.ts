/**
 * The lines of a text as `text.split(/\r\n|\r|\n/)` numbers them, without splitting it: a code
 * frame shows five lines, and splitting a 13 MB document into its ~350,000 lines for every frame
 * (dozens per check) cost seconds of CPU, most of it garbage collection. Line breaks are found on
 * demand, only as far as the lines asked for, and only every STRIDE-th line start is kept.
 */
const STRIDE = 64;
const LF = 10;
const CR = 13;

export class TextLines {
  /** `#checkpoints[k]`: start offset of the line with 0-based number `k * STRIDE`. */
  readonly #checkpoints: number[] = [0];
  /** Without a carriage return, `indexOf("\n")` finds every break (much faster than a char loop). */
  readonly #lfOnly: boolean;
  /** Every line start before and at `#knownLine` is counted; it starts at `#knownStart`. */
  #knownLine = 0;
  #knownStart = 0;

  constructor(readonly text: string) {
    this.#lfOnly = !text.includes("\r");
  }

  /**
   * Lines `first` to `last` (0-based, inclusive), fewer when the text has fewer lines: the same
   * strings as `text.split(/\r\n|\r|\n/).slice(first, last + 1)`.
   */
  slice(first: number, last: number): string[] {
    let start = this.#startOf(first);
    const out: string[] = [];
    for (let line = first; line <= last && start !== -1; line++) {
      const end = this.#breakAt(start);
      out.push(this.text.slice(start, end));
      start = this.#after(end);
    }
    return out;
  }

  /** Start offset of 0-based line `line`, or -1 when the text has fewer lines. */
  #startOf(line: number): number {
    if (line > this.#knownLine) this.#countTo(line);
    if (line > this.#knownLine) return -1;
    const k = Math.floor(line / STRIDE);
    let start = this.#checkpoints[k] as number;
    for (let at = k * STRIDE; at < line; at++) start = this.#after(this.#breakAt(start));
    return start;
  }

  /** Counts line starts from the furthest one known up to `line` (or the end of the text). */
  #countTo(line: number): void {
    let known = this.#knownLine;
    let start = this.#knownStart;
    while (known < line) {
      const next = this.#after(this.#breakAt(start));
      if (next === -1) break;
      start = next;
      if (++known % STRIDE === 0) this.#checkpoints.push(start);
    }
    this.#knownLine = known;
    this.#knownStart = start;
  }

  /** Offset of the first line break at or after `from`, or the text's length when none is left. */
  #breakAt(from: number): number {
    const text = this.text;
    if (this.#lfOnly) {
      const at = text.indexOf("\n", from);
      return at === -1 ? text.length : at;
    }
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) return i;
    }
    return text.length;
  }

  /** Start of the line after the break at `at` (`\r\n` is one break), or -1 when `at` is the end. */
  #after(at: number): number {
    const text = this.text;
    if (at >= text.length) return -1;
    return text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
  }
}

let last: TextLines | undefined;

/** The TextLines of `text`, kept for the text asked for last: the frames of one file come in a row. */
export function textLines(text: string): TextLines {
  if (last === undefined || last.text !== text) last = new TextLines(text);
  return last;
}

/**
 * Offset → 1-based line/column. The newline table is built on demand and only as far as the
 * offsets asked for: most loads never report a position, and a notice near the top of a 12 MB file
 * should not pay for indexing all of it.
 */
export class LineIndex {
  readonly #starts: number[] = [0];
  /** Newlines before this offset are all in `#starts`. */
  #scanned = 0;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; col: number } {
    this.#scanTo(offset);
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }

  #scanTo(offset: number): void {
    if (offset < this.#scanned) return;
    const text = this.text;
    let at = text.indexOf("\n", this.#scanned);
    while (at !== -1 && at < offset) {
      this.#starts.push(at + 1);
      at = text.indexOf("\n", at + 1);
    }
    this.#scanned = at === -1 ? text.length + 1 : at;
  }
}

/**
 * Offset → 1-based line/column. Newlines are counted on demand and only as far as the offsets
 * asked for: most loads never report a position, and a notice near the top of a 12 MB file should
 * not pay for indexing all of it. Only every STRIDE-th line start is stored: a position is found
 * from the nearest stored line start before it by counting at most STRIDE newlines, and storing
 * every line start of a 13 MB file (hundreds of thousands of them) cost several times more than
 * counting them.
 */
const STRIDE = 64;

export class LineIndex {
  /** `#checkpoints[k]`: start offset of the line with 0-based number `k * STRIDE`. */
  readonly #checkpoints: number[] = [0];
  /** Newlines counted so far (all of those before `#scanned`). */
  #newlines = 0;
  #scanned = 0;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; col: number } {
    this.#scanTo(offset);
    const checkpoints = this.#checkpoints;
    let lo = 0;
    let hi = checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((checkpoints[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    let line = lo * STRIDE;
    let start = checkpoints[lo] as number;
    for (;;) {
      const newline = this.text.indexOf("\n", start);
      if (newline === -1 || newline >= offset) break;
      start = newline + 1;
      line++;
    }
    return { line: line + 1, col: offset - start + 1 };
  }

  #scanTo(offset: number): void {
    if (offset < this.#scanned) return;
    const text = this.text;
    let at = text.indexOf("\n", this.#scanned);
    while (at !== -1 && at < offset) {
      if (++this.#newlines % STRIDE === 0) this.#checkpoints.push(at + 1);
      at = text.indexOf("\n", at + 1);
    }
    this.#scanned = at === -1 ? text.length + 1 : at;
  }
}

/**
 * Offset → 1-based line/column, computed on demand: most loads never report a position, so the
 * newline table is only built the first time a position is asked for.
 */
export class LineIndex {
  #starts: number[] | undefined;
  constructor(private readonly text: string) {}

  position(offset: number): { line: number; col: number } {
    const starts = this.#lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }

  #lineStarts(): number[] {
    if (this.#starts) return this.#starts;
    const starts = [0];
    const text = this.text;
    let at = text.indexOf("\n");
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf("\n", at + 1);
    }
    this.#starts = starts;
    return starts;
  }
}

/**
 * A structural index of a JSON text: for every value its offsets, its key's offsets and its place
 * in the tree. `JSON.parse` gives the value far faster than any hand-written parser, so this index
 * is only built when the text repeats a key (to point at each repetition); positions of findings
 * come from the lighter ./json-path-index.ts. Also the scanning primitives both share.
 * The text is known to be valid JSON when this runs, so the scanner does not re-validate it.
 */
const OBJECT = 1;
const ARRAY = 2;

export interface JsonSpan {
  /** Start of the key when the node is an object member, else of the value. */
  start: number;
  end: number;
}

export interface DuplicateKey {
  segments: string[];
  keyStart: number;
  keyEnd: number;
  firstKeyStart: number;
}

export class JsonIndex {
  readonly kind: number[] = [];
  readonly valueStart: number[] = [];
  readonly valueEnd: number[] = [];
  readonly keyStart: number[] = [];
  readonly keyEnd: number[] = [];
  readonly parent: number[] = [];
  readonly firstChild: number[] = [];
  readonly nextSibling: number[] = [];

  constructor(readonly text: string) {
    this.#scan();
  }

  /** Span of the node at `segments`, or undefined when the path does not exist in the text. */
  span(segments: readonly string[]): JsonSpan | undefined {
    let node = 0;
    for (const segment of segments) {
      const child = this.#child(node, segment);
      if (child === -1) return undefined;
      node = child;
    }
    const keyStart = this.keyStart[node] as number;
    return {
      start: keyStart >= 0 ? keyStart : (this.valueStart[node] as number),
      end: this.valueEnd[node] as number,
    };
  }

  /** Every repeated key, in text order (the first occurrence is the one kept in `firstKeyStart`). */
  duplicateKeys(): DuplicateKey[] {
    const found: DuplicateKey[] = [];
    for (let node = 0; node < this.kind.length; node++) {
      if (this.kind[node] !== OBJECT) continue;
      const seen = new Map<string, number>();
      for (let c = this.firstChild[node] as number; c !== -1; c = this.nextSibling[c] as number) {
        const key = this.keyOf(c);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, c);
        else
          found.push({
            segments: this.#segmentsOf(c),
            keyStart: this.keyStart[c] as number,
            keyEnd: this.keyEnd[c] as number,
            firstKeyStart: this.keyStart[first] as number,
          });
      }
    }
    return found;
  }

  keyOf(node: number): string {
    const raw = this.text.slice((this.keyStart[node] as number) + 1, (this.keyEnd[node] as number) - 1);
    return raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  #child(node: number, segment: string): number {
    const kind = this.kind[node];
    if (kind === OBJECT) {
      let match = -1;
      // The last occurrence wins, as in JSON.parse.
      for (let c = this.firstChild[node] as number; c !== -1; c = this.nextSibling[c] as number) {
        if (this.keyOf(c) === segment) match = c;
      }
      return match;
    }
    if (kind === ARRAY) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return -1;
      let index = Number(segment);
      for (let c = this.firstChild[node] as number; c !== -1; c = this.nextSibling[c] as number) {
        if (index-- === 0) return c;
      }
    }
    return -1;
  }

  #segmentsOf(node: number): string[] {
    const segments: string[] = [];
    for (let n = node; n > 0; n = this.parent[n] as number) {
      const p = this.parent[n] as number;
      if (this.kind[p] === OBJECT) segments.push(this.keyOf(n));
      else {
        let index = 0;
        for (let c = this.firstChild[p] as number; c !== n; c = this.nextSibling[c] as number) index++;
        segments.push(String(index));
      }
    }
    return segments.reverse();
  }

  #newNode(parent: number, keyStart: number, keyEnd: number, valueStart: number): number {
    const id = this.kind.length;
    this.kind.push(0);
    this.valueStart.push(valueStart);
    this.valueEnd.push(valueStart);
    this.keyStart.push(keyStart);
    this.keyEnd.push(keyEnd);
    this.parent.push(parent);
    this.firstChild.push(-1);
    this.nextSibling.push(-1);
    return id;
  }

  #scan(): void {
    const text = this.text;
    const length = text.length;
    let i = skipWhitespace(text, 0);
    const containers: number[] = [];
    const lastChild: number[] = [];
    let keyStart = -1;
    let keyEnd = -1;
    for (;;) {
      // A value starts at i.
      const parent = containers.length > 0 ? (containers[containers.length - 1] as number) : -1;
      const node = this.#newNode(parent, keyStart, keyEnd, i);
      if (parent !== -1) {
        const previous = lastChild[lastChild.length - 1] as number;
        if (previous === -1) this.firstChild[parent] = node;
        else this.nextSibling[previous] = node;
        lastChild[lastChild.length - 1] = node;
      }
      const c = text.charCodeAt(i);
      let opened = false;
      if (c === 123 /* { */ || c === 91 /* [ */) {
        this.kind[node] = c === 123 ? OBJECT : ARRAY;
        containers.push(node);
        lastChild.push(-1);
        i = skipWhitespace(text, i + 1);
        opened = true;
      } else if (c === 34 /* " */) {
        i = skipString(text, i);
        this.valueEnd[node] = i;
      } else {
        while (i < length && !isDelimiter(text.charCodeAt(i))) i++;
        this.valueEnd[node] = i;
      }
      // Close every container that ends here, then position i at the next value.
      if (!opened) i = skipWhitespace(text, i);
      for (;;) {
        if (containers.length === 0) return;
        const d = text.charCodeAt(i);
        if (d === 125 /* } */ || d === 93 /* ] */) {
          const closed = containers.pop() as number;
          lastChild.pop();
          this.valueEnd[closed] = i + 1;
          i = skipWhitespace(text, i + 1);
          continue;
        }
        if (d === 44 /* , */) i = skipWhitespace(text, i + 1);
        break;
      }
      if (i >= length) return;
      const top = containers[containers.length - 1] as number;
      if (this.kind[top] === OBJECT) {
        keyStart = i;
        i = skipString(text, i);
        keyEnd = i;
        i = skipWhitespace(text, i);
        i = skipWhitespace(text, i + 1); // the colon
      } else {
        keyStart = -1;
        keyEnd = -1;
      }
    }
  }
}

export function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9;
}

/** Offset just past the string starting at `from` (a double quote). */
export function skipString(text: string, from: number): number {
  let quote = text.indexOf('"', from + 1);
  while (quote !== -1) {
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/**
 * Number of object members in a valid JSON text: one string followed by `:` per member. Compared with
 * the member count of the parsed value, it tells whether any key was repeated (JSON.parse keeps the
 * last one silently) without building the full index.
 */
export function countJsonMembers(text: string): number {
  let count = 0;
  let i = 0;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return count;
    i = skipString(text, quote);
    // Only a key is followed by a colon.
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    if (c === 58) {
      count++;
      i++;
    }
  }
}

/** Offset just past the value starting at `from`. */
export function skipValue(text: string, from: number): number {
  const c = text.charCodeAt(from);
  if (c === 34) return skipString(text, from);
  if (c !== 123 && c !== 91) {
    let i = from;
    while (i < text.length && !isDelimiter(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  let i = from;
  for (;;) {
    const d = text.charCodeAt(i);
    if (Number.isNaN(d)) return i;
    if (d === 34) {
      i = skipString(text, i);
      continue;
    }
    if (d === 123 || d === 91) depth++;
    else if (d === 125 || d === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
}

/**
 * Spans of JSON nodes found by pointer, indexing only the containers a lookup walks through. A
 * document with a few dozen findings touches a few hundred of its hundreds of thousands of nodes;
 * building the full structural index (./json-index.ts) for them cost more than the whole check.
 *
 * Each container remembers the members it has passed so far and where its scan stopped. A member's
 * value is skipped only when the scan moves past it, and a value that lookups have already entered
 * is skipped by finishing its own scan: each character is read once, however many lookups pass
 * through it. (Skipping every value when its key was read, the scan of `paths` was read again by
 * the root's scan on its way to `components`: 2.5 times the text for the findings of one document.)
 * The text must be valid JSON without repeated keys (both checked before this runs): the first
 * member with a key is then the only one, as `JSON.parse` sees it.
 */
import { type JsonSpan, skipString, skipValue, skipWhitespace } from "./json-index.js";

interface Member {
  /** The member's key (unescaped), or undefined for an array item. */
  key?: string;
  /** Start of the member's key, or -1 for an array item. */
  keyStart: number;
  valueStart: number;
}

interface Container {
  readonly isObject: boolean;
  /** Members scanned so far: by key for an object, in order for an array. */
  readonly byKey: Map<string, Member>;
  readonly items: Member[];
  /**
   * Offset of the next unscanned member (or of the closing bracket), once `pending` is skipped.
   */
  resume: number;
  /** The member read last, whose value is not skipped yet: a lookup may go into it next. */
  pending: Member | undefined;
  /** Offset just past the closing bracket, once the scan reached it. */
  end: number;
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

export class JsonPathIndex {
  /** Containers by the offset of their opening bracket. */
  readonly #containers = new Map<number, Container>();
  /** Value ends already computed, by value start. */
  readonly #ends = new Map<number, number>();
  readonly #root: number;

  constructor(readonly text: string) {
    this.#root = skipWhitespace(text, 0);
  }

  /** Span of the node at `segments` (from its key for object members), undefined when absent. */
  span(segments: readonly string[]): JsonSpan | undefined {
    let member: Member = { keyStart: -1, valueStart: this.#root };
    for (const segment of segments) {
      const container = this.#container(member.valueStart);
      if (container === undefined) return undefined;
      const child = this.#child(container, segment);
      if (child === undefined) return undefined;
      member = child;
    }
    return {
      start: member.keyStart >= 0 ? member.keyStart : member.valueStart,
      end: this.#end(member.valueStart),
    };
  }

  #container(valueStart: number): Container | undefined {
    const known = this.#containers.get(valueStart);
    if (known) return known;
    const open = this.text.charCodeAt(valueStart);
    if (open !== 123 /* { */ && open !== 91 /* [ */) return undefined;
    const container: Container = {
      isObject: open === 123,
      byKey: new Map(),
      items: [],
      resume: skipWhitespace(this.text, valueStart + 1),
      pending: undefined,
      end: -1,
    };
    this.#containers.set(valueStart, container);
    return container;
  }

  #child(container: Container, segment: string): Member | undefined {
    if (container.isObject) {
      const known = container.byKey.get(segment);
      if (known) return known;
      while (container.end === -1) {
        const next = this.#scanMember(container);
        if (next?.key === segment) return next;
      }
      return undefined;
    }
    if (!ARRAY_INDEX.test(segment)) return undefined;
    const index = Number(segment);
    while (container.items.length <= index && container.end === -1) this.#scanMember(container);
    return container.items[index];
  }

  /** Reads the next member (undefined at the closing bracket), leaving its value to be skipped later. */
  #scanMember(container: Container): Member | undefined {
    const text = this.text;
    if (container.pending !== undefined) {
      let after = skipWhitespace(text, this.#end(container.pending.valueStart));
      if (text.charCodeAt(after) === 44 /* , */) after = skipWhitespace(text, after + 1);
      container.resume = after;
      container.pending = undefined;
    }
    let i = container.resume;
    const c = text.charCodeAt(i);
    if (c === 125 /* } */ || c === 93 /* ] */ || Number.isNaN(c)) {
      container.end = i + 1;
      return undefined;
    }
    let member: Member;
    if (container.isObject) {
      const keyStart = i;
      const keyEnd = skipString(text, i);
      i = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past the colon
      member = { key: unescapedKey(text.slice(keyStart + 1, keyEnd - 1)), keyStart, valueStart: i };
      container.byKey.set(member.key as string, member);
    } else {
      member = { keyStart: -1, valueStart: i };
    }
    container.items.push(member);
    container.pending = member;
    return member;
  }

  /** Offset just past the value at `valueStart`; a container already entered finishes its own scan. */
  #end(valueStart: number): number {
    let end = this.#ends.get(valueStart);
    if (end === undefined) {
      const entered = this.#containers.get(valueStart);
      if (entered !== undefined) {
        while (entered.end === -1) this.#scanMember(entered);
        end = entered.end;
      } else {
        end = skipValue(this.text, valueStart);
      }
      this.#ends.set(valueStart, end);
    }
    return end;
  }
}

function unescapedKey(raw: string): string {
  return raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
}

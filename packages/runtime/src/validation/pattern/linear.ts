/**
 * A pattern matcher whose time grows linearly with the input: the pattern becomes a Thompson NFA and
 * `test` walks the input once, carrying the set of states alive at each character. V8's RegExp
 * backtracks instead, and a pattern with nested quantifiers, e.g. `^([\w .-]*)*$`, takes exponential
 * time on a string that almost matches: one such value in a payload would block the event loop.
 *
 * `test` only asks whether a match exists, and for the regular part of the dialect (everything but
 * back-references and lookarounds, see ./parse.ts) that answer is the same for both engines.
 */
import { anchoredAtStart } from "./may-backtrack.js";
import { type PatternNode, parsePattern, Unsupported } from "./parse.js";

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

type Assertion = Extract<PatternNode, { kind: "assert" }>["at"];

/** Beyond this many states (counted repetitions expand), the pattern keeps the native RegExp. */
const MAX_STATES = 100_000;
/** Beyond this many DFA states, a pattern's matches simulate the NFA instead (memory stays bounded). */
const MAX_DFA_STATES = 2_000;

interface DfaState {
  /** The NFA states entered on the way here, before following empty moves. */
  kernel: number[];
  /** The character states reachable from them: what the next character is tried against. */
  chars: number[];
  /** Whether the match state is reachable here before the end of the input. */
  matchedInside: boolean;
  /** The same at the end of the input (where `$` holds), worked out when first needed. */
  matchedAtEnd?: boolean;
  /** By class of character (`classOf`): small numbers, so an array. */
  next: (DfaState | undefined)[];
}

class LazyDfa {
  readonly states = new Map<string, DfaState>();
  initial: DfaState | undefined;
  readonly classes = new Map<string, number>();
  readonly asciiClasses = new Int32Array(128).fill(-1);
}

/** One single-character item of the pattern, decided by V8 itself and remembered for ASCII. */
class CharTest {
  private readonly regExp: RegExp;
  private readonly ascii = new Int8Array(128).fill(-1);
  constructor(
    item: string,
    flags: string,
    private readonly unicode: boolean,
  ) {
    try {
      this.regExp = new RegExp(`^(?:${item})$`, flags);
    } catch {
      throw new Unsupported(`item ${item}`);
    }
  }

  test(code: number): boolean {
    if (code < 128) {
      const known = this.ascii[code] as number;
      if (known >= 0) return known === 1;
      const verdict = this.regExp.test(String.fromCharCode(code));
      this.ascii[code] = verdict ? 1 : 0;
      return verdict;
    }
    return this.regExp.test(this.unicode ? String.fromCodePoint(code) : String.fromCharCode(code));
  }
}

const isWordCode = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

export class LinearPattern {
  private readonly kinds: number[] = [];
  private readonly next: number[] = [];
  private readonly alternative: number[] = [];
  private readonly chars: (CharTest | undefined)[] = [];
  private readonly assertions: (Assertion | undefined)[] = [];
  /** Every distinct single-character item, in a fixed order: a character's class is their verdicts. */
  private readonly tests: CharTest[] = [];
  private readonly start: number;
  private readonly anchored: boolean;
  /** Set while the pattern has no word assertion (`\b`, `\B`), which the DFA does not model. */
  private dfa: LazyDfa | undefined;
  private readonly unicode: boolean;
  private readonly seen: Int32Array;
  private round = 0;
  private readonly stack: number[] = [];

  /**
   * Throws `Unsupported` for a pattern outside the regular part of the dialect. `tree`: the pattern
   * already parsed (./parse.ts), when the caller has it.
   */
  constructor(
    readonly source: string,
    readonly flags: string,
    tree?: PatternNode,
  ) {
    if (/[^u]/.test(flags)) throw new Unsupported(`flags ${flags}`);
    this.unicode = flags.includes("u");
    tree ??= parsePattern(source, this.unicode);
    const tests = new Map<string, CharTest>();
    const match = this.state(MATCH, -1);
    this.start = this.compile(tree, match, tests);
    this.anchored = anchoredAtStart(tree);
    this.seen = new Int32Array(this.kinds.length);
    this.tests = [...tests.values()];
    if (!this.assertions.some((at) => at === "word" || at === "non-word")) this.dfa = new LazyDfa();
  }

  /** As a RegExp prints itself: ajv tells compiled patterns apart by this. */
  toString(): string {
    return `/${this.source}/${this.flags}`;
  }

  private state(kind: number, next: number, alternative = -1): number {
    if (this.kinds.length >= MAX_STATES) throw new Unsupported("too many states");
    this.kinds.push(kind);
    this.next.push(next);
    this.alternative.push(alternative);
    this.chars.push(undefined);
    this.assertions.push(undefined);
    return this.kinds.length - 1;
  }

  /** The states for `node`, built back to front: the returned state leads on to `next`. */
  private compile(node: PatternNode, next: number, tests: Map<string, CharTest>): number {
    switch (node.kind) {
      case "char": {
        const id = this.state(CHAR, next);
        let test = tests.get(node.item);
        if (!test) {
          test = new CharTest(node.item, this.flags, this.unicode);
          tests.set(node.item, test);
        }
        this.chars[id] = test;
        return id;
      }
      case "assert": {
        const id = this.state(ASSERT, next);
        this.assertions[id] = node.at;
        return id;
      }
      case "seq": {
        let head = next;
        for (let index = node.items.length - 1; index >= 0; index--)
          head = this.compile(node.items[index] as PatternNode, head, tests);
        return head;
      }
      case "alt": {
        let head = this.compile(node.options[node.options.length - 1] as PatternNode, next, tests);
        for (let index = node.options.length - 2; index >= 0; index--)
          head = this.state(SPLIT, this.compile(node.options[index] as PatternNode, next, tests), head);
        return head;
      }
      case "repeat": {
        let head = next;
        if (node.max === Number.POSITIVE_INFINITY) {
          const loop = this.state(SPLIT, -1, next);
          this.next[loop] = this.compile(node.node, loop, tests);
          head = loop;
        } else {
          for (let count = node.min; count < node.max; count++)
            head = this.state(SPLIT, this.compile(node.node, head, tests), next);
        }
        for (let count = 0; count < node.min; count++) head = this.compile(node.node, head, tests);
        return head;
      }
    }
  }

  /** Whether some part of `input` matches, as `RegExp.prototype.test` answers it. */
  test(input: string): boolean {
    if (this.dfa) {
      const verdict = this.runDfa(this.dfa, input);
      if (verdict !== undefined) return verdict;
      this.dfa = undefined; // too many DFA states for this pattern: simulate the NFA from now on
    }
    return this.simulate(input);
  }

  /**
   * The DFA walk (RE2's design): each set of NFA states met is a DFA state, built the first time
   * it is reached and kept with its transitions, per class of characters. Most inputs then cost a
   * lookup per character. Undefined when the pattern needs more states than the DFA keeps.
   */
  private runDfa(dfa: LazyDfa, input: string): boolean | undefined {
    const length = input.length;
    if (length === 0) return this.closure([this.start], true, true).matched;
    dfa.initial ??= this.dfaState(dfa, [this.start], true);
    let state = dfa.initial;
    if (state.matchedInside) return true;
    for (let position = 0; position < length; ) {
      const code = this.unicode ? (input.codePointAt(position) as number) : input.charCodeAt(position);
      position += code > 0xffff ? 2 : 1;
      const kind = this.classOf(dfa, code);
      let next = state.next[kind];
      if (next === undefined) {
        const kernel: number[] = [];
        for (const id of state.chars)
          if ((this.chars[id] as CharTest).test(code)) kernel.push(this.next[id] as number);
        if (!this.anchored) kernel.push(this.start);
        if (dfa.states.size >= MAX_DFA_STATES) return undefined;
        next = this.dfaState(dfa, kernel, false);
        state.next[kind] = next;
      }
      state = next;
      if (position === length) {
        state.matchedAtEnd ??= this.closure(state.kernel, false, true).matched;
        return state.matchedAtEnd;
      }
      if (state.matchedInside) return true;
      if (this.anchored && state.chars.length === 0) return false;
    }
    return false;
  }

  private dfaState(dfa: LazyDfa, kernel: number[], atStart: boolean): DfaState {
    const unique = [...new Set(kernel)].sort((a, b) => a - b);
    const key = `${atStart ? "^" : ""}${unique.join(",")}`;
    let state = dfa.states.get(key);
    if (state === undefined) {
      const { chars, matched } = this.closure(unique, atStart, false);
      state = { kernel: unique, chars, matchedInside: matched, next: [] };
      dfa.states.set(key, state);
    }
    return state;
  }

  /** Which of the pattern's character items accept `code`, as a number naming that combination. */
  private classOf(dfa: LazyDfa, code: number): number {
    if (code < 128) {
      const known = dfa.asciiClasses[code] as number;
      if (known >= 0) return known;
    }
    let signature = "";
    for (const test of this.tests) signature += test.test(code) ? "1" : "0";
    let kind = dfa.classes.get(signature);
    if (kind === undefined) {
      kind = dfa.classes.size;
      dfa.classes.set(signature, kind);
    }
    if (code < 128) dfa.asciiClasses[code] = kind;
    return kind;
  }

  /** The character states reachable from `kernel` without reading, where only `^`/`$` can be asserted. */
  private closure(
    kernel: readonly number[],
    atStart: boolean,
    atEnd: boolean,
  ): { chars: number[]; matched: boolean } {
    this.newRound();
    const holds = (at: Assertion) => (at === "start" ? atStart : atEnd);
    const chars: number[] = [];
    for (const id of kernel) if (this.follow(id, holds, chars)) return { chars, matched: true };
    return { chars, matched: false };
  }

  /**
   * Adds the character states reachable from `from` without reading to `list`, skipping those this
   * round has met already; true (and stops) when the match state is reachable. `holds` answers
   * the assertions where the walk stands.
   */
  private follow(from: number, holds: (at: Assertion) => boolean, list: number[]): boolean {
    const { seen, round, stack } = this;
    stack.push(from);
    while (stack.length > 0) {
      const id = stack.pop() as number;
      if (seen[id] === round) continue;
      seen[id] = round;
      switch (this.kinds[id]) {
        case CHAR:
          list.push(id);
          break;
        case SPLIT:
          stack.push(this.alternative[id] as number, this.next[id] as number);
          break;
        case ASSERT:
          if (holds(this.assertions[id] as Assertion)) stack.push(this.next[id] as number);
          break;
        case MATCH:
          stack.length = 0;
          return true;
      }
    }
    return false;
  }

  /**
   * Starts a new set of marks: each step marks the states it reaches with a new round number, so
   * nothing is cleared between steps or calls, until the numbers would overflow.
   */
  private newRound(): void {
    if (++this.round > 0x3fffffff) {
      this.seen.fill(0);
      this.round = 1;
    }
  }

  /** The NFA walked state set by state set: for patterns with word assertions, or too many DFA states. */
  private simulate(input: string): boolean {
    let current: number[] = [];
    let following: number[] = [];
    const length = input.length;
    // Adds `from` and what follows it without reading, at `position`, to `list` (see `follow`).
    const enter = (from: number, position: number, list: number[]): boolean =>
      this.follow(from, (at) => this.holds(at, input, position), list);

    this.newRound();
    if (enter(this.start, 0, current)) return true;
    const between: number[] = [];
    for (let position = 0; position < length; ) {
      const code = this.unicode ? (input.codePointAt(position) as number) : input.charCodeAt(position);
      if (code > 0xffff && !this.anchored) {
        // V8 also tries a match between the halves of a surrogate pair, where only an empty one
        // (`\B`) can succeed: no character can be read from there.
        this.newRound();
        between.length = 0;
        if (enter(this.start, position + 1, between)) return true;
      }
      position += code > 0xffff ? 2 : 1;
      this.newRound();
      following.length = 0;
      for (const id of current) {
        if ((this.chars[id] as CharTest).test(code) && enter(this.next[id] as number, position, following))
          return true;
      }
      if (!this.anchored && enter(this.start, position, following)) return true;
      if (following.length === 0 && this.anchored) return false;
      [current, following] = [following, current];
    }
    return false;
  }

  private holds(at: Assertion, input: string, position: number): boolean {
    switch (at) {
      case "start":
        return position === 0;
      case "end":
        return position === input.length;
      default: {
        const before = position > 0 && isWordCode(input.charCodeAt(position - 1));
        const after = position < input.length && isWordCode(input.charCodeAt(position));
        return (before !== after) === (at === "word");
      }
    }
  }
}

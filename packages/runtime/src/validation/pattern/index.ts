/**
 * How every validator of a contract compiles a schema's `pattern` and `patternProperties` keys:
 * generated validators (through ajv's `code.regExp`), and the document's own checker in mock and
 * verify. Only `test` is ever called on the result.
 */
import { LinearPattern } from "./linear.js";
import { degreeOf } from "./may-backtrack.js";
import { type PatternNode, parsePattern, Unsupported } from "./parse.js";

export { LinearPattern } from "./linear.js";
export { backtrackingDegree, mayBacktrack } from "./may-backtrack.js";

/** What a compiled pattern offers: ajv's `RegExpLike`. */
export interface PatternMatcher {
  test(input: string): boolean;
}

/**
 * JSON Schema patterns are ECMA-262 regular expressions and are compiled with the `u` flag for
 * correct Unicode semantics. Real API descriptions often contain patterns that are valid only
 * without `u` (for example `[\w-\.]`); rather than refusing the whole document, such a pattern is
 * compiled without the flag. Generation uses this same function, so a pattern invalid in both
 * modes is reported when validators are generated, not when they run.
 *
 * A pattern that a backtracking engine may need exponential time for is matched by the linear-time
 * engine (`LinearPattern`), so no value, however crafted, can stall the process that checks it.
 * One whose time may grow as n^d (d ≥ 2, see `backtrackingDegree`) stays a native RegExp for values
 * short enough that n^d stays near ten million steps (milliseconds), and goes to the linear engine
 * beyond. Every other pattern stays a native RegExp, the faster of the two on ordinary input.
 */
export function patternRegExp(source: string, flags: string): PatternMatcher {
  let native: RegExp;
  try {
    native = new RegExp(source, flags);
  } catch (error) {
    if (!flags.includes("u")) throw error;
    flags = flags.replace("u", "");
    native = new RegExp(source, flags);
  }
  let tree: PatternNode;
  try {
    tree = parsePattern(source, flags.includes("u"));
  } catch (error) {
    if (error instanceof Unsupported) return native; // back-references, lookarounds: V8 only
    throw error;
  }
  const degree = degreeOf(tree);
  if (degree <= 1) return native;
  if (degree !== Number.POSITIVE_INFINITY) return new LengthGuardedPattern(native, degree);
  return linearOr(native, tree);
}

/** The linear-time engine for `native`'s pattern, or `native` itself when it cannot take it. */
function linearOr(native: RegExp, tree?: PatternNode): PatternMatcher {
  try {
    return new LinearPattern(native.source, native.flags, tree);
  } catch (error) {
    if (error instanceof Unsupported) return native;
    throw error;
  }
}

/** Backtracking steps (n^d) a native match may take before values go to the linear engine. */
const NATIVE_STEPS = 1e7;

/**
 * A native RegExp for values up to a length where its polynomial worst case stays small, the
 * linear-time engine beyond; that engine is built on the first long value (most never see one,
 * and a module of validators compiles all its patterns when it is imported).
 */
export class LengthGuardedPattern implements PatternMatcher {
  readonly nativeUpTo: number;
  private linear: PatternMatcher | undefined;
  constructor(
    private readonly native: RegExp,
    degree: number,
  ) {
    this.nativeUpTo = Math.floor(NATIVE_STEPS ** (1 / degree));
  }

  test(input: string): boolean {
    if (input.length <= this.nativeUpTo) return this.native.test(input);
    this.linear ??= linearOr(this.native);
    return this.linear.test(input);
  }

  /** As a RegExp prints itself: ajv tells compiled patterns apart by this. */
  toString(): string {
    return this.native.toString();
  }
}

/**
 * How every validator of a contract compiles a schema's `pattern` and `patternProperties` keys:
 * generated validators (through ajv's `code.regExp`), and the document's own checker in mock and
 * verify. Only `test` is ever called on the result.
 */
import { LinearPattern } from "./linear.js";
import { mayBacktrack } from "./may-backtrack.js";
import { Unsupported } from "./parse.js";

export { LinearPattern } from "./linear.js";
export { mayBacktrack } from "./may-backtrack.js";

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
 * A pattern that a backtracking engine may need exponential time for (`mayBacktrack`) is matched by
 * the linear-time engine instead, so no value, however crafted, can stall the process that checks
 * it. Every other pattern stays a native RegExp, the faster of the two on ordinary input.
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
  if (!mayBacktrack(source, flags.includes("u"))) return native;
  try {
    return new LinearPattern(source, flags);
  } catch (error) {
    if (error instanceof Unsupported) return native;
    throw error;
  }
}

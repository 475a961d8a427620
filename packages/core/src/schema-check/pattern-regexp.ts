import { type PatternMatcher, patternRegExp } from "@contract/runtime/validation";
import { portablePattern } from "../load/pattern-check.js";

/**
 * How every validator of a contract compiles a schema's `pattern` is the runtime's `patternRegExp`,
 * which generated validators call: with the `u` flag when the pattern allows it, else without
 * (`check` reports such a pattern as `pattern-non-unicode` when it means the same there), and in
 * linear time when backtracking could take exponential time. Generated validators get each pattern
 * as `portablePattern` gives it (see `checkedPatternRegExp`).
 */
export { type PatternMatcher, patternRegExp };

/** Matches every string: the stand-in for a pattern validators do not check. */
const UNCHECKED = /(?:)/;

/**
 * A schema's `pattern` as the generated validators check it, for checks made from the document
 * itself (mock, verify): its JavaScript translation when it is written in another dialect, and no
 * check at all when JavaScript cannot read it (`pattern-dialect`, `pattern-unsupported`).
 */
export function checkedPatternRegExp(source: string, flags: string): PatternMatcher {
  const portable = portablePattern(source);
  return portable === undefined ? UNCHECKED : patternRegExp(portable, flags);
}

import { portablePattern } from "../load/pattern-check.js";

/**
 * How every validator of a contract compiles a schema's `pattern`: with the `u` flag when the
 * pattern allows it, else without (`check` reports such a pattern as `pattern-non-unicode` when it
 * means the same there). The same as `patternRegExp` of @contract/runtime, which generated
 * validators call; core does not depend on the runtime. Generated validators get each pattern as
 * `portablePattern` gives it (see `checkedPatternRegExp`).
 */
export function patternRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    if (!flags.includes("u")) throw error;
    return new RegExp(source, flags.replace("u", ""));
  }
}

/** Matches every string: the stand-in for a pattern validators do not check. */
const UNCHECKED = /(?:)/;

/**
 * A schema's `pattern` as the generated validators check it, for checks made from the document
 * itself (mock, verify): its JavaScript translation when it is written in another dialect, and no
 * check at all when JavaScript cannot read it (`pattern-dialect`, `pattern-unsupported`).
 */
export function checkedPatternRegExp(source: string, flags: string): RegExp {
  const portable = portablePattern(source);
  return portable === undefined ? UNCHECKED : patternRegExp(portable, flags);
}

/**
 * Builds the RegExp for a `pattern`/`patternProperties` keyword.
 *
 * JSON Schema patterns are ECMA-262 regular expressions and are compiled with the `u` flag for
 * correct Unicode semantics. Real API descriptions often contain patterns that are valid only
 * without `u` (for example `[\w-\.]`); rather than refusing the whole document, such a pattern is
 * compiled without the flag. Generation uses this same function, so a pattern invalid in both
 * modes is reported when validators are generated, not when they run.
 */
export function patternRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    if (!flags.includes("u")) throw error;
    return new RegExp(source, flags.replace("u", ""));
  }
}

/**
 * How every validator of a contract compiles a schema's `pattern`: with the `u` flag when the
 * pattern allows it, else without (`check` reports such a pattern as `pattern-non-unicode` when it
 * means the same there). The same as `patternRegExp` of @contract/runtime, which generated
 * validators call; core does not depend on the runtime.
 */
export function patternRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    if (!flags.includes("u")) throw error;
    return new RegExp(source, flags.replace("u", ""));
  }
}

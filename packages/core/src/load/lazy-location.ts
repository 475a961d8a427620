/**
 * A diagnostic whose `location` is computed the first time it is read. Finding a position in a big
 * JSON file means indexing it; a load that reports nothing, or whose caller never prints
 * positions, should not pay for that.
 */
import type { Diagnostic, SourceLocation } from "../diagnostics.js";

export function withLazyLocation(
  diagnostic: Omit<Diagnostic, "location">,
  locate: () => SourceLocation | undefined,
): Diagnostic {
  let cached: SourceLocation | undefined;
  let done = false;
  const out = { ...diagnostic } as Diagnostic;
  Object.defineProperty(out, "location", {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        cached = locate();
        done = true;
      }
      return cached;
    },
    set(value: SourceLocation | undefined) {
      cached = value;
      done = true;
    },
  });
  return out;
}

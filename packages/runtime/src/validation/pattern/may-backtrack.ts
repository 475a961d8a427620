import { type PatternNode, parsePattern, Unsupported } from "./parse.js";

/**
 * Whether a backtracking engine may take more than linear time on this pattern: a repetition whose
 * body can itself match in more than one way (it holds a variable repetition or an alternation),
 * as in `(a+)+`, `(a?b?)*`, `(\w|\d)*` or `([\w.-]*)*`. Safe patterns of that shape
 * (`^([a-z]+-)*[a-z]+$`) are included too: they cost only the slower engine, never a wrong answer.
 * Polynomial slow-downs without nesting (`\s+$` on a long run of spaces: quadratic) are left to V8.
 */
export function mayBacktrack(source: string, unicode: boolean): boolean {
  try {
    return hasNestedChoice(parsePattern(source, unicode), false);
  } catch (error) {
    if (error instanceof Unsupported) return false;
    throw error;
  }
}

function hasNestedChoice(node: PatternNode, insideRepeat: boolean): boolean {
  switch (node.kind) {
    case "repeat":
      if (insideRepeat && node.max !== node.min) return true;
      return hasNestedChoice(node.node, insideRepeat || node.max > 1);
    case "alt":
      return (
        (insideRepeat && node.options.length > 1) ||
        node.options.some((o) => hasNestedChoice(o, insideRepeat))
      );
    case "seq":
      return node.items.some((item) => hasNestedChoice(item, insideRepeat));
    default:
      return false;
  }
}

import { type PatternNode, parsePattern, Unsupported } from "./parse.js";

/**
 * How V8's backtracking time on this pattern may grow with the length n of the value, as the
 * exponent d of n^d: `Infinity` when it may be exponential, 0 for a pattern that cannot backtrack
 * at all, `undefined` when the pattern is outside what ./parse.ts models (back-references,
 * lookarounds: V8 alone can match those).
 *
 * - Exponential: a repetition whose body can itself match in more than one way (it holds a variable
 *   repetition or an alternation), as in `(a+)+`, `(a?b?)*`, `(\w|\d)*` or `([\w.-]*)*`. Safe
 *   patterns of that shape (`^([a-z]+-)*[a-z]+$`) are included too: they cost only the slower
 *   engine, never a wrong answer.
 * - Polynomial: each variable repetition may give back what it took, so k of them in a row may try
 *   up to n^k splits (`^[a-z]+\d*[a-z]+$`), and a pattern not anchored at the start is tried from
 *   every position, one more factor n (`\s+$` on a long run of spaces is quadratic).
 */
export function backtrackingDegree(source: string, unicode: boolean): number | undefined {
  let tree: PatternNode;
  try {
    tree = parsePattern(source, unicode);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  return degreeOf(tree);
}

/** `backtrackingDegree` of a parsed pattern. */
export function degreeOf(tree: PatternNode): number {
  if (hasNestedChoice(tree, false)) return Number.POSITIVE_INFINITY;
  const repetitions = variableRepetitions(tree);
  return repetitions === 0 ? 0 : repetitions + (anchoredAtStart(tree) ? 0 : 1);
}

/** Whether V8 may take exponential time on this pattern (see `backtrackingDegree`). */
export function mayBacktrack(source: string, unicode: boolean): boolean {
  return backtrackingDegree(source, unicode) === Number.POSITIVE_INFINITY;
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

/** Repetitions that may take more than one length (`+`, `*`, `{2,5}`; not `?` or `{3}`). */
function variableRepetitions(node: PatternNode): number {
  switch (node.kind) {
    case "repeat":
      return (node.max > 1 && node.max !== node.min ? 1 : 0) + variableRepetitions(node.node);
    case "alt":
      return node.options.reduce((sum, option) => sum + variableRepetitions(option), 0);
    case "seq":
      return node.items.reduce((sum, item) => sum + variableRepetitions(item), 0);
    default:
      return 0;
  }
}

/** Whether every match must begin at the start of the input (`^…`, `^a|^b`). */
export function anchoredAtStart(node: PatternNode): boolean {
  switch (node.kind) {
    case "assert":
      return node.at === "start";
    case "seq":
      return node.items[0] !== undefined && anchoredAtStart(node.items[0]);
    case "alt":
      return node.options.every(anchoredAtStart);
    default:
      return false;
  }
}

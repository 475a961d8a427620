export {
  createSchemaChecker,
  type SchemaCheck,
  type SchemaChecker,
  type SchemaCheckerOptions,
  type SchemaIssue,
} from "./checker.js";
export { type Direction, documentFor, requiredFor } from "./direction.js";
export { checkedPatternRegExp, type PatternMatcher, patternRegExp } from "./pattern-regexp.js";

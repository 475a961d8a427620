/**
 * Schema checks of request and response values with core's schema checker (every issue of a value,
 * not only the first). Each schema is compiled the first time a request needs it, so a mock of a
 * large spec (GitHub's REST description) starts without compiling all of it.
 */
import { createSchemaChecker, type Direction, type SchemaIssue } from "@contract/core";

export type { Direction };

export interface SchemaProblem {
  /** JSON pointer into the checked value. */
  pointer: string;
  message: string;
  keyword: string;
}

export type SchemaCheck = (value: unknown) => SchemaProblem[];

/** Nothing to check against. */
const UNCHECKED: SchemaCheck = () => [];

/** Checks for the schemas at JSON pointers of `document`; a value travels as a response by default. */
export function createChecker(
  document: unknown,
): (schemaPointer: string, direction?: Direction) => SchemaCheck {
  const checker = createSchemaChecker(document, { allErrors: true });
  const uncompilable = new Set<string>();
  return (schemaPointer, direction = "response") => {
    const key = `${direction}\u0000${schemaPointer}`;
    if (uncompilable.has(key)) return UNCHECKED;
    try {
      const check = checker(schemaPointer, direction);
      return (value) => check(value).map(toProblem);
    } catch {
      // A schema ajv cannot compile (a dangling ref): the mock still answers, unchecked.
      uncompilable.add(key);
      return UNCHECKED;
    }
  };
}

function toProblem(issue: SchemaIssue): SchemaProblem {
  const extra =
    issue.keyword === "additionalProperties" ? ` (${String(issue.params.additionalProperty)})` : "";
  return { pointer: issue.pointer, message: `${issue.message}${extra}`, keyword: issue.keyword };
}

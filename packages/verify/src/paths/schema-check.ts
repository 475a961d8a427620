/**
 * Request and response values checked with core's schema checker, each problem worded for a
 * verify finding: a pointer into the value, one into the spec (the keyword that failed), and a
 * message that names a missing property plainly.
 */
import { createSchemaChecker, type Direction, type SchemaIssue } from "@contract/core";

export interface SchemaProblem {
  /** JSON pointer into the checked value. */
  instancePointer: string;
  /** JSON pointer into the spec: the schema keyword that failed (the checked schema when unknown). */
  specPointer: string;
  message: string;
  keyword: string;
}

export type SchemaValidator = (schemaPointer: string, value: unknown) => SchemaProblem[];

/** Checks values travelling in `direction` (a request need not carry a required readOnly property). */
export function createValidator(document: unknown, direction: Direction): SchemaValidator {
  const checker = createSchemaChecker(document);
  return (schemaPointer, value) =>
    checker(schemaPointer, direction)(value).map((issue) => toProblem(issue, schemaPointer));
}

function toProblem(issue: SchemaIssue, schemaPointer: string): SchemaProblem {
  const missing = issue.params.missingProperty;
  const message =
    issue.keyword === "required" && typeof missing === "string"
      ? `missing required property ${JSON.stringify(missing)}`
      : issue.message;
  return {
    instancePointer: issue.pointer,
    specPointer: issue.schemaPointer ?? schemaPointer,
    message,
    keyword: issue.keyword,
  };
}

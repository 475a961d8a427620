/**
 * One declared parameter or header checked against what arrived: missing when required, else its
 * value (read by its style) against its schema. Request parameters and the headers of a multipart
 * part (Encoding Object `headers`) are checked alike.
 */
import { type IRParameter, type RawRequestParts, readParameter } from "@contract/core";
import type { RequestIssue } from "./problem.js";

/** Schema issues of `value`, with pointers under `at` (the request's pointer of the value). */
export type CheckAt = (schemaPointer: string, value: unknown, at: string) => RequestIssue[];

export function parameterIssues(
  parameter: IRParameter,
  parts: RawRequestParts,
  /** Where the value sits in the request, e.g. `/query/limit`. */
  at: string,
  /** What it is, for the message: `query parameter`, `part header`. */
  kind: string,
  document: unknown,
  checkAt: CheckAt,
): RequestIssue[] {
  const value = readParameter(parameter, parts, document);
  if (value === undefined)
    return parameter.required
      ? [
          {
            pointer: at,
            specPointer: parameter.pointer,
            message: `required ${kind} "${parameter.name}" is missing`,
            keyword: "required",
          },
        ]
      : [];
  const schemaPointer = parameter.schemaPointer ?? parameter.content?.schemaPointer;
  return schemaPointer ? checkAt(schemaPointer, value, at) : [];
}

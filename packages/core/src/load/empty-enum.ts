/**
 * `enum: []` is legal in JSON Schema 2020-12 and admits no value at all: generated code honours it
 * (types: `never`, validators: reject), and the loader warns, since it is rarely meant.
 */
import type { Diagnostic } from "../diagnostics.js";
import { pathToPointer, type SchemaPath } from "./schema-walk.js";

export function emptyEnumWarning(
  schema: Record<string, unknown>,
  path: SchemaPath,
): Omit<Diagnostic, "location"> | undefined {
  const values = schema?.enum;
  if (!Array.isArray(values) || values.length > 0) return undefined;
  return {
    severity: "warning",
    code: "enum-empty",
    message: "`enum: []` allows no value: nothing is valid here (the generated type is `never`)",
    pointer: `${pathToPointer(path)}/enum`,
  };
}

/**
 * `nullable` inside a 3.1 document is an unknown keyword (an annotation) in JSON Schema 2020-12: it
 * allows nothing. The document is left alone, so every 3.1 tool sees the same schema, and each
 * occurrence gets a warning saying how to express it.
 */
import type { Diagnostic } from "../diagnostics.js";
import { pathToPointer, walkSchemas } from "./schema-walk.js";

export function findNullableIn31(
  document: unknown,
  mayShareObjects = true,
): Array<Omit<Diagnostic, "location">> {
  const found: Array<Omit<Diagnostic, "location">> = [];
  walkSchemas(
    document,
    (schema, path) => {
      if (Object.hasOwn(schema, "nullable")) {
        found.push({
          severity: "warning",
          code: "nullable-in-3.1",
          message:
            '`nullable` is not a keyword in OpenAPI 3.1 and has no effect; use `type: [..., "null"]` or `anyOf` with `{type: "null"}`',
          pointer: `${pathToPointer(path)}/nullable`,
        });
      }
      return schema;
    },
    mayShareObjects,
  );
  return found;
}

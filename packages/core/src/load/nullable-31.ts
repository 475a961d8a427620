/**
 * `nullable` inside a 3.1 document: not a keyword of JSON Schema 2020-12, yet real 3.1 specs use it
 * (often hundreds of times) meaning what it meant in 3.0. It is honoured as the author meant, the
 * way the 3.0 upgrade converts it (`nullable: true` also allows `null`; `nullable: false` is
 * dropped), so types, validators, the synthesizer and diff all read the same schema and no tool
 * (ajv has a `nullable` keyword of its own) interprets it differently. One warning says so.
 * The same walk warns about `enum: []` and `enum` values the `type` rejects (see ./enum-warning.ts).
 */
import type { Diagnostic } from "../diagnostics.js";
import { enumWarning } from "./enum-warning.js";
import { pathToPointer, walkSchemas } from "./schema-walk.js";
import { applyNullable } from "./upgrade-30.js";

export function honourNullableIn31(
  document: unknown,
  mayShareObjects = true,
): Array<Omit<Diagnostic, "location">> {
  const found: Array<Omit<Diagnostic, "location">> = [];
  let count = 0;
  let first: string | undefined;
  walkSchemas(
    document,
    (schema, path) => {
      let result: unknown = schema;
      if (Object.hasOwn(schema, "nullable")) {
        count++;
        first ??= `${pathToPointer(path)}/nullable`;
        result = applyNullable(schema);
      }
      // After `nullable`: beside `enum: []` it has made it `enum: [null]`.
      const empty = enumWarning(result as Record<string, unknown>, path);
      if (empty) found.push(empty);
      return result;
    },
    mayShareObjects,
  );
  if (first === undefined) return found;
  const where = count === 1 ? "1 schema uses" : `${count} schemas use`;
  return [
    ...found,
    {
      severity: "warning",
      code: "nullable-in-3.1",
      message: `${where} \`nullable\`, which is not a keyword in OpenAPI 3.1; it is read as in 3.0 (\`nullable: true\` also allows null). Write \`type: [..., "null"]\` or \`anyOf\` with \`{type: "null"}\` instead`,
      pointer: first,
    },
  ];
}

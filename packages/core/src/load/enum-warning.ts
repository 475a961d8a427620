/**
 * `enum` lists no generated code can honour as the author likely meant, warned about by the
 * loader's schema walk (after `nullable` is applied):
 * - `enum: []` is legal in JSON Schema 2020-12 and admits no value at all: generated code honours it
 *   (types: `never`, validators: reject), and the loader warns, since it is rarely meant.
 * - An `enum` value the schema's `type` rejects is never valid (`type: integer, enum: ["a"]`,
 *   `type: object, enum: [A, B]`, unquoted `enum: [1, 2]` under `type: string`). When no value is of
 *   the type, nothing is valid: types print `never` there too, as validators reject everything.
 */
import type { Diagnostic } from "../diagnostics.js";
import { pathToPointer, type SchemaPath } from "./schema-walk.js";

/** JSON Schema's reading of each `type` name. */
const IS_OF_TYPE: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  number: (value) => typeof value === "number",
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  array: (value) => Array.isArray(value),
  object: (value) => value !== null && typeof value === "object" && !Array.isArray(value),
};

/** The values of a non-empty `enum` that its schema's `type` rejects (none when `type` is absent or unknown). */
export function enumValuesOutsideType(schema: Record<string, unknown>): unknown[] {
  const values = schema.enum;
  const type = schema.type;
  if (!Array.isArray(values) || values.length === 0) return [];
  const names = typeof type === "string" ? [type] : Array.isArray(type) ? type : undefined;
  if (names === undefined || names.length === 0) return [];
  const tests = names.map((name) => (typeof name === "string" ? IS_OF_TYPE[name] : undefined));
  // An unknown type name is `schema-object`'s error; nothing to add here.
  if (tests.some((test) => test === undefined)) return [];
  return values.filter((value) => !tests.some((test) => test?.(value)));
}

export function enumWarning(
  schema: Record<string, unknown>,
  path: SchemaPath,
): Omit<Diagnostic, "location"> | undefined {
  const values = schema?.enum;
  if (!Array.isArray(values)) return undefined;
  const pointer = `${pathToPointer(path)}/enum`;
  if (values.length === 0)
    return {
      severity: "warning",
      code: "enum-empty",
      message: "`enum: []` allows no value: nothing is valid here (the generated type is `never`)",
      pointer,
    };
  const outside = enumValuesOutsideType(schema);
  if (outside.length === 0) return undefined;
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : String(schema.type);
  if (outside.length === values.length)
    return {
      severity: "warning",
      code: "enum-type-mismatch",
      message: `no \`enum\` value is of type ${type}: nothing is valid here (the generated type is \`never\`)`,
      pointer,
    };
  const shown = outside.slice(0, 3).map((value) => JSON.stringify(value));
  const more = outside.length > 3 ? ` and ${outside.length - 3} more` : "";
  const one = outside.length === 1;
  return {
    severity: "warning",
    code: "enum-type-mismatch",
    message: `\`enum\` value${one ? "" : "s"} ${shown.join(", ")}${more} ${one ? "is" : "are"} not of type ${type}: never valid (validators reject ${one ? "it" : "them"})`,
    pointer,
  };
}

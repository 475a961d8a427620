/**
 * The openapi-typescript options a contract may set. Deliberately a subset: options that would change
 * the *shape* other generators index into (`paths["/x"]["get"]`) are left out — `pathParamsAsTypes`
 * turns path keys into template types, `excludeDeprecated` drops operations the client still calls,
 * `readWriteMarkers` wraps properties, `inject`/`transform` take code or functions a JSON config
 * cannot hold safely.
 */
export interface TypesOptions {
  /** Emit TypeScript `enum` declarations instead of string-literal unions. */
  enum?: boolean;
  /** Also export each enum's values as a readonly array. */
  enumValues?: boolean;
  /** With `enum`, reuse one declaration for enums with identical values. */
  dedupeEnums?: boolean;
  /** Use `type` aliases instead of `interface` for the top-level types. */
  exportType?: boolean;
  /** Make every property and array `readonly`. */
  immutable?: boolean;
  /** Export each `components` entry as its own alias (`SchemaPet`, `ResponseError`, …). */
  rootTypes?: boolean;
  /** With `rootTypes`, drop the `Schema` prefix of schema aliases. */
  rootTypesNoSchemaPrefix?: boolean;
  /** Sort keys alphabetically for stable diffs when the spec reorders them. */
  alphabetize?: boolean;
  /** Allow unknown keys on objects without `additionalProperties: false`. */
  additionalProperties?: boolean;
  /** Type `{}` schemas as `Record<string, unknown>` instead of `Record<string, never>`. */
  emptyObjectsUnknown?: boolean;
  /** Treat properties that have a `default` as present in responses (openapi-typescript default: true). */
  defaultNonNullable?: boolean;
  /** Treat every property as required unless the schema says otherwise. */
  propertiesRequiredByDefault?: boolean;
  /** Turn `minItems`/`maxItems` into tuple types. */
  arrayLength?: boolean;
}

const flag = (description: string) => ({ type: "boolean", description }) as const;

/** JSON Schema of `generators.types` in contract.config (also drives editor completion). */
export const typesOptionsSchema = {
  type: "object",
  description: "Options of the `types` generator (types.ts, from openapi-typescript).",
  additionalProperties: false,
  properties: {
    enum: flag("Emit TypeScript `enum` declarations instead of string-literal unions."),
    enumValues: flag("Also export each enum's values as a readonly array."),
    dedupeEnums: flag("With `enum`, reuse one declaration for enums with identical values."),
    exportType: flag("Use `type` aliases instead of `interface` for the top-level types."),
    immutable: flag("Make every property and array `readonly`."),
    rootTypes: flag("Export each `components` entry as its own alias (`SchemaPet`, `ResponseError`, ...)."),
    rootTypesNoSchemaPrefix: flag("With `rootTypes`, drop the `Schema` prefix of schema aliases."),
    alphabetize: flag("Sort keys alphabetically."),
    additionalProperties: flag("Allow unknown keys on objects without `additionalProperties: false`."),
    emptyObjectsUnknown: flag(
      "Type `{}` schemas as `Record<string, unknown>` instead of `Record<string, never>`.",
    ),
    defaultNonNullable: flag("Treat properties that have a `default` as present (default: true)."),
    propertiesRequiredByDefault: flag("Treat every property as required unless the schema says otherwise."),
    arrayLength: flag("Turn `minItems`/`maxItems` into tuple types."),
  },
} as const;

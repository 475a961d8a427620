/**
 * The keywords of one Schema Object, checked against the dialect of its document: JSON Schema
 * 2020-12 (the default dialect of OpenAPI 3.1, plus the OAS vocabulary: `discriminator`, `xml`,
 * `externalDocs`, `example`) or the Schema Object of OpenAPI 3.0.
 *
 * The official OpenAPI 3.1 schema leaves Schema Objects to the dialect (`$dynamicRef: #meta`), so
 * without this a `type: integr` passes `check` and crashes `gen`. The rules are those of the 2020-12
 * meta-schema (core, applicator, validation, meta-data, format-annotation, content vocabularies)
 * and of `definitions/Schema` in the OAS 3.0 schema; `pattern`s and `patternProperties` keys must
 * compile as generated validators read them (./pattern-check.ts).
 *
 * Shallow on purpose: each Schema Object is checked on its own keywords only (subschemas must be
 * schemas, i.e. objects or booleans, and are visited by the caller's walk), so a check costs one pass
 * over the object's keys, needs no recursion and reports every error at the keyword's own pointer.
 * Unknown keywords are left alone: 2020-12 allows them, and in 3.0 documents the loader carries
 * 3.1 keywords (`const`, `examples`) over rather than refuse them.
 */
import { type PatternProblem, type PatternRule, patternProblem } from "./pattern-check.js";

export type SchemaDialect = "2020-12" | "3.0";

export interface SchemaKeywordFinding {
  /** Path below the Schema Object: the keyword, then (for maps and lists) the entry. */
  keyword: string[];
  message: string;
  /**
   * The rule that reports it. `schema-annotation`: an annotation (`title`, `examples`...) is
   * wrong, but no generated code depends on it, so callers report a warning. `pattern-…`: a
   * pattern JavaScript does not read as written (./pattern-check.ts). `schema-object`: an error.
   */
  rule: SchemaKeywordRule;
}

export type SchemaKeywordRule = "schema-object" | "schema-annotation" | PatternRule;

/**
 * The severity of each kind of finding. `pattern-unsupported` is an error (no JavaScript consumer
 * reads the pattern as its author meant) that does not stop `gen`: validators skip that pattern.
 */
export const SCHEMA_KEYWORD_SEVERITY = {
  "schema-object": "error",
  "schema-annotation": "warning",
  "pattern-non-unicode": "warning",
  "pattern-dialect": "warning",
  "pattern-unsupported": "error",
} as const satisfies Record<SchemaKeywordRule, "error" | "warning">;

const ANNOTATIONS = new Set([
  "title",
  "description",
  "$comment",
  "deprecated",
  "readOnly",
  "writeOnly",
  "examples",
  "xml",
  "externalDocs",
  "contentEncoding",
  "contentMediaType",
]);

type Obj = Record<string, unknown>;
type Check = (value: unknown, dialect: SchemaDialect) => string | undefined;

const TYPES_2020 = ["array", "boolean", "integer", "null", "number", "object", "string"];
const TYPES_30 = ["array", "boolean", "integer", "number", "object", "string"];

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const show = (v: unknown): string => {
  if (v === undefined) return "undefined";
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};
const isSchema = (v: unknown, dialect: SchemaDialect) =>
  isObj(v) || (dialect === "2020-12" && typeof v === "boolean");
const schemaWord = (dialect: SchemaDialect) =>
  dialect === "2020-12" ? "a schema (an object or a boolean)" : "a Schema Object or a Reference Object";

const string: Check = (v) => (typeof v === "string" ? undefined : `must be a string, not ${show(v)}`);
const boolean: Check = (v) => (typeof v === "boolean" ? undefined : `must be true or false, not ${show(v)}`);
const number: Check = (v) =>
  typeof v === "number" && Number.isFinite(v) ? undefined : `must be a number, not ${show(v)}`;
const count: Check = (v) =>
  typeof v === "number" && Number.isInteger(v) && v >= 0
    ? undefined
    : `must be a whole number (0 or more), not ${show(v)}`;
const array: Check = (v) => (Array.isArray(v) ? undefined : `must be an array, not ${show(v)}`);
const object: Check = (v) => (isObj(v) ? undefined : `must be an object, not ${show(v)}`);
const schema: Check = (v, d) => (isSchema(v, d) ? undefined : `must be ${schemaWord(d)}, not ${show(v)}`);

const KEYWORDS: Record<string, Check> = {
  // core
  $id: string,
  $schema: string,
  // A `$ref` to the whole document ("#") is `unresolved-ref`'s business, like any internal `$ref`.
  $ref: string,
  $anchor: string,
  $dynamicRef: string,
  $dynamicAnchor: string,
  $comment: string,
  // validation
  type: (v, d) => {
    const allowed = d === "2020-12" ? TYPES_2020 : TYPES_30;
    const list = allowed.map((t) => `"${t}"`).join(", ");
    if (typeof v === "string")
      return allowed.includes(v) ? undefined : `must be one of ${list}, not ${show(v)}`;
    if (d === "3.0") return `must be one of ${list} (one type: OpenAPI 3.0 has \`nullable\`), not ${show(v)}`;
    if (!Array.isArray(v)) return `must be one of ${list} or an array of them, not ${show(v)}`;
    if (v.length === 0) return "must name at least one type";
    const wrong = v.find((t) => typeof t !== "string" || !allowed.includes(t));
    if (wrong !== undefined) return `must list types among ${list}, not ${show(wrong)}`;
    if (new Set(v).size !== v.length) return "must not list a type twice";
    return undefined;
  },
  enum: (v, d) =>
    !Array.isArray(v)
      ? `must be an array of the allowed values, not ${show(v)}`
      : d === "3.0" && v.length === 0
        ? "must list at least one value"
        : undefined,
  multipleOf: (v) =>
    typeof v === "number" && v > 0 && Number.isFinite(v)
      ? undefined
      : `must be a number above 0, not ${show(v)}`,
  maximum: number,
  minimum: number,
  exclusiveMaximum: (v, d) => (d === "3.0" ? boolean(v, d) : number(v, d)),
  exclusiveMinimum: (v, d) => (d === "3.0" ? boolean(v, d) : number(v, d)),
  maxLength: count,
  minLength: count,
  pattern: (v) =>
    typeof v === "string" ? undefined : `must be a regular expression (a string), not ${show(v)}`,
  maxItems: count,
  minItems: count,
  uniqueItems: boolean,
  maxContains: count,
  minContains: count,
  maxProperties: count,
  minProperties: count,
  required: (v, d) => {
    if (!Array.isArray(v)) return `must be an array of property names, not ${show(v)}`;
    if (d === "3.0" && v.length === 0) return "must list at least one property name";
    const wrong = v.find((n) => typeof n !== "string");
    if (wrong !== undefined) return `must list property names (strings), not ${show(wrong)}`;
    if (new Set(v).size !== v.length) return "must not list a property twice";
    return undefined;
  },
  dependentRequired: (v) => {
    if (!isObj(v)) return `must be an object of property-name arrays, not ${show(v)}`;
    for (const [k, names] of Object.entries(v))
      if (!Array.isArray(names) || names.some((n) => typeof n !== "string"))
        return `\`${k}\` must be an array of property names, not ${show(names)}`;
    return undefined;
  },
  // meta-data, format, content
  title: string,
  description: string,
  deprecated: boolean,
  readOnly: boolean,
  writeOnly: boolean,
  examples: (v, d) => (d === "2020-12" ? array(v, d) : undefined),
  format: string,
  contentEncoding: string,
  contentMediaType: string,
  // OpenAPI
  nullable: (v, d) => (d === "3.0" ? boolean(v, d) : undefined),
  discriminator: (v) => {
    if (!isObj(v)) return `must be an object with a \`propertyName\`, not ${show(v)}`;
    if (typeof v.propertyName !== "string")
      return `\`propertyName\` must be a string (the name of the property that tells the variants apart), not ${show(v.propertyName)}`;
    if (v.mapping !== undefined) {
      if (!isObj(v.mapping))
        return `\`mapping\` must be an object of schema names or $refs, not ${show(v.mapping)}`;
      for (const [k, target] of Object.entries(v.mapping))
        if (typeof target !== "string")
          return `\`mapping\` value of \`${k}\` must be a string, not ${show(target)}`;
    }
    return undefined;
  },
  xml: object,
  externalDocs: object,
};

/** Subschema keywords and how they hold their subschemas (as in ./schema-walk.ts). */
const SUBSCHEMAS = new Map<string, "map" | "list" | "single" | "items">([
  ...["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"].map(
    (k) => [k, "map"] as const,
  ),
  ...["allOf", "anyOf", "oneOf", "prefixItems"].map((k) => [k, "list"] as const),
  ["items", "items"],
  ...[
    "additionalItems",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
  ].map((k) => [k, "single"] as const),
]);
/** OpenAPI 3.0's Schema Object has only these subschema keywords; others are not its business. */
const SUBSCHEMAS_30 = new Set([
  "properties",
  "allOf",
  "anyOf",
  "oneOf",
  "items",
  "additionalProperties",
  "not",
]);

export function checkSchemaObject(node: Obj, dialect: SchemaDialect): SchemaKeywordFinding[] {
  const findings: SchemaKeywordFinding[] = [];
  // A schema that declares another dialect is not ours to judge.
  if (typeof node.$schema === "string" && !isKnownDialect(node.$schema)) return findings;
  for (const key in node) {
    const value = node[key];
    const check = Object.hasOwn(KEYWORDS, key) ? KEYWORDS[key] : undefined;
    if (check) {
      const message = check(value, dialect);
      if (message)
        findings.push({
          keyword: [key],
          message: `\`${key}\` ${message}`,
          rule: ANNOTATIONS.has(key) ? "schema-annotation" : "schema-object",
        });
      else if (key === "pattern") {
        const problem = patternProblem(value as string);
        if (problem)
          findings.push({ keyword: [key], message: `\`pattern\` ${problem.message}`, rule: problem.rule });
      }
      continue;
    }
    const kind = SUBSCHEMAS.get(key);
    if (kind === undefined || (dialect === "3.0" && !SUBSCHEMAS_30.has(key))) continue;
    if (kind === "single") {
      const ok =
        isSchema(value, dialect) ||
        (dialect === "3.0" && key === "additionalProperties" && typeof value === "boolean");
      if (!ok)
        findings.push({
          keyword: [key],
          message: `\`${key}\` must be ${schemaWord(dialect)}, not ${show(value)}`,
          rule: "schema-object",
        });
    } else if (kind === "items") {
      const message = schema(value, dialect);
      if (message) {
        const hint =
          Array.isArray(value) && dialect === "2020-12" ? " (a tuple is `prefixItems` in 2020-12)" : "";
        findings.push({ keyword: [key], message: `\`items\` ${message}${hint}`, rule: "schema-object" });
      }
    } else if (kind === "list") {
      if (!Array.isArray(value) || value.length === 0) {
        findings.push({
          keyword: [key],
          message: `\`${key}\` must be a non-empty array of schemas, not ${show(value)}`,
          rule: "schema-object",
        });
        continue;
      }
      value.forEach((entry, i) => {
        const message = schema(entry, dialect);
        if (message)
          findings.push({
            keyword: [key, String(i)],
            message: `\`${key}\` entry ${message}`,
            rule: "schema-object",
          });
      });
    } else {
      if (!isObj(value)) {
        findings.push({
          keyword: [key],
          message: `\`${key}\` must be an object of schemas, not ${show(value)}`,
          rule: "schema-object",
        });
        continue;
      }
      for (const name in value) {
        const message = schema(value[name], dialect);
        if (message)
          findings.push({
            keyword: [key, name],
            message: `\`${key}\` entry \`${name}\` ${message}`,
            rule: "schema-object",
          });
        if (key === "patternProperties") {
          const problem = patternProblem(name);
          if (problem) findings.push(patternKeyFinding([key, name], "`patternProperties` key", problem));
        }
      }
    }
  }
  return findings;
}

/**
 * A `patternProperties` key that JavaScript reads only as a translation, or not at all, is an error
 * that stops `gen`: unlike a `pattern`, a key cannot be left unchecked without changing which
 * properties the other keywords apply to.
 */
function patternKeyFinding(keyword: string[], prefix: string, problem: PatternProblem): SchemaKeywordFinding {
  return problem.rule === "pattern-non-unicode"
    ? { keyword, message: `${prefix} ${problem.message}`, rule: problem.rule }
    : { keyword, message: `${prefix} ${problem.reason}`, rule: "schema-object" };
}

const DIALECTS = [
  "https://json-schema.org/draft/2020-12/schema",
  "https://spec.openapis.org/oas/3.1/dialect/base",
  "https://spec.openapis.org/oas/3.1/dialect",
  "https://spec.openapis.org/oas/3.2/dialect",
];
/** Whether a `$schema` / `jsonSchemaDialect` names a dialect these rules describe. */
export function isKnownDialect(uri: string): boolean {
  const bare = uri.replace(/#$/, "");
  return DIALECTS.some((d) => bare === d || bare.startsWith(`${d}/`));
}

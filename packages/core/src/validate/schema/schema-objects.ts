/**
 * Every Schema Object of a 3.1 document against JSON Schema 2020-12 (see
 * ../../load/schema-object-check.ts). 3.0 documents are checked by the loader with the 3.0 rules,
 * before the upgrade to 3.1 rewrites them.
 */
import { checkSchemaObject, isKnownDialect, type SchemaKeywordRule } from "../../load/schema-object-check.js";
import { pathToPointer, walkSchemas } from "../../load/schema-walk.js";
import type { OpenApiDocument } from "../../openapi.js";
import { joinPointer } from "../../pointer.js";

export const SCHEMA_OBJECT_RULE = {
  code: "schema-object",
  severity: "error",
  description:
    "Every Schema Object must be valid JSON Schema 2020-12 (3.0 documents: the OpenAPI 3.0 Schema Object); `patternProperties` keys must be JavaScript regular expressions that mean what they say (for `pattern`s, see the `pattern-` rules).",
} as const;

export const SCHEMA_ANNOTATION_RULE = {
  code: "schema-annotation",
  severity: "warning",
  description:
    "Annotation keywords of Schema Objects (`title`, `description`, `examples`, `readOnly`...) must have the type JSON Schema gives them; no generated code depends on them.",
} as const;

export const PATTERN_NON_UNICODE_RULE = {
  code: "pattern-non-unicode",
  severity: "warning",
  description:
    "A `pattern` JavaScript compiles only without the `u` flag (`[\\-\\_]`, `[\\w-.]`), where it means what it says; validators compile it without the flag.",
} as const;

export const PATTERN_DIALECT_RULE = {
  code: "pattern-dialect",
  severity: "warning",
  description:
    "A `pattern` in another dialect's spelling (Java's `\\p{XDigit}`, `\\A`, `\\z`; `{,5}`), which JavaScript reads as something else; validators use its JavaScript translation.",
} as const;

export const PATTERN_UNSUPPORTED_RULE = {
  code: "pattern-unsupported",
  severity: "error",
  description:
    "A `pattern` JavaScript cannot read as its author meant, as written or translated (`(?i)`, `{1-70}`, `\\p{all}`); validators do not check it.",
} as const;

/** The rule of each kind of Schema Object finding. */
export const SCHEMA_KEYWORD_RULES = {
  "schema-object": SCHEMA_OBJECT_RULE,
  "schema-annotation": SCHEMA_ANNOTATION_RULE,
  "pattern-non-unicode": PATTERN_NON_UNICODE_RULE,
  "pattern-dialect": PATTERN_DIALECT_RULE,
  "pattern-unsupported": PATTERN_UNSUPPORTED_RULE,
} as const satisfies Record<SchemaKeywordRule, { code: SchemaKeywordRule; severity: "error" | "warning" }>;

export interface SchemaObjectFinding {
  pointer: string;
  message: string;
  rule: SchemaKeywordRule;
}

export function checkSchemaObjects(document: OpenApiDocument): SchemaObjectFinding[] {
  const dialect = document.jsonSchemaDialect;
  if (typeof dialect === "string" && !isKnownDialect(dialect)) return [];
  const findings: SchemaObjectFinding[] = [];
  walkSchemas(document, (schema, path) => {
    for (const f of checkSchemaObject(schema, "2020-12"))
      findings.push({
        pointer: joinPointer(pathToPointer(path), ...f.keyword),
        message: f.message,
        rule: f.rule,
      });
    return schema;
  });
  return findings;
}

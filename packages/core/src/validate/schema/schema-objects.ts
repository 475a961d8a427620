/**
 * Every Schema Object of a 3.1 document against JSON Schema 2020-12 (see
 * ../../load/schema-object-check.ts). 3.0 documents are checked by the loader with the 3.0 rules,
 * before the upgrade to 3.1 rewrites them.
 */
import { checkSchemaObject, isKnownDialect } from "../../load/schema-object-check.js";
import { pathToPointer, walkSchemas } from "../../load/schema-walk.js";
import type { OpenApiDocument } from "../../openapi.js";
import { joinPointer } from "../../pointer.js";

export const SCHEMA_OBJECT_RULE = {
  code: "schema-object",
  severity: "error",
  description:
    "Every Schema Object must be valid JSON Schema 2020-12 (3.0 documents: the OpenAPI 3.0 Schema Object); `pattern`s must compile as JavaScript `u`-flag regular expressions.",
} as const;

export const SCHEMA_ANNOTATION_RULE = {
  code: "schema-annotation",
  severity: "warning",
  description:
    "Annotation keywords of Schema Objects (`title`, `description`, `examples`, `readOnly`...) must have the type JSON Schema gives them; no generated code depends on them.",
} as const;

export interface SchemaObjectFinding {
  pointer: string;
  message: string;
  annotation?: true;
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
        ...(f.annotation ? { annotation: f.annotation } : {}),
      });
    return schema;
  });
  return findings;
}

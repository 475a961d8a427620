/**
 * Loose structural types for the bundled OpenAPI 3.1 document. The document is plain JSON data;
 * these types only document the shape the code relies on, every field stays optional because input
 * is validated separately and generators must not crash on what the validator reported.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema 2020-12 schema as found in the document: an object or a boolean. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface RefObject {
  $ref: string;
  summary?: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info?: { title?: string; version?: string; [k: string]: unknown };
  jsonSchemaDialect?: string;
  servers?: Array<Record<string, unknown>>;
  paths?: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
  security?: Array<Record<string, string[]>>;
  tags?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export function isRefObject(value: unknown): value is RefObject {
  return (
    typeof value === "object" && value !== null && typeof (value as { $ref?: unknown }).$ref === "string"
  );
}

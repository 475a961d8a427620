/**
 * The official OpenAPI JSON Schemas (vendored byte-identical under `packages/core/schemas/`), compiled
 * lazily, once per process: a `contract check` of a 3.1 document never pays for the 3.0 schema.
 */
import { readFileSync } from "node:fs";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule.default;
const AjvDraft04 = AjvDraft04Module.default;

export type OasSchemaVersion = "3.0" | "3.1";

export const OAS_SCHEMA_FILES: Record<OasSchemaVersion, string> = {
  "3.0": "oas-3.0.schema.2024-10-18.json",
  "3.1": "oas-3.1.schema.2025-11-23.json",
};

export interface OasSchemaValidator {
  version: OasSchemaVersion;
  /** `$id` of the official schema the document is checked against. */
  schemaId: string;
  validate(document: unknown): ErrorObject[];
}

const compiled = new Map<OasSchemaVersion, OasSchemaValidator>();
/** Milliseconds spent compiling each schema (reported by benchmarks). */
export const oasSchemaCompileMs: Partial<Record<OasSchemaVersion, number>> = {};

export function oasSchemaValidator(version: OasSchemaVersion): OasSchemaValidator {
  let validator = compiled.get(version);
  if (!validator) {
    const started = performance.now();
    validator = version === "3.1" ? compile31() : compile30();
    oasSchemaCompileMs[version] = performance.now() - started;
    compiled.set(version, validator);
  }
  return validator;
}

/** The vendored schema file, parsed. Both directories (src/ and dist/) sit two levels below the package. */
export function readOasSchema(version: OasSchemaVersion): Record<string, unknown> {
  const url = new URL(`../../../schemas/${OAS_SCHEMA_FILES[version]}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Record<string, unknown>;
}

const AJV_OPTIONS = {
  // Every problem at once: a CI check that reports one error per run wastes everyone's time.
  allErrors: true,
  // The official schemas use keywords (e.g. `$comment`, unknown formats in annotations) strict mode rejects.
  strict: false,
  // Errors then carry the failing value and subschema, which the error collapse and messages need.
  verbose: true,
  // ajv's optimizer pass costs more at compile time (~70 ms of ~350 ms) than it saves on one validation.
  code: { optimize: false },
} as const;

function compile31(): OasSchemaValidator {
  const schema = withoutDynamicMetaRefs(readOasSchema("3.1"));
  const ajv = new Ajv2020(AJV_OPTIONS);
  addFormats(ajv);
  // `format` is an annotation in JSON Schema 2020-12 unless a validator opts in, and the OAI's own
  // schema tests expect `media-range` to be one: a `content` key like `encoding_object_defaults`
  // is schema-valid. The `media-type-invalid` rule warns about such keys instead.
  ajv.addFormat("media-range", true);
  return wrap("3.1", schema, ajv.compile(schema));
}

function compile30(): OasSchemaValidator {
  const schema = readOasSchema("3.0");
  const ajv = new AjvDraft04(AJV_OPTIONS);
  addFormats(ajv);
  return wrap("3.0", schema, ajv.compile(schema));
}

function wrap(
  version: OasSchemaVersion,
  schema: Record<string, unknown>,
  fn: ValidateFunction,
): OasSchemaValidator {
  const schemaId = String(schema.$id ?? schema.id ?? "");
  return {
    version,
    schemaId,
    validate(document) {
      return fn(document) ? [] : [...(fn.errors ?? [])];
    },
  };
}

/**
 * ajv honours `$dynamicAnchor` only at the root of a schema resource (ajv-validator/ajv#1745), but the
 * OAS 3.1 schema declares `$dynamicAnchor: meta` inside `$defs/schema`; as published, ajv then rejects
 * every document that contains a Schema Object. Pointing each `{"$dynamicRef": "#meta"}` at
 * `#/$defs/schema` gives the intended result: Schema Objects must be objects or booleans (the OAS
 * schema deliberately leaves their contents to the dialect). Done here, at load time, so the vendored
 * file stays byte-identical to the published one.
 */
export function withoutDynamicMetaRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withoutDynamicMetaRefs) as T;
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$dynamicRef" && value === "#meta") out.$ref = "#/$defs/schema";
    else out[key] = withoutDynamicMetaRefs(value);
  }
  return out as T;
}

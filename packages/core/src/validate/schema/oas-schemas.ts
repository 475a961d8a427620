/**
 * The official OpenAPI JSON Schemas (vendored byte-identical under `packages/core/schemas/`),
 * turned into validators lazily, once per process: a `contract check` of a 3.1 document never pays
 * for the 3.0 schema.
 *
 * The build precompiles both into ajv standalone modules next to this file in `dist/`
 * (`scripts/precompile-oas-schemas.mjs`); loading one costs ~10 ms where compiling the 3.1 schema
 * costs ~300 ms. Running from source (tests), or if the build step did not run, they are compiled.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as AjvModule from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import type * as Ajv2020Module from "ajv/dist/2020.js";
import type AjvDraft04Module from "ajv-draft-04";
import type addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);

/**
 * ajv itself, loaded only to compile: with the precompiled validator (every build) a check never
 * needs it, and loading ajv, its 2020 and draft-04 vocabularies and ajv-formats is a good part of
 * the CLI's startup.
 */
function ajvLibrary() {
  return {
    code: (require("ajv") as typeof AjvModule)._,
    Ajv2020: (require("ajv/dist/2020.js") as typeof Ajv2020Module).Ajv2020,
    AjvDraft04: (require("ajv-draft-04") as typeof AjvDraft04Module).default,
    addFormats: (require("ajv-formats") as typeof addFormatsModule).default,
  };
}

export type OasSchemaVersion = "3.0" | "3.1";

export const OAS_SCHEMA_FILES: Record<OasSchemaVersion, string> = {
  "3.0": "oas-3.0.schema.2024-10-18.json",
  "3.1": "oas-3.1.schema.2025-11-23.json",
};

/** File name of the precompiled validator, beside the compiled JS of this module. */
export const precompiledFile = (version: OasSchemaVersion) => `oas-${version}.validator.cjs`;

export interface OasSchemaValidator {
  version: OasSchemaVersion;
  /** How the validator came to be (benchmarks report it). */
  origin: "precompiled" | "compiled";
  validate(document: unknown): ErrorObject[];
}

const validators = new Map<OasSchemaVersion, OasSchemaValidator>();
/** Milliseconds spent loading or compiling each validator (reported by benchmarks). */
export const oasSchemaCompileMs: Partial<Record<OasSchemaVersion, number>> = {};

export function oasSchemaValidator(version: OasSchemaVersion): OasSchemaValidator {
  let validator = validators.get(version);
  if (!validator) {
    const started = performance.now();
    const precompiled = loadPrecompiled(version);
    const fn = precompiled ?? oasAjv(version).compile();
    validator = {
      version,
      origin: precompiled ? "precompiled" : "compiled",
      validate: (document) => (fn(document) ? [] : [...(fn.errors ?? [])]),
    };
    oasSchemaCompileMs[version] = performance.now() - started;
    validators.set(version, validator);
  }
  return validator;
}

function loadPrecompiled(version: OasSchemaVersion): ValidateFunction | undefined {
  try {
    return require(`./${precompiledFile(version)}`) as ValidateFunction;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
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
} as const;

/**
 * The ajv instance and the schema for one OAS version, configured once for both uses: compiling
 * in process, and generating the standalone module at build time (`standalone: true`).
 */
export function oasAjv(version: OasSchemaVersion, options: { standalone?: boolean } = {}) {
  const { code, Ajv2020, AjvDraft04, addFormats } = ajvLibrary();
  const codeOptions = {
    // ajv's optimizer pass costs more at compile time (~70 ms of ~350 ms) than it saves on one validation.
    optimize: false,
    ...(options.standalone
      ? { source: true, formats: code`require("ajv-formats/dist/formats").fullFormats` }
      : {}),
  };
  const ajv =
    version === "3.1"
      ? new Ajv2020({ ...AJV_OPTIONS, code: codeOptions })
      : new AjvDraft04({ ...AJV_OPTIONS, code: codeOptions });
  addFormats(ajv);
  // `format` is an annotation in JSON Schema 2020-12 unless a validator opts in, and the OAI's own
  // schema tests expect `media-range` to be one: a `content` key like `encoding_object_defaults`
  // is schema-valid. The `media-type-invalid` rule warns about such keys instead.
  if (version === "3.1") ajv.addFormat("media-range", true);
  const schema = version === "3.1" ? withoutDynamicMetaRefs(readOasSchema("3.1")) : readOasSchema("3.0");
  return { ajv, schema, compile: () => ajv.compile(schema) };
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

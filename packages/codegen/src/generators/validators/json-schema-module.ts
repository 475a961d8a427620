/**
 * Standalone ESM validators for plain JSON Schemas (not an OpenAPI document): one module, one
 * independent group of validators per schema. The JSON-Schema-Test-Suite runs through this, with
 * the same sharing, standalone conversion and runtime as `validators.js`.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import { createValidatorAjv, RUNTIME_NAMES, usedFeatures } from "./ajv.js";
import type { Schema } from "./keywords.js";
import { minifyFunctions } from "./minify.js";
import { findUnsupportedKeyword, shareSchemas } from "./share.js";
import { standaloneBody } from "./standalone.js";

export interface JsonSchemaModuleOptions {
  runtimeModule: string;
  allErrors?: boolean;
  ownProperties?: boolean;
  /** Passed to shareSchemas; 1 shares every repeated subschema (what tests use to exercise sharing). */
  minShareSize?: number;
  /** Minify the check code (default true, as validators.js). */
  minify?: boolean;
  /** Registers schemas that `$ref`s may name by URI (remote references). */
  prepare?: (ajv: Ajv2020) => void;
}

/** The body of one build function for `schema`, and whether it went through sharing. */
export function compileJsonSchema(
  schema: Schema,
  options: Omit<JsonSchemaModuleOptions, "runtimeModule">,
): {
  body: string;
  shared: boolean;
} {
  const ajv = createValidatorAjv({
    allErrors: options.allErrors,
    ownProperties: options.ownProperties ?? true,
  });
  options.prepare?.(ajv);
  // Schemas whose pointers depend on nested base URIs are compiled as written.
  if (findUnsupportedKeyword(schema) !== undefined) {
    ajv.addSchema(schema as object, "root");
    return { body: standaloneBody(ajv, { root: "root" }), shared: false };
  }
  const shared = shareSchemas(schema, [{ pointer: "", direction: "asWritten" }], {
    minShareSize: options.minShareSize ?? 4,
  });
  for (const [name, definition] of shared.definitions) ajv.addSchema(definition as object, name);
  // As in the generator: bookkeeping for unevaluated*/$dynamicRef only where a schema needs it.
  Object.assign(ajv.opts, usedFeatures(shared.definitions.values()));
  return { body: standaloneBody(ajv, { root: shared.roots[0] as string }), shared: true };
}

export interface JsonSchemaModule {
  code: string;
  /** Per schema: why ajv could not compile it (its validator is then `null`), or undefined. */
  errors: Array<string | undefined>;
}

/** ESM text exporting `validators`: one `Validator` (or `null`) per schema, in order. */
export function renderJsonSchemaModule(
  schemas: readonly Schema[],
  options: JsonSchemaModuleOptions,
): JsonSchemaModule {
  const errors: Array<string | undefined> = [];
  const builds: string[] = [];
  const items: string[] = [];
  schemas.forEach((schema, i) => {
    let body: string;
    try {
      body = compileJsonSchema(schema, options).body;
    } catch (error) {
      errors.push((error as Error).message);
      items.push("  null,");
      return;
    }
    errors.push(undefined);
    builds.push(`function build${i}(${RUNTIME_NAMES.formats}) {\n${body}\n}`);
    items.push(
      `  createValidatorSets([["${i}", "schema ${i}", "root"]], build${i}).withFormats.validatorFor("${i}"),`,
    );
  });
  const code = `import {
  concatErrors as ${RUNTIME_NAMES.concatErrors},
  createValidatorSets,
  equal as ${RUNTIME_NAMES.equal},
  fail as ${RUNTIME_NAMES.fail},
  patternRegExp as ${RUNTIME_NAMES.patternRegExp},
  ucs2length as ${RUNTIME_NAMES.ucs2length},
} from ${JSON.stringify(options.runtimeModule)};

${(options.minify ?? true) ? minifyFunctions(builds.join("\n")) : builds.join("\n\n")}

export const validators = [
${items.join("\n")}
];
`;
  return { code, errors };
}

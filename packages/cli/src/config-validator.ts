/**
 * The validator of contract.config, built from ./config-schema.ts once per process.
 *
 * The build precompiles it into an ajv standalone module next to this file in `dist/`
 * (`scripts/precompile-config-validator.mjs`), so a CLI run loads that code instead of loading ajv
 * and compiling the schema (~0.3 s of CPU), and does not import the generator registry the schema
 * is built from (`@contract/codegen`, with TypeScript: `check`, `mock` and `trigger` read configs
 * without generating anything). Running from source (tests), or if the build step did not run, it
 * is compiled. `configAjv` configures both ways alike, so their errors — which
 * ./config-diagnostics.ts turns into messages — are the same.
 */
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import type * as Ajv2020Module from "ajv/dist/2020.js";

const require = createRequire(import.meta.url);

/** File name of the precompiled validator, beside the compiled JS of this module. */
export const PRECOMPILED_CONFIG_VALIDATOR = "config.validator.cjs";

/**
 * ajv configured for the config schema: `allErrors` to report every problem in one run, `verbose`
 * to keep the schema of each error (for "expected one of" lists). `standalone` makes it keep the
 * source code, for the build step.
 */
export function configAjv(options: { standalone?: boolean } = {}) {
  // Loaded only to compile: with the precompiled validator a CLI run never needs ajv's compiler.
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof Ajv2020Module;
  return new Ajv2020({
    allErrors: true,
    strict: true,
    verbose: true,
    ...(options.standalone ? { code: { source: true } } : {}),
  });
}

let validator: ValidateFunction | undefined;
export async function configValidator(): Promise<ValidateFunction> {
  if (validator === undefined) {
    const precompiled = loadPrecompiled();
    validator = precompiled ?? configAjv().compile((await import("./config-schema.js")).configSchema());
  }
  return validator;
}

function loadPrecompiled(): ValidateFunction | undefined {
  try {
    return require(`./${PRECOMPILED_CONFIG_VALIDATOR}`) as ValidateFunction;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

/**
 * `validators.js` + `validators.d.ts`: precompiled ajv validators for every schema, operation part
 * and webhook of the contract, typed as guards over `types.ts`.
 *
 * Pipeline: collect roots (roots.ts) → hash-cons schemas into shared definitions per direction
 * (share.ts) → generate every definition's code once with ajv (ajv.ts) → standalone code as ESM
 * that imports its helpers from @contract/runtime, compacted (standalone.ts) and minified
 * (minify.ts) → module text (emit.ts).
 */
import { ContractError } from "@contract/core";
import { generatedHeader } from "../../header.js";
import { defineGenerator } from "../define.js";
import { ajvOptionsFor, createValidatorAjv } from "./ajv.js";
import { emitValidatorsDts, emitValidatorsJs } from "./emit.js";
import { collectValidatorRoots, type ValidatorRoot } from "./roots.js";
import { SchemaSharingError, shareSchemas } from "./share.js";
import { buildFunction, buildFunctionAsync, compactStandalone, standaloneCode } from "./standalone.js";

export const VALIDATORS_FILE = "validators.js";
export const VALIDATORS_DTS_FILE = "validators.d.ts";

export interface ValidatorsOptions {
  /** Report every error of a value instead of the first one (slower on invalid input). */
  allErrors?: boolean;
  /** Smallest repeated subschema (in subschemas) that gets its own shared function. */
  minShareSize?: number;
  /**
   * Minify the check code (default true): about half the size and faster to load. `false` keeps
   * ajv's code readable, for debugging a validator.
   */
  minify?: boolean;
  /** Module the generated code imports its runtime from. */
  runtimeModule?: string;
  /** Module with openapi-typescript's types, as imported from validators.d.ts. */
  typesModule?: string;
}

export const validatorsOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    allErrors: { type: "boolean", description: "Report every error of a value instead of the first one." },
    minShareSize: {
      type: "integer",
      minimum: 1,
      description: "Smallest repeated subschema (counted in subschemas) compiled once and shared.",
    },
    minify: {
      type: "boolean",
      description: "Minify the check code (default true); false keeps it readable for debugging.",
    },
    runtimeModule: { type: "string", description: "Module the generated code imports its runtime from." },
    typesModule: {
      type: "string",
      description: "Module of the openapi-typescript types, as seen from validators.d.ts.",
    },
  },
} as const;

export interface RenderedValidators {
  js: string;
  dts: string;
  roots: ValidatorRoot[];
}

type ValidatorsIR = Parameters<typeof collectValidatorRoots>[0];

/** Both files' contents (without the header) for one IR. */
export function renderValidators(
  ir: ValidatorsIR,
  options: ValidatorsOptions = {},
  header = "",
): RenderedValidators {
  const prepared = prepareValidators(ir, options, header, (body, minify) =>
    buildFunction("build", body, minify),
  );
  return prepared.assemble(prepared.build);
}

/** renderValidators that does not block while esbuild minifies (the generator's way; same output). */
export async function renderValidatorsAsync(
  ir: ValidatorsIR,
  options: ValidatorsOptions = {},
  header = "",
): Promise<RenderedValidators> {
  const prepared = prepareValidators(ir, options, header, (body, minify) =>
    buildFunctionAsync("build", body, minify),
  );
  return prepared.assemble(await prepared.build);
}

interface PreparedValidators<B> {
  /** What `build` made of the compacted body (the body itself is not kept: see prepareValidators). */
  build: B;
  /** Both files around the (maybe minified) `build` declaration. */
  assemble(build: string): RenderedValidators;
}

/**
 * Everything up to the body of `function build(__formats)`, compacted, not minified, which goes to
 * `build` (minify or not) and is not returned: the generator waits for esbuild while the other
 * generators run, and the body (megabytes on a large API) need not stay alive through them.
 */
function prepareValidators<B>(
  ir: ValidatorsIR,
  options: ValidatorsOptions,
  header: string,
  build: (body: string, minify: boolean) => B,
): PreparedValidators<B> {
  const roots = collectValidatorRoots(ir);
  let shared: ReturnType<typeof shareSchemas>;
  try {
    shared = shareSchemas(
      ir.document,
      roots.map((r) => r.root),
      { minShareSize: options.minShareSize ?? 4 },
    );
  } catch (error) {
    if (error instanceof SchemaSharingError) {
      const message = `validators: ${error.message}`;
      throw new ContractError(message, [
        { severity: "error", code: "generator-failed", message, pointer: error.pointer },
      ]);
    }
    throw error;
  }
  const exportNames = shared.roots;
  const allErrors = options.allErrors ?? false;
  // ajv's compiled state is needed only to produce its code: once ajvCode returns, it is garbage
  // before the text is compacted and minified (on a large API, most of this generator's memory).
  const body = compactStandalone(ajvCode(shared, roots, allErrors), !allErrors);
  const runtimeModule = options.runtimeModule ?? "@contract/runtime/validation";
  const typesModule = options.typesModule ?? "./types.js";
  return {
    build: build(body, options.minify ?? true),
    assemble: (build) => ({
      js: emitValidatorsJs({ header, runtimeModule, typesModule, build, roots, exportNames }),
      dts: emitValidatorsDts({ header, runtimeModule, typesModule, roots }),
      roots,
    }),
  };
}

/** ajv's standalone code for every definition of `shared`, exported under its root names. */
function ajvCode(
  shared: ReturnType<typeof shareSchemas>,
  roots: ValidatorRoot[],
  allErrors: boolean,
): string {
  const ajv = createValidatorAjv({
    allErrors,
    ...ajvOptionsFor(shared.definitions.values()),
    sourceOnly: true,
  });
  const exportNames = shared.roots;
  const unique = [...new Set(exportNames)];
  try {
    for (const [name, schema] of shared.definitions) {
      try {
        ajv.addSchema(schema as object, name);
      } catch (error) {
        // ajv checks each schema as it is added: name the root it belongs to.
        const i = exportNames.indexOf(name);
        const root = i >= 0 ? roots[i] : undefined;
        const message = `validators: cannot compile ${root?.validatorName ?? name}: ${(error as Error).message}`;
        throw new ContractError(message, [
          { severity: "error", code: "generator-failed", message, pointer: root?.pointer ?? "" },
        ]);
      }
    }
    return standaloneCode(ajv, Object.fromEntries(unique.map((name) => [name, name])));
  } catch (error) {
    if (error instanceof ContractError) throw error;
    const failure = describeFailure(ajv, roots, exportNames, error);
    const message = `validators: ${failure.message}`;
    throw new ContractError(message, [
      { severity: "error", code: "generator-failed", message, pointer: failure.pointer },
    ]);
  }
}

/** Names the first root whose schema ajv cannot compile, with its pointer. */
function describeFailure(
  ajv: ReturnType<typeof createValidatorAjv>,
  roots: ValidatorRoot[],
  exportNames: string[],
  error: unknown,
): { message: string; pointer: string } {
  for (const [i, root] of roots.entries()) {
    try {
      ajv.getSchema(exportNames[i] as string);
    } catch (cause) {
      return {
        message: `cannot compile ${root.validatorName}: ${(cause as Error).message}`,
        pointer: root.pointer,
      };
    }
  }
  return { message: (error as Error).message, pointer: "" };
}

export const validatorsGenerator = defineGenerator({
  name: "validators",
  description: "validators.js + .d.ts: precompiled ajv validators for schemas, operations and webhooks.",
  enabledByDefault: true,
  optionsSchema: validatorsOptionsSchema,
  startsEarly: true,
  async generate(context, options: ValidatorsOptions) {
    const header = generatedHeader({
      generator: "validators",
      version: context.generatorVersion,
      via: "ajv standalone",
    });
    const rendered = await renderValidatorsAsync(context.ir, options, header);
    return [
      { path: VALIDATORS_FILE, contents: rendered.js, ownership: "generated" },
      { path: VALIDATORS_DTS_FILE, contents: rendered.dts, ownership: "generated" },
    ];
  },
});

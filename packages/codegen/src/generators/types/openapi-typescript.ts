/**
 * The parts of openapi-typescript the types generator drives, imported from their own modules
 * rather than the package index: the index also loads Redocly's openapi-core (for the bundle/lint
 * we skip), about 0.7 s of startup for every `contract gen`. These are the very module instances
 * the index re-exports, so behaviour (and the enum cache) is shared with `openapiTS()`.
 */
import type * as OpenapiTypescript from "openapi-typescript";
import * as ts from "openapi-typescript/dist/lib/ts.mjs";
import * as utils from "openapi-typescript/dist/lib/utils.mjs";
import transformSchemaModule from "openapi-typescript/dist/transform/index.mjs";

type Api = typeof OpenapiTypescript;

export const transformSchema: Api["transformSchema"] = transformSchemaModule;
export const astToString: Api["astToString"] = ts.astToString;
export const enumCache: Api["enumCache"] = ts.enumCache;
export const scanDiscriminators: Api["scanDiscriminators"] = utils.scanDiscriminators;
export const resolveRef: Api["resolveRef"] = utils.resolveRef;

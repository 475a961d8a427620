/**
 * The parts of openapi-typescript the types generator drives, from their own modules rather than
 * the package index: the index also loads Redocly's openapi-core (for the bundle/lint we skip),
 * about 0.7 s of startup for every `contract gen`.
 *
 * They are the package's CommonJS builds (the same sources as its ES modules), loaded with
 * `require`, and so is TypeScript: imported from an ES module, Node first compiles TypeScript's
 * 9 MB script to tell whether it is an ES module, then scans it for its export names; required, it
 * is only compiled, about 0.7 s less CPU per `contract gen`. Nothing of the generator may
 * `import` "typescript" (or an openapi-typescript `.mjs` module) for that reason.
 */
import { createRequire } from "node:module";
import type * as OpenapiTypescript from "openapi-typescript";
import type TypeScript from "typescript";

type Api = typeof OpenapiTypescript;

const require = createRequire(import.meta.url);

const tsModule = require("openapi-typescript/dist/lib/ts.cjs") as Pick<
  Api,
  "astToString" | "enumCache" | "NEVER" | "STRING" | "tsModifiers" | "tsPropertyIndex" | "tsRecord"
>;
const utils = require("openapi-typescript/dist/lib/utils.cjs") as Pick<
  Api,
  "scanDiscriminators" | "resolveRef" | "createRef" | "getEntries"
>;

export const transformSchema =
  require("openapi-typescript/dist/transform/index.cjs") as Api["transformSchema"];
export const transformSchemaObject = (
  require("openapi-typescript/dist/transform/schema-object.cjs") as { default: Api["transformSchemaObject"] }
).default;
// The transforms of transformSchema's roots, which ./pieces.ts calls one entry at a time.
export const transformPathsObject =
  require("openapi-typescript/dist/transform/paths-object.cjs") as Api["transformPathsObject"];
// Not in the package's declarations; same shape as transformPathsObject.
export const transformWebhooksObject =
  require("openapi-typescript/dist/transform/webhooks-object.cjs") as Api["transformPathsObject"];
export const transformComponentsObject = (
  require("openapi-typescript/dist/transform/components-object.cjs") as {
    default: Api["transformComponentsObject"];
  }
).default;
export const astToString: Api["astToString"] = tsModule.astToString;
export const NEVER: Api["NEVER"] = tsModule.NEVER;
export const STRING: Api["STRING"] = tsModule.STRING;
export const tsModifiers: Api["tsModifiers"] = tsModule.tsModifiers;
export const tsPropertyIndex: Api["tsPropertyIndex"] = tsModule.tsPropertyIndex;
export const tsRecord: Api["tsRecord"] = tsModule.tsRecord;
export const getEntries: Api["getEntries"] = utils.getEntries;
export const enumCache: Api["enumCache"] = tsModule.enumCache;
export const scanDiscriminators: Api["scanDiscriminators"] = utils.scanDiscriminators;
export const resolveRef: Api["resolveRef"] = utils.resolveRef;
export const createRef: Api["createRef"] = utils.createRef;
/** The TypeScript compiler API openapi-typescript builds its nodes with. */
export const ts = require("typescript") as typeof TypeScript;

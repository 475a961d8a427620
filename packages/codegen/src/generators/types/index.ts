/**
 * `types.ts`: openapi-typescript's `paths`, `webhooks`, `components` and `operations`, produced from
 * the document contract already loaded and validated (see ./context.ts for why and how).
 */
import { createRequire } from "node:module";
import type { OpenAPI3 } from "openapi-typescript";
import { generatedHeader } from "../../header.js";
import { defineGenerator } from "../define.js";
import { buildTransformContext } from "./context.js";
import { dedupeOperations } from "./dedupe-operations.js";
import { hasDiscriminatorClash, withoutDuplicateProperties } from "./discriminator-clash.js";
import { failingSchema } from "./failure.js";
import { isolateDiscriminatorTargets } from "./isolate.js";
import { astToString, enumCache, transformSchema } from "./openapi-typescript.js";
import { withoutPercentOperationIds } from "./operation-ids.js";
import { operationsFooter } from "./operations-footer.js";
import { type TypesOptions, typesOptionsSchema } from "./options.js";
import { operationTexts, printInPieces } from "./pieces.js";
import { nodePrinter } from "./print-node.js";
import {
  NULLABLE_WITH_REQUIRED_HELPER,
  needsNullableWithRequired,
  optionalDefaultsInRequests,
  repairForTypeScript,
  WITH_REQUIRED_HELPER,
} from "./repair.js";
import { withoutUnreadableSchemas } from "./unreadable-schemas.js";
import { inlineWebhookPathItems } from "./webhook-refs.js";

export type { TypesOptions } from "./options.js";

export const TYPES_FILE = "types.ts";

const OPENAPI_TYPESCRIPT_VERSION: string = (
  createRequire(import.meta.url)("openapi-typescript/package.json") as { version: string }
).version;

/** The body of types.ts exactly as `astToString(await openapiTS(document, options))` prints it. */
export function renderTypes(document: OpenAPI3, options: TypesOptions = {}): string {
  // openapi-typescript keeps deduplicated enums in a module-level cache; a previous contract's enums
  // must not leak into this one.
  enumCache.clear();
  const repaired = repairForTypeScript(
    inlineWebhookPathItems(withoutPercentOperationIds(withoutUnreadableSchemas(document))),
  );
  const requests =
    (options.defaultNonNullable ?? true) ? optionalDefaultsInRequests(repaired as never) : repaired;
  const isolated = isolateDiscriminatorTargets(requests as OpenAPI3);
  const text =
    (options.rootTypes ? undefined : printedInPieces(isolated, options)) ?? printedWhole(isolated, options);
  // The helper is printed only when some schema needs it (none of GitHub's does): the walk over the
  // whole document that decides its wording is skipped when there is no helper to reword.
  return text.includes(WITH_REQUIRED_HELPER) && needsNullableWithRequired(isolated)
    ? text.replace(WITH_REQUIRED_HELPER, NULLABLE_WITH_REQUIRED_HELPER)
    : text;
}

/** Printed one entry at a time, each entry's AST dropped once printed (see ./pieces.ts). */
export function printedInPieces(document: OpenAPI3, options: TypesOptions): string | undefined {
  enumCache.clear();
  const printer = nodePrinter();
  if (printer === undefined) return undefined;
  // Known once the context has scanned the discriminators (below), before anything is printed.
  let clash = false;
  const print: typeof printer = (node, depth) =>
    printer(clash ? withoutDuplicateProperties(node) : node, depth);
  const operations = operationTexts(print);
  const footer = operationsFooter(operations.receive);
  const context = buildTransformContext(document, options, footer.footer);
  clash = hasDiscriminatorClash(context);
  return printInPieces(document, context, print, { footer, texts: operations.texts });
}

/** The whole AST built, then printed. */
export function printedWhole(document: OpenAPI3, options: TypesOptions): string {
  enumCache.clear();
  const operations = operationsFooter();
  const context = buildTransformContext(document, options, operations.footer);
  const transformed = transformSchema(document, context);
  operations.finish();
  const ast = hasDiscriminatorClash(context) ? transformed.map(withoutDuplicateProperties) : transformed;
  return astToString(dedupeOperations(ast));
}

export const typesGenerator = defineGenerator({
  name: "types",
  description: "types.ts: paths, webhooks, components and operations (openapi-typescript).",
  enabledByDefault: true,
  optionsSchema: typesOptionsSchema,
  generate(context, options: TypesOptions) {
    const header = generatedHeader({
      generator: "types",
      version: context.generatorVersion,
      via: `openapi-typescript ${OPENAPI_TYPESCRIPT_VERSION}`,
    });
    const document = context.ir.document as unknown as OpenAPI3;
    let body: string;
    try {
      body = renderTypes(document, options);
    } catch (error) {
      // Name the schema it failed on; the pipeline turns this into a located diagnostic.
      const pointer = failingSchema(document, options);
      throw pointer !== undefined ? Object.assign(error as Error, { pointer }) : error;
    }
    return [{ path: TYPES_FILE, contents: header + body, ownership: "generated" }];
  },
});

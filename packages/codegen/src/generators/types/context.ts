/**
 * Builds openapi-typescript's transform context the way `openapiTS()` does (dist/index.mjs of 7.13),
 * minus `validateAndBundle`: the document is already loaded, bundled and validated by contract, so
 * Redocly's second parse/lint/bundle (about half of openapi-typescript's run time) is skipped.
 * Every default below mirrors `openapiTS()`; the equivalence test compares outputs byte for byte.
 */
import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
import type { Node } from "typescript";
import { scanDiscriminators } from "./discriminators.js";
import { resolveRef } from "./openapi-typescript.js";
import type { TypesOptions } from "./options.js";

/** `injectFooter` receives what the transform adds after the roots (see ./operations-footer.ts). */
export function buildTransformContext(
  document: OpenAPI3,
  options: TypesOptions,
  injectFooter: Node[] = [],
): GlobalContext {
  const silent = true; // problems in the spec are contract's diagnostics, not console output
  // The transform resolves the same `$ref`s over and over (every use of a discriminated or
  // referenced schema), each time parsing the pointer again. Nothing replaces a node of the
  // document once the discriminators are scanned (below), so a ref's target does not change.
  const resolved = new Map<string, unknown>();
  return {
    additionalProperties: options.additionalProperties ?? false,
    alphabetize: options.alphabetize ?? false,
    arrayLength: options.arrayLength ?? false,
    defaultNonNullable: options.defaultNonNullable ?? true,
    discriminators: scanDiscriminators(document, { silent }),
    emptyObjectsUnknown: options.emptyObjectsUnknown ?? false,
    enum: options.enum ?? false,
    enumValues: options.enumValues ?? false,
    conditionalEnums: false,
    dedupeEnums: options.dedupeEnums ?? false,
    excludeDeprecated: false,
    exportType: options.exportType ?? false,
    immutable: options.immutable ?? false,
    rootTypes: options.rootTypes ?? false,
    rootTypesNoSchemaPrefix: options.rootTypesNoSchemaPrefix ?? false,
    rootTypesKeepCasing: false,
    injectFooter,
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: options.propertiesRequiredByDefault ?? false,
    // Only validateAndBundle reads the Redocly config; no transform touches it.
    redoc: undefined as unknown as GlobalContext["redoc"],
    silent,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve<T>($ref: string): T | undefined {
      if (resolved.has($ref)) return resolved.get($ref) as T | undefined;
      const target = resolveRef<T>(document, $ref, { silent });
      resolved.set($ref, target);
      return target;
    },
  };
}

/**
 * When openapi-typescript throws on a document, which schema was it? Each component schema is
 * transformed on its own, in the same context, and the first that throws is named, so the failure
 * is reported at a pointer instead of as a bare message.
 */
import type { OpenAPI3 } from "openapi-typescript";
import { buildTransformContext } from "./context.js";
import { isolateDiscriminatorTargets } from "./isolate.js";
import { transformSchemaObject } from "./openapi-typescript.js";
import type { TypesOptions } from "./options.js";
import { repairForTypeScript } from "./repair.js";

/** Pointer of the first component schema openapi-typescript cannot transform, if one is. */
export function failingSchema(document: OpenAPI3, options: TypesOptions): string | undefined {
  try {
    const isolated = isolateDiscriminatorTargets(repairForTypeScript(document));
    const ctx = buildTransformContext(isolated, options);
    for (const [name, schema] of Object.entries(isolated.components?.schemas ?? {})) {
      const pointer = `/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      try {
        transformSchemaObject(schema, { path: `#${pointer}`, ctx });
      } catch {
        return pointer;
      }
    }
  } catch {
    // The document fails before any schema is transformed: nothing more precise to say.
  }
  return undefined;
}

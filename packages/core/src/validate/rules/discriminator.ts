/** Shared by the discriminator rules: what a variant requires. */
import { resolveObject } from "../../normalize/refs.js";
import type { OpenApiDocument } from "../../openapi.js";
import { joinPointer } from "../../pointer.js";

/** Whether `schema` (following `$ref`s and `allOf`) lists `property` in `required`. */
export function requiresProperty(
  document: OpenApiDocument,
  schema: unknown,
  pointer: string,
  property: string,
): boolean {
  const seen = new Set<string>();
  const visit = (node: unknown, at: string): boolean => {
    const resolved = resolveObject(document, node, at);
    if (!resolved || seen.has(resolved.pointer)) return false;
    seen.add(resolved.pointer);
    const s = resolved.value;
    if (Array.isArray(s.required) && s.required.includes(property)) return true;
    const allOf = Array.isArray(s.allOf) ? s.allOf : [];
    return allOf.some((member, i) => visit(member, joinPointer(resolved.pointer, "allOf", i)));
  };
  return visit(schema, pointer);
}

/** State shared by one synthesis run. */
import type { JsonSchema } from "../openapi.js";
import type { Random } from "./prng.js";

export interface SynthesisContext {
  document: unknown;
  random: Random;
  /** Nesting level of the value being produced (0 = the payload itself). */
  depth: number;
  /** `$ref`s being expanded on the way down: a ref met again is recursion. */
  refStack: string[];
  /** Past this depth only what is required is produced, and `null` is preferred where allowed. */
  maxDepth: number;
  /** Optional properties and non-required array items are produced only above this depth. */
  optionalDepth: number;
  /** Reuse schema `examples`/`default` for scalars when they fit. */
  useExamples: boolean;
  /** Produces a value for the conjunction of `schemas` one level deeper. */
  generate(schemas: readonly JsonSchema[], name?: string): unknown;
}

/** True when producing `schemas` would re-enter a `$ref` already being expanded. */
export function reentersRef(schemas: readonly JsonSchema[], context: SynthesisContext): boolean {
  const stack = new Set(context.refStack);
  const hits = (schema: JsonSchema, depth: number): boolean => {
    if (typeof schema !== "object" || schema === null || depth > 2) return false;
    if (typeof schema.$ref === "string" && stack.has(schema.$ref)) return true;
    const items = schema.items;
    if (items !== undefined && typeof items !== "boolean" && !Array.isArray(items)) {
      if (hits(items as JsonSchema, depth + 1)) return true;
    }
    for (const key of ["allOf", "anyOf", "oneOf"] as const) {
      const list = schema[key];
      if (Array.isArray(list) && key === "allOf" && list.some((s) => hits(s as JsonSchema, depth + 1)))
        return true;
      if (Array.isArray(list) && key !== "allOf" && list.every((s) => hits(s as JsonSchema, depth + 1)))
        return true;
    }
    return false;
  };
  return schemas.some((s) => hits(s, 0));
}

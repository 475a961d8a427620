import { isRefObject, type OpenApiDocument } from "../openapi.js";
import { getAtPointer } from "../pointer.js";

export interface Resolved<T> {
  value: T;
  /** Pointer of the object finally reached (after following every `$ref`). */
  pointer: string;
}

/**
 * Follows internal `$ref` chains (`#/components/...`) from the object at `pointer`. Returns
 * undefined when a ref cannot be resolved or loops; the validator reports those, the normalizer
 * just skips them.
 */
export function resolveObject<T = Record<string, unknown>>(
  document: OpenApiDocument,
  value: unknown,
  pointer: string,
): Resolved<T> | undefined {
  const seen = new Set<string>();
  let current = value;
  let at = pointer;
  while (isRefObject(current)) {
    const ref = current.$ref;
    if (!ref.startsWith("#") || seen.has(ref)) return undefined;
    seen.add(ref);
    at = decodeURIComponent(ref.slice(1));
    current = getAtPointer(document, at);
  }
  if (current === null || typeof current !== "object") return undefined;
  return { value: current as T, pointer: at };
}

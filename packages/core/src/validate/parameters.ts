import { resolveObject } from "../normalize/refs.js";
import type { OpenApiDocument } from "../openapi.js";
import { joinPointer } from "../pointer.js";

export interface ParameterEntry {
  name: string;
  in: string;
  /** Where the entry is written in the list (the `$ref` itself when it is one). */
  pointer: string;
  parameter: Record<string, unknown>;
}

/** Several rules read the same lists; resolve each once per document. */
const cache = new WeakMap<OpenApiDocument, Map<string, ParameterEntry[]>>();

/** The entries of a `parameters` list that resolve to a parameter with a string `name` and `in`. */
export function parameterEntries(
  document: OpenApiDocument,
  list: unknown,
  listPointer: string,
): ParameterEntry[] {
  if (!Array.isArray(list)) return [];
  let byPointer = cache.get(document);
  if (!byPointer) {
    byPointer = new Map();
    cache.set(document, byPointer);
  }
  const cached = byPointer.get(listPointer);
  if (cached) return cached;
  const out: ParameterEntry[] = [];
  byPointer.set(listPointer, out);
  list.forEach((raw, index) => {
    const pointer = joinPointer(listPointer, index);
    const resolved = resolveObject(document, raw, pointer);
    const name = resolved?.value.name;
    const location = resolved?.value.in;
    if (typeof name === "string" && typeof location === "string") {
      out.push({ name, in: location, pointer, parameter: resolved!.value });
    }
  });
  return out;
}

export { templateVariables } from "../path-key.js";

/** Arrays: prefix items, `items`, `contains`, length bounds and `uniqueItems`. */
import type { JsonSchema } from "../openapi.js";
import { reentersRef, type SynthesisContext } from "./context.js";
import { type Shape, satisfiableAtTop } from "./shape.js";

export function synthesizeArray(shape: Shape, context: SynthesisContext): unknown[] {
  const min = shape.minItems ?? 0;
  let max = shape.maxItems ?? Number.POSITIVE_INFINITY;
  if (shape.itemsClosed) max = Math.min(max, shape.prefixItems.length);
  const containsCount = shape.contains.length > 0 ? Math.max(shape.minContains ?? 1, 1) : 0;
  const generous = context.depth < context.optionalDepth && !reentersRef(shape.items, context);
  const itemsPossible = shape.items.length === 0 || satisfiableAtTop(shape.items, context.document);
  let count = Math.max(
    min,
    containsCount,
    generous && itemsPossible ? Math.max(1, shape.prefixItems.length) : 0,
  );
  count = Math.min(count, max);
  // A `false` prefix item forbids that position and every one after it.
  const forbidden = shape.prefixItems.findIndex((list) => list.includes(false));
  if (forbidden >= 0) count = Math.min(count, forbidden);

  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const schemas: JsonSchema[] = [...(shape.prefixItems[i] ?? (shape.itemsClosed ? [] : shape.items))];
    if (i < containsCount) schemas.push(...shape.contains);
    let value = context.generate(schemas);
    if (shape.uniqueItems) {
      for (let retry = 0; retry < 12 && seen.has(JSON.stringify(value)); retry++)
        value = context.generate(schemas);
      if (seen.has(JSON.stringify(value)) && i >= min) break;
      seen.add(JSON.stringify(value));
    }
    out.push(value);
  }
  return out;
}

/** Objects: required and optional properties, additional/pattern properties, dependencies, size bounds. */
import type { JsonSchema } from "../openapi.js";
import { reentersRef, type SynthesisContext } from "./context.js";
import { exclusiveKeyGroups } from "./not.js";
import { compilePattern, stringForPatterns } from "./regex.js";
import { addSchema, type Shape, satisfiableAtTop } from "./shape.js";

/** Every schema that applies to the value of `key`, or undefined when the key is not allowed. */
function schemasForKey(shape: Shape, key: string): JsonSchema[] | undefined {
  const out = [...(shape.properties.get(key) ?? [])];
  for (const [pattern, schema] of shape.patternProperties)
    if (compilePattern(pattern)?.test(key)) out.push(schema);
  for (const rule of shape.additional) {
    const covered = rule.names.has(key) || rule.patterns.some((p) => compilePattern(p)?.test(key));
    if (covered) continue;
    if (rule.schema === false) return undefined;
    out.push(rule.schema);
  }
  return out;
}

export function synthesizeObject(shape: Shape, context: SynthesisContext): Record<string, unknown> {
  const maxProperties = shape.maxProperties ?? Number.POSITIVE_INFINITY;
  const chosen: string[] = [...shape.required];
  const optional = [...shape.properties.keys()].filter((k) => !shape.required.has(k));
  if (context.depth < context.optionalDepth) {
    for (const key of optional) {
      if (chosen.length >= maxProperties) break;
      const schemas = schemasForKey(shape, key);
      if (!schemas || reentersRef(schemas, context)) continue;
      if (satisfiableAtTop(schemas, context.document)) chosen.push(key);
    }
  }
  // `not: {required: [a, b]}`: drop optional keys until no such group is complete.
  for (const group of exclusiveKeyGroups(shape, context.document)) {
    for (const key of [...group].reverse()) {
      if (!group.every((k) => chosen.includes(k))) break;
      if (!shape.required.has(key)) chosen.splice(chosen.indexOf(key), 1);
    }
  }
  applyDependencies(shape, chosen, context);
  fillToMinProperties(shape, chosen, context);

  const out: Record<string, unknown> = {};
  // Keep the document's property order: payloads read like the spec.
  const order = [...shape.properties.keys(), ...chosen.filter((k) => !shape.properties.has(k))];
  for (const key of order) {
    if (!chosen.includes(key) || Object.hasOwn(out, key)) continue;
    const value = context.generate(schemasForKey(shape, key) ?? shape.properties.get(key) ?? [], key);
    // defineProperty, not assignment: a property named `__proto__` must become data, not a prototype.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `dependentRequired` and `dependentSchemas` of chosen keys, until nothing changes. */
function applyDependencies(shape: Shape, chosen: string[], context: SynthesisContext): void {
  const folded = new Set<string>();
  for (let changed = true, rounds = 0; changed && rounds < 10; rounds++) {
    changed = false;
    for (const key of [...chosen]) {
      for (const dep of shape.dependentRequired.get(key) ?? []) {
        if (!chosen.includes(dep)) [changed] = [true, chosen.push(dep)];
      }
      const extra = shape.dependentSchemas.get(key);
      if (extra && !folded.has(key)) {
        folded.add(key);
        for (const schema of extra) addSchema(shape, schema, context.document);
        for (const req of shape.required) if (!chosen.includes(req)) [changed] = [true, chosen.push(req)];
      }
    }
  }
}

function fillToMinProperties(shape: Shape, chosen: string[], context: SynthesisContext): void {
  const min = shape.minProperties ?? 0;
  for (const key of shape.properties.keys()) {
    if (chosen.length >= min) return;
    if (!chosen.includes(key) && schemasForKey(shape, key)) chosen.push(key);
  }
  for (let n = 1; chosen.length < min && n <= min * 4; n++) {
    const key = extraKey(shape, context, n);
    if (key !== undefined && !chosen.includes(key) && schemasForKey(shape, key)) chosen.push(key);
  }
}

/** A key outside `properties`: from `patternProperties`, else shaped by `propertyNames`, else `key<n>`. */
function extraKey(shape: Shape, context: SynthesisContext, n: number): string | undefined {
  const pattern = shape.patternProperties[n % Math.max(1, shape.patternProperties.length)]?.[0];
  if (pattern !== undefined) return stringForPatterns([pattern], context.random);
  if (shape.propertyNames.length > 0) {
    const name = context.generate([{ type: "string" }, ...shape.propertyNames]);
    return typeof name === "string" ? name : undefined;
  }
  return `key${n}`;
}

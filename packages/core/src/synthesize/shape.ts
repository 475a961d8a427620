/**
 * Flattens a JSON Schema (with `$ref`, `allOf`, `if`/`then`, `dependentSchemas`) into one `Shape`:
 * the conjunction of every constraint that applies to a single value. Alternatives (`oneOf`,
 * `anyOf`) stay pending in `choices` until the generator picks a branch and folds it in, so one
 * shape describes exactly the value about to be produced.
 */

import { portablePattern } from "../load/pattern-check.js";
import type { JsonSchema } from "../openapi.js";
import { getAtPointer } from "../pointer.js";

export type JsonType = "null" | "boolean" | "object" | "array" | "number" | "integer" | "string";
const JSON_TYPES: readonly JsonType[] = ["null", "boolean", "object", "array", "number", "integer", "string"];

export interface Discriminator {
  propertyName: string;
  mapping: Record<string, string>;
}

export interface Choice {
  kind: "oneOf" | "anyOf";
  branches: JsonSchema[];
  discriminator?: Discriminator;
}

/** `additionalProperties` of one schema: applies to every key that schema does not itself name. */
export interface AdditionalRule {
  names: Set<string>;
  patterns: string[];
  schema: JsonSchema;
}

export interface Shape {
  /** Allowed types; undefined means any. An empty set means nothing fits. */
  types?: Set<JsonType>;
  hasConst: boolean;
  constValue?: unknown;
  enumValues?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf: number[];
  minLength?: number;
  maxLength?: number;
  patterns: string[];
  format?: string;
  items: JsonSchema[];
  /** `items: false` (closed tuple) after `prefixItems`. */
  itemsClosed: boolean;
  prefixItems: JsonSchema[][];
  contains: JsonSchema[];
  minContains?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  properties: Map<string, JsonSchema[]>;
  required: Set<string>;
  patternProperties: Array<[string, JsonSchema]>;
  additional: AdditionalRule[];
  propertyNames: JsonSchema[];
  dependentRequired: Map<string, string[]>;
  dependentSchemas: Map<string, JsonSchema[]>;
  minProperties?: number;
  maxProperties?: number;
  choices: Choice[];
  discriminators: Discriminator[];
  /** `examples`, `example` and `default` values, in that order of preference. */
  examples: unknown[];
  /** `$ref` targets followed to build this shape, outermost first. */
  refs: string[];
  /** The schema `false` (or contradictory types) took part: no value fits. */
  never: boolean;
  /** `not` subschemas: honoured where they forbid types, values or keys (see ./not.ts). */
  nots: JsonSchema[];
  /** Values a `not: {const|enum}` forbids. */
  bannedValues: unknown[];
  /** Key sets that must not all be present: `not: {required}`, and the required keys of `oneOf` siblings not taken. */
  exclusiveKeys: string[][];
}

export function emptyShape(): Shape {
  return {
    hasConst: false,
    multipleOf: [],
    patterns: [],
    items: [],
    itemsClosed: false,
    prefixItems: [],
    contains: [],
    uniqueItems: false,
    properties: new Map(),
    required: new Set(),
    patternProperties: [],
    additional: [],
    propertyNames: [],
    dependentRequired: new Map(),
    dependentSchemas: new Map(),
    choices: [],
    discriminators: [],
    examples: [],
    refs: [],
    never: false,
    nots: [],
    bannedValues: [],
    exclusiveKeys: [],
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const tighterMin = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const tighterMax = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

interface RefIndex {
  anchors: Map<string, JsonSchema>;
  ids: Map<string, JsonSchema>;
}
const indexes = new WeakMap<object, RefIndex>();

/** `$anchor`s and `$id`s of the document, found once per document. */
function refIndex(document: object): RefIndex {
  let index = indexes.get(document);
  if (index) return index;
  index = { anchors: new Map(), ids: new Map() };
  const stack: unknown[] = [document];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const o = node as Obj;
    if (typeof o.$anchor === "string") index.anchors.set(o.$anchor, o);
    if (typeof o.$dynamicAnchor === "string" && !index.anchors.has(o.$dynamicAnchor))
      index.anchors.set(o.$dynamicAnchor, o);
    if (typeof o.$id === "string") index.ids.set(o.$id.replace(/#$/, ""), o);
    stack.push(...Object.values(o));
  }
  indexes.set(document, index);
  return index;
}

/**
 * Resolves a `$ref` inside the bundled document: JSON pointers (`#/components/...`), `$anchor`s
 * (`#name`) and `$id`s of embedded schemas (matched as written or by their last path segment).
 */
export function resolveRef(document: unknown, ref: string): JsonSchema | undefined {
  const hash = ref.indexOf("#");
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  let root: unknown = document;
  if (base !== "") {
    if (document === null || typeof document !== "object") return undefined;
    const { ids } = refIndex(document);
    root = ids.get(base) ?? [...ids].find(([id]) => id.endsWith(`/${base}`) || base.endsWith(`/${id}`))?.[1];
    if (root === undefined) return undefined;
  }
  let target: unknown;
  if (fragment === "" || fragment.startsWith("/")) {
    try {
      target = getAtPointer(root, fragment === "" ? "" : `#${fragment}`);
    } catch {
      return undefined;
    }
  } else if (root !== null && typeof root === "object") {
    target = refIndex(root).anchors.get(decodeURIComponent(fragment));
  }
  return typeof target === "boolean" || isObj(target) ? (target as JsonSchema) : undefined;
}

/**
 * Folds `schema` into `shape`. `seen` guards against `$ref` loops inside one flattening
 * (`A: allOf: [$ref: A]`); recursion across nested values is the generator's business.
 */
export function addSchema(
  shape: Shape,
  schema: JsonSchema,
  document: unknown,
  seen = new Set<string>(),
): void {
  if (schema === true) return;
  if (schema === false || !isObj(schema)) {
    shape.never = true;
    return;
  }
  const s = schema;
  const ref =
    typeof s.$ref === "string" ? s.$ref : typeof s.$dynamicRef === "string" ? s.$dynamicRef : undefined;
  if (ref !== undefined && !seen.has(ref)) {
    const target = resolveRef(document, ref);
    if (target !== undefined) {
      seen.add(ref);
      shape.refs.push(ref);
      addSchema(shape, target, document, seen);
    }
  }
  addTypeAndValues(shape, s);
  addNumberAndString(shape, s);
  addArray(shape, s);
  addObject(shape, s);
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) addSchema(shape, sub as JsonSchema, document, seen);
  if (s.not !== undefined) shape.nots.push(s.not as JsonSchema);
  const discriminator = readDiscriminator(s.discriminator);
  for (const kind of ["oneOf", "anyOf"] as const) {
    const branches = s[kind];
    if (Array.isArray(branches) && branches.length > 0) {
      shape.choices.push({ kind, branches: branches as JsonSchema[], discriminator });
    }
  }
  if (discriminator && !Array.isArray(s.oneOf) && !Array.isArray(s.anyOf))
    shape.discriminators.push(discriminator);
  // Satisfying `if` as well as `then` makes the conditional hold without evaluating it.
  if (s.if === false && s.else !== undefined) addSchema(shape, s.else as JsonSchema, document, seen);
  else if (s.if !== undefined && s.if !== false && s.then !== undefined && s.then !== false) {
    addSchema(shape, s.if as JsonSchema, document, seen);
    addSchema(shape, s.then as JsonSchema, document, seen);
  }
}

function addTypeAndValues(shape: Shape, s: Obj): void {
  if (s.type !== undefined) {
    const listed = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is JsonType =>
      JSON_TYPES.includes(t as JsonType),
    );
    const next = new Set<JsonType>(listed);
    if (s.nullable === true) next.add("null");
    shape.types = shape.types ? intersectTypes(shape.types, next) : next;
  }
  if ("const" in s) {
    shape.hasConst = true;
    shape.constValue = s.const;
  }
  if (Array.isArray(s.enum)) {
    const allowed = s.enum;
    shape.enumValues = shape.enumValues
      ? shape.enumValues.filter((v) => allowed.some((a) => sameJson(a, v)))
      : [...allowed];
  }
  if (Array.isArray(s.examples)) shape.examples.push(...s.examples);
  if ("example" in s) shape.examples.push(s.example);
  if ("default" in s) shape.examples.push(s.default);
}

/** Type intersection where `integer` is the part of `number` both sides accept. */
function intersectTypes(a: Set<JsonType>, b: Set<JsonType>): Set<JsonType> {
  const out = new Set<JsonType>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === "number" && b.has("integer")) out.add("integer");
    else if (t === "integer" && b.has("number")) out.add("integer");
  }
  return out;
}

function addNumberAndString(shape: Shape, s: Obj): void {
  shape.minimum = tighterMin(shape.minimum, num(s.minimum));
  shape.maximum = tighterMax(shape.maximum, num(s.maximum));
  // OpenAPI 3.0 leftovers: boolean exclusive bounds modify minimum/maximum.
  if (s.exclusiveMinimum === true && num(s.minimum) !== undefined)
    shape.exclusiveMinimum = tighterMin(shape.exclusiveMinimum, num(s.minimum));
  else shape.exclusiveMinimum = tighterMin(shape.exclusiveMinimum, num(s.exclusiveMinimum));
  if (s.exclusiveMaximum === true && num(s.maximum) !== undefined)
    shape.exclusiveMaximum = tighterMax(shape.exclusiveMaximum, num(s.maximum));
  else shape.exclusiveMaximum = tighterMax(shape.exclusiveMaximum, num(s.exclusiveMaximum));
  const multiple = num(s.multipleOf);
  if (multiple !== undefined && multiple > 0) shape.multipleOf.push(multiple);
  shape.minLength = tighterMin(shape.minLength, num(s.minLength));
  shape.maxLength = tighterMax(shape.maxLength, num(s.maxLength));
  // As validators check it: translated from another dialect, or no constraint when JavaScript cannot read it.
  const pattern = typeof s.pattern === "string" ? portablePattern(s.pattern) : undefined;
  if (pattern !== undefined) shape.patterns.push(pattern);
  if (typeof s.format === "string" && shape.format === undefined) shape.format = s.format;
}

function addArray(shape: Shape, s: Obj): void {
  if (Array.isArray(s.prefixItems)) {
    s.prefixItems.forEach((sub, i) => {
      const list = shape.prefixItems[i] ?? [];
      list.push(sub as JsonSchema);
      shape.prefixItems[i] = list;
    });
  }
  if (s.items === false) shape.itemsClosed = true;
  else if (Array.isArray(s.items)) {
    // Draft 4–2019 tuple form, still found in converted specs.
    s.items.forEach((sub, i) => {
      const list = shape.prefixItems[i] ?? [];
      list.push(sub as JsonSchema);
      shape.prefixItems[i] = list;
    });
  } else if (s.items !== undefined) shape.items.push(s.items as JsonSchema);
  if (s.contains !== undefined) shape.contains.push(s.contains as JsonSchema);
  shape.minContains = tighterMin(shape.minContains, num(s.minContains));
  shape.minItems = tighterMin(shape.minItems, num(s.minItems));
  shape.maxItems = tighterMax(shape.maxItems, num(s.maxItems));
  if (s.uniqueItems === true) shape.uniqueItems = true;
}

function addObject(shape: Shape, s: Obj): void {
  const own = isObj(s.properties) ? s.properties : {};
  for (const [key, sub] of Object.entries(own)) {
    const list = shape.properties.get(key) ?? [];
    list.push(sub as JsonSchema);
    shape.properties.set(key, list);
  }
  if (Array.isArray(s.required))
    for (const key of s.required) if (typeof key === "string") shape.required.add(key);
  const patterns = isObj(s.patternProperties) ? Object.entries(s.patternProperties) : [];
  for (const [pattern, sub] of patterns) shape.patternProperties.push([pattern, sub as JsonSchema]);
  if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
    shape.additional.push({
      names: new Set(Object.keys(own)),
      patterns: patterns.map(([p]) => p),
      schema: s.additionalProperties as JsonSchema,
    });
  }
  if (s.propertyNames !== undefined) shape.propertyNames.push(s.propertyNames as JsonSchema);
  if (isObj(s.dependentRequired)) {
    for (const [key, deps] of Object.entries(s.dependentRequired)) {
      if (Array.isArray(deps))
        shape.dependentRequired.set(key, [...(shape.dependentRequired.get(key) ?? []), ...deps]);
    }
  }
  if (isObj(s.dependentSchemas)) {
    for (const [key, sub] of Object.entries(s.dependentSchemas)) {
      shape.dependentSchemas.set(key, [...(shape.dependentSchemas.get(key) ?? []), sub as JsonSchema]);
    }
  }
  shape.minProperties = tighterMin(shape.minProperties, num(s.minProperties));
  shape.maxProperties = tighterMax(shape.maxProperties, num(s.maxProperties));
}

function readDiscriminator(value: unknown): Discriminator | undefined {
  if (!isObj(value) || typeof value.propertyName !== "string") return undefined;
  const mapping: Record<string, string> = {};
  if (isObj(value.mapping))
    for (const [k, v] of Object.entries(value.mapping)) if (typeof v === "string") mapping[k] = v;
  return { propertyName: value.propertyName, mapping };
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObj(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  return value;
}

/**
 * False when no value can satisfy `schemas`, judged at the first level only: contradictory types,
 * a `false` schema, or a `oneOf`/`anyOf` none of whose branches allows a remaining type (GitHub's
 * `allOf: [simple-user], type: ["null"]`). Used to leave out optional content that cannot be valid.
 */
export function satisfiableAtTop(schemas: readonly JsonSchema[], document: unknown): boolean {
  const shape = emptyShape();
  for (const schema of schemas) addSchema(shape, schema, document);
  if (shape.never || shape.types?.size === 0) return false;
  const types = shape.types;
  if (!types) return true;
  return shape.choices.every((choice) =>
    choice.branches.some((branch) => {
      const probe = emptyShape();
      addSchema(probe, branch, document);
      if (probe.never) return false;
      return (
        !probe.types || [...probe.types].some((t) => types.has(t) || (t === "integer" && types.has("number")))
      );
    }),
  );
}

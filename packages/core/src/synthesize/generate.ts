/**
 * The synthesizer's core: schema list → shape → choices resolved → one value of one type.
 */
import type { JsonSchema } from "../openapi.js";
import { synthesizeArray } from "./arrays.js";
import type { SynthesisContext } from "./context.js";
import { scalarFits, typeAllowed } from "./fits.js";
import { applyNots } from "./not.js";
import { synthesizeObject } from "./objects.js";
import type { Random } from "./prng.js";
import { synthesizeNumber, synthesizeString } from "./scalars.js";
import {
  addSchema,
  type Choice,
  emptyShape,
  type JsonType,
  resolveRef,
  type Shape,
  sameJson,
} from "./shape.js";

/** Past this many levels below `maxDepth` we stop honouring `required`: the schema has no finite instance. */
const HARD_DEPTH_MARGIN = 8;

export interface GenerateSettings {
  document: unknown;
  random: Random;
  maxDepth: number;
  optionalDepth: number;
  useExamples: boolean;
}

export function generateValue(schemas: readonly JsonSchema[], settings: GenerateSettings): unknown {
  return generateAt(schemas, settings, 0, [], undefined);
}

function generateAt(
  schemas: readonly JsonSchema[],
  settings: GenerateSettings,
  depth: number,
  refStack: string[],
  name: string | undefined,
): unknown {
  const shape = emptyShape();
  for (const schema of schemas) addSchema(shape, schema, settings.document);
  const context: SynthesisContext = {
    ...settings,
    depth,
    refStack,
    generate: () => undefined,
  };
  resolveChoices(shape, context);
  const stack = [...refStack, ...shape.refs];
  context.refStack = stack;
  context.generate = (sub, subName) => generateAt(sub, settings, depth + 1, stack, subName);
  applyDiscriminators(shape, settings.document);
  applyNots(shape, settings.document);
  const banned = (value: unknown) => shape.bannedValues.some((b) => sameJson(b, value));
  let value = valueForShape(shape, context, name);
  for (let retry = 0; retry < 8 && banned(value); retry++) {
    context.useExamples = false;
    value = valueForShape(shape, context, name);
  }
  return value;
}

function valueForShape(shape: Shape, context: SynthesisContext, name: string | undefined): unknown {
  if (shape.hasConst) return shape.constValue;
  if (shape.enumValues !== undefined) {
    const fitting = shape.enumValues.filter((v) => typeAllowed(v, shape.types));
    const pool = fitting.length > 0 ? fitting : shape.enumValues;
    if (pool.length > 0) return context.random.pick(pool);
  }
  if (context.useExamples) {
    const example = shape.examples.find((v) => v === null || typeof v !== "object");
    if (example !== undefined && scalarFits(example, shape)) return example;
  }
  const type = chooseType(shape, context);
  if (context.depth > context.maxDepth + HARD_DEPTH_MARGIN) {
    return type === "object" ? {} : type === "array" ? [] : null;
  }
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return context.random.bool();
    case "integer":
    case "number":
      return synthesizeNumber(shape, context.random, type === "integer");
    case "string":
      return synthesizeString(shape, context.random, name);
    case "array":
      return synthesizeArray(shape, context);
    case "object":
      return synthesizeObject(shape, context);
  }
}

function chooseType(shape: Shape, context: SynthesisContext): JsonType {
  const listed = shape.types ? [...shape.types] : inferTypes(shape);
  if (listed.length === 0) return "null";
  if (context.depth >= context.maxDepth && listed.includes("null")) return "null";
  const nonNull = listed.filter((t) => t !== "null");
  // `number` with an integer-only multiple still reads best as a whole number.
  return nonNull[0] ?? "null";
}

/** Types implied by the keywords present when `type` is absent (`{properties: …}` is an object). */
function inferTypes(shape: Shape): JsonType[] {
  if (shape.properties.size > 0 || shape.required.size > 0 || shape.additional.length > 0) return ["object"];
  if (shape.minProperties !== undefined || shape.patternProperties.length > 0) return ["object"];
  if (shape.items.length > 0 || shape.prefixItems.length > 0 || shape.minItems !== undefined)
    return ["array"];
  if (shape.contains.length > 0) return ["array"];
  if (shape.minimum !== undefined || shape.maximum !== undefined || shape.multipleOf.length > 0)
    return ["number"];
  if (shape.exclusiveMinimum !== undefined || shape.exclusiveMaximum !== undefined) return ["number"];
  const example = shape.examples.find((v) => v !== undefined);
  if (example !== undefined && example !== null && typeof example !== "object") {
    return [typeof example === "number" ? "number" : typeof example === "boolean" ? "boolean" : "string"];
  }
  return ["string"];
}

/** Picks a branch of every pending `oneOf`/`anyOf` (including those the branches bring) and folds it in. */
function resolveChoices(shape: Shape, context: SynthesisContext): void {
  for (let guard = 0; shape.choices.length > 0 && guard < 64; guard++) {
    const choice = shape.choices.shift() as Choice;
    const picked = pickBranch(choice, shape, context);
    addSchema(shape, picked.branch, context.document);
    if (choice.kind === "oneOf") avoidSiblings(shape, choice, picked.branch, context.document);
    const property = choice.discriminator?.propertyName;
    // A branch that pins its discriminator property itself (`enum: [track]`) knows better than the
    // implicit value (the schema name): specs disagree with themselves here, validators follow the enum.
    if (
      picked.discriminatorValue !== undefined &&
      property &&
      !pinnedByValue(shape, property, context.document)
    ) {
      pinProperty(shape, property, picked.discriminatorValue);
    }
  }
}

/**
 * `oneOf` wants exactly one match. An object carrying every optional property of its branch often
 * also holds all the required keys of a sibling branch; recording each sibling's required keys as
 * a group that must not be complete lets the object generator leave one optional key out.
 */
function avoidSiblings(shape: Shape, choice: Choice, picked: JsonSchema, document: unknown): void {
  for (const sibling of choice.branches) {
    if (sibling === picked) continue;
    const probe = emptyShape();
    addSchema(probe, sibling, document);
    if (probe.required.size > 0) shape.exclusiveKeys.push([...probe.required]);
  }
}

interface Picked {
  branch: JsonSchema;
  discriminatorValue?: string;
}

function pickBranch(choice: Choice, shape: Shape, context: SynthesisContext): Picked {
  const { random } = context;
  const d = choice.discriminator;
  if (d) {
    const byRef = choice.branches.filter((b) => typeof b === "object" && typeof b.$ref === "string");
    const options = byRef.map((branch) => {
      const ref = (branch as { $ref: string }).$ref;
      const mapped = Object.entries(d.mapping).find(([, target]) => target === ref)?.[0];
      return { branch, discriminatorValue: mapped ?? ref.slice(ref.lastIndexOf("/") + 1) };
    });
    const usable = options.filter((o) => !context.refStack.includes((o.branch as { $ref: string }).$ref));
    if (usable.length > 0) return random.pick(usable);
    if (options.length > 0) return random.pick(options);
  }
  const ranked = choice.branches.map((branch) => ({ branch, score: branchScore(branch, shape, context) }));
  const best = Math.max(...ranked.map((r) => r.score));
  return { branch: random.pick(ranked.filter((r) => r.score === best)).branch };
}

/** Higher is better: type-compatible, not recursing, not `null` unless we are deep. */
function branchScore(branch: JsonSchema, shape: Shape, context: SynthesisContext): number {
  if (branch === false) return -10;
  if (branch === true) return 0;
  const probe = emptyShape();
  const seen = new Set<string>();
  if (typeof branch.$ref === "string") {
    if (context.refStack.includes(branch.$ref)) return -2;
    seen.add(branch.$ref);
    const target = resolveRef(context.document, branch.$ref);
    if (target !== undefined) addSchema(probe, target, context.document, seen);
  }
  addSchema(probe, { ...branch, $ref: undefined }, context.document, seen);
  if (probe.never) return -10;
  let score = 0;
  if (shape.types && probe.types) {
    const overlap = [...probe.types].some(
      (t) => shape.types?.has(t) || (t === "integer" && shape.types?.has("number")),
    );
    if (!overlap) return -5;
  }
  const onlyNull = probe.types?.size === 1 && probe.types.has("null");
  if (onlyNull) score += context.depth >= context.maxDepth ? 2 : -1;
  if (
    probe.hasConst &&
    shape.hasConst &&
    JSON.stringify(probe.constValue) !== JSON.stringify(shape.constValue)
  )
    return -5;
  return score;
}

/** What the property's own schemas (references followed) say of its value. */
function propertyProbe(shape: Shape, property: string, document: unknown): Shape {
  const probe = emptyShape();
  for (const schema of shape.properties.get(property) ?? []) addSchema(probe, schema, document);
  return probe;
}

function pinnedByValue(shape: Shape, property: string, document: unknown): boolean {
  const probe = propertyProbe(shape, property, document);
  return probe.hasConst || probe.enumValues !== undefined;
}

/** Whether the property's schemas admit `value` as far as their `const` and `enum` say. */
function allowsValue(shape: Shape, property: string, value: string, document: unknown): boolean {
  const probe = propertyProbe(shape, property, document);
  if (probe.hasConst) return sameJson(probe.constValue, value);
  return probe.enumValues === undefined || probe.enumValues.some((allowed) => sameJson(allowed, value));
}

function pinProperty(shape: Shape, property: string, value: string): void {
  shape.properties.set(property, [...(shape.properties.get(property) ?? []), { const: value }]);
  shape.required.add(property);
}

/**
 * Inheritance-style discriminators (`Pet` holds the discriminator, `Cat: allOf [Pet, …]`): the
 * property takes the mapping key of the outermost schema we came through, when its own schema allows
 * that value (an `enum` or `const`, also behind a `$ref`, may not: validators follow the schema).
 */
function applyDiscriminators(shape: Shape, document: unknown): void {
  for (const d of shape.discriminators) {
    for (const ref of shape.refs) {
      const mapped = Object.entries(d.mapping).find(([, target]) => target === ref)?.[0];
      const implicit = ref.slice(ref.lastIndexOf("/") + 1);
      const value = mapped ?? (Object.keys(d.mapping).length === 0 ? implicit : undefined);
      if (value !== undefined) {
        if (allowsValue(shape, d.propertyName, value, document)) pinProperty(shape, d.propertyName, value);
        break;
      }
    }
  }
}

/**
 * Routing when the config names none. The runtime's default asks every payload validator and
 * routes to the only one that accepts: that fails (404 "matches several webhooks") when one
 * webhook's schema accepts another's payloads, and also when a provider's payload drifts from its
 * schema (no validator accepts it). Most providers put a constant in an envelope field (`type`,
 * `event`, `action`, possibly one level down, possibly through `$ref`/`allOf`): when one such
 * field is present in every webhook's payload with a different value each, the receiver routes by
 * it. When there is none, webhooks that validators may not tell apart are named in a warning that
 * shows the config that fixes it.
 */
import { type ContractIR, type Diagnostic, getAtPointer } from "@contract/core";
import type { WebhookModel } from "./model.js";

type Json = Record<string, unknown>;
type Scalar = string | number | boolean;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

export interface BodyFieldRoute {
  by: "body";
  field: string;
  map?: Record<string, string>;
}

/** What one payload schema says about its object shape: properties (merged through allOf) and required names. */
interface Shape {
  properties: Map<string, unknown>;
  required: Set<string>;
}

function resolveRefs(document: unknown, schema: unknown): unknown {
  let current = schema;
  for (let i = 0; i < 32 && isObject(current) && typeof current.$ref === "string"; i++) {
    const ref = current.$ref;
    if (!ref.startsWith("#")) return undefined;
    let pointer: string;
    try {
      pointer = decodeURIComponent(ref.slice(1));
    } catch {
      return undefined;
    }
    const target = getAtPointer(document, pointer);
    // A `$ref` with siblings: the siblings constrain too; read them as an allOf with the target.
    const { $ref: _, ...siblings } = current;
    current =
      Object.keys(siblings).length > 0 ? { ...siblings, allOf: [target, ...asList(siblings.allOf)] } : target;
  }
  return current;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function shapeOf(document: unknown, schema: unknown, seen = new Set<unknown>()): Shape {
  const shape: Shape = { properties: new Map(), required: new Set() };
  const visit = (node: unknown) => {
    const s = resolveRefs(document, node);
    if (!isObject(s) || seen.has(s)) return;
    seen.add(s);
    if (isObject(s.properties))
      for (const [name, sub] of Object.entries(s.properties)) {
        // The same property in several allOf members must satisfy all of them.
        const earlier = shape.properties.get(name);
        shape.properties.set(name, earlier === undefined ? sub : { allOf: [earlier, sub] });
      }
    for (const name of asList(s.required)) if (typeof name === "string") shape.required.add(name);
    for (const member of asList(s.allOf)) visit(member);
  };
  visit(schema);
  return shape;
}

/** The one value a property schema allows (`const`, or an `enum` of one), through `$ref`/`allOf`. */
function constantOf(document: unknown, schema: unknown, depth = 0): Scalar | undefined {
  const s = resolveRefs(document, schema);
  if (!isObject(s) || depth > 8) return undefined;
  const scalar = (v: unknown): v is Scalar =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (scalar(s.const)) return s.const;
  if (Array.isArray(s.enum) && s.enum.length === 1 && scalar(s.enum[0])) return s.enum[0];
  for (const member of asList(s.allOf)) {
    const found = constantOf(document, member, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Constant fields of a payload: `name` or `name.sub` (one level down) → value. */
function constantFields(document: unknown, schema: unknown): Map<string, Scalar> {
  const fields = new Map<string, Scalar>();
  const top = shapeOf(document, schema);
  for (const [name, sub] of top.properties) {
    if (name.includes(".")) continue;
    const value = constantOf(document, sub);
    if (value !== undefined) {
      fields.set(name, value);
      continue;
    }
    for (const [inner, innerSchema] of shapeOf(document, sub).properties) {
      if (inner.includes(".")) continue;
      const nested = constantOf(document, innerSchema);
      if (nested !== undefined) fields.set(`${name}.${inner}`, nested);
    }
  }
  return fields;
}

interface Payload {
  webhook: string;
  schema: unknown;
}

/** One payload schema per webhook: its JSON body (the first media type with a schema). */
function payloads(models: readonly WebhookModel[]): Payload[] | undefined {
  const out: Payload[] = [];
  for (const model of models) {
    const bodies = model.operations.flatMap((op) => op.requestBody?.content ?? []).filter((c) => c.schema);
    const body = bodies.find((c) => /json/i.test(c.mediaType)) ?? bodies[0];
    if (!body) return undefined; // a webhook without a body cannot be routed by a body field
    out.push({ webhook: model.name, schema: body.schema });
  }
  return out;
}

export interface RouteDetection {
  route?: BodyFieldRoute;
  warning?: Diagnostic;
}

const MAX_NAMED = 6;

export function detectRoute(ir: ContractIR, models: readonly WebhookModel[]): RouteDetection {
  if (models.length < 2) return {};
  const bodies = payloads(models);
  if (!bodies) return {};
  const document = ir.document;
  const fields = bodies.map((p) => constantFields(document, p.schema));
  const [first] = fields;
  // Candidates in the first payload's order, top-level fields before nested ones.
  const candidates = [...(first?.keys() ?? [])].sort((a, b) => a.split(".").length - b.split(".").length);
  for (const field of candidates) {
    const values = fields.map((f) => f.get(field));
    if (values.some((v) => v === undefined)) continue;
    const keys = values.map(String);
    if (new Set(keys).size !== keys.length) continue;
    const route: BodyFieldRoute = { by: "body", field };
    if (keys.some((key, i) => key !== bodies[i]?.webhook))
      route.map = Object.fromEntries(keys.map((key, i) => [key, bodies[i]?.webhook as string]));
    return { route };
  }
  const overlapping = overlappingWebhooks(document, bodies, fields);
  if (overlapping.length === 0) return {};
  const named = overlapping.slice(0, MAX_NAMED).map((pair) => pair.map((n) => JSON.stringify(n)).join(" / "));
  const more = overlapping.length > MAX_NAMED ? ` and ${overlapping.length - MAX_NAMED} more pairs` : "";
  return {
    warning: {
      severity: "warning",
      code: "webhook-route-ambiguous",
      message: `webhooks the receiver may not tell apart by their payload schemas: ${named.join(", ")}${more}. No body field holds a different constant per webhook; route deliveries by what the provider sends, e.g. "generators": { "webhooks": { "route": { "by": "header", "header": "X-Event-Type" } } } or { "by": "body", "field": "type" }`,
      pointer: "/webhooks",
    },
  };
}

/**
 * Pairs whose validators may both accept one delivery: no shared constant field with different
 * values, and one of them requires nothing the other lacks (its schema then accepts the other's
 * payloads, as a superset does).
 */
function overlappingWebhooks(
  document: unknown,
  bodies: readonly Payload[],
  fields: readonly Map<string, Scalar>[],
): Array<[string, string]> {
  const shapes = bodies.map((p) => shapeOf(document, p.schema));
  const accepts = (a: number, b: number) => {
    const declared = shapes[b]?.properties;
    return [...(shapes[a]?.required ?? [])].every((name) => declared?.has(name));
  };
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < bodies.length; i++) {
    for (let j = i + 1; j < bodies.length; j++) {
      const a = fields[i] as Map<string, Scalar>;
      const b = fields[j] as Map<string, Scalar>;
      const differ = [...a].some(([field, value]) => b.has(field) && b.get(field) !== value);
      if (differ) continue;
      if (accepts(i, j) || accepts(j, i))
        pairs.push([bodies[i]?.webhook as string, bodies[j]?.webhook as string]);
    }
  }
  return pairs;
}

/**
 * The GET operations a link can point to: those with at least one required path parameter (without
 * one there is nothing to fill from the payload) and a JSON 2xx response whose schema is an object.
 */
import type { IRHttpOperation, IRParameter } from "../ir.js";
import type { OpenApiDocument } from "../openapi.js";
import { MIN_SHAPE_PROPERTIES, structuralKey } from "./schema-match.js";
import { propertiesOf, type ResolvedSchema, resolveSchema, type SchemaObject } from "./schema-view.js";

export interface LinkTarget {
  operation: IRHttpOperation;
  /** Required path parameters, in path order. */
  parameters: IRParameter[];
  schema: SchemaObject;
  ref?: string;
  structuralKey: string;
  propertyNames: Set<string>;
}

export interface TargetIndex {
  byRef: Map<string, LinkTarget[]>;
  byStructure: Map<string, LinkTarget[]>;
  /** Targets with enough properties for a `same-shape` match, by property count. */
  bySize: Map<number, LinkTarget[]>;
}

export function collectTargets(
  document: OpenApiDocument,
  operations: readonly IRHttpOperation[],
): TargetIndex {
  const index: TargetIndex = { byRef: new Map(), byStructure: new Map(), bySize: new Map() };
  for (const operation of operations) {
    if (operation.method !== "get") continue;
    const parameters = orderedPathParameters(operation);
    if (parameters.length === 0) continue;
    const schema = successSchema(operation);
    const resolved = schema === undefined ? undefined : resolveSchema(document, schema);
    if (!resolved) continue;
    // A response that is one of several objects (`oneOf: [private-user, public-user]`) returns
    // each of them: every branch is a target of its own.
    const shapes = [resolved, ...alternativesOf(document, resolved.schema)];
    for (const shape of shapes) {
      const propertyNames = new Set(propertiesOf(document, shape.schema).keys());
      if (propertyNames.size === 0) continue;
      const target: LinkTarget = {
        operation,
        parameters,
        schema: shape.schema,
        ...(shape.ref !== undefined ? { ref: shape.ref } : {}),
        structuralKey: structuralKey(shape.schema),
        propertyNames,
      };
      if (target.ref !== undefined) push(index.byRef, target.ref, target);
      push(index.byStructure, target.structuralKey, target);
      if (propertyNames.size >= MIN_SHAPE_PROPERTIES) push(index.bySize, propertyNames.size, target);
    }
  }
  return index;
}

function orderedPathParameters(operation: IRHttpOperation): IRParameter[] {
  const declared = operation.parameters.path.filter((p) => p.required);
  const order = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  return declared.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

/** The schema of the first 2xx response (200 first) with a JSON media type. */
function successSchema(operation: IRHttpOperation): unknown {
  const ok = operation.responses
    .filter((r) => /^2(\d\d|XX)$/i.test(r.status))
    .sort((a, b) => a.status.localeCompare(b.status));
  for (const response of ok) {
    const json = response.content.find((m) => isJsonMediaType(m.mediaType));
    if (json?.schema !== undefined) return json.schema;
  }
  return undefined;
}

export function isJsonMediaType(mediaType: string): boolean {
  const base = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  return base === "application/json" || base.endsWith("+json");
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function alternativesOf(document: OpenApiDocument, schema: SchemaObject): ResolvedSchema[] {
  const out: ResolvedSchema[] = [];
  for (const key of ["oneOf", "anyOf"] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const resolved = resolveSchema(document, branch);
      if (resolved) out.push(resolved);
    }
  }
  return out;
}

/**
 * The objects a webhook payload can carry, each with the path of property names that reaches it
 * from the payload's root. Walks `properties` (own and `allOf`), and the branches of
 * `oneOf`/`anyOf`/`allOf` at the same path; does not enter arrays (a link reads one value, and
 * `$request.body#/items/0/id` would pick an arbitrary element). Bounded by MAX_DEPTH property
 * levels and stops at a `$ref` already on the current branch (recursive schemas).
 */
import type { OpenApiDocument } from "../openapi.js";
import { branchesOf, propertiesOf, resolveSchema, type SchemaObject } from "./schema-view.js";

export const MAX_DEPTH = 5;
/** Branches followed at one path at most (a guard against pathological `oneOf` lists). */
const MAX_BRANCHES = 64;

export interface PayloadObject {
  /** Property names from the payload root; `[]` is the payload itself. */
  path: string[];
  schema: SchemaObject;
  ref?: string;
  /** Property name → property schema (as written). */
  properties: Map<string, unknown>;
}

export function payloadObjects(document: OpenApiDocument, body: unknown): PayloadObject[] {
  const out: PayloadObject[] = [];
  const visit = (schema: unknown, path: string[], refsOnBranch: ReadonlySet<string>): void => {
    const resolved = resolveSchema(document, schema);
    if (!resolved) return;
    if (resolved.ref !== undefined && refsOnBranch.has(resolved.ref)) return;
    const refs = resolved.ref === undefined ? refsOnBranch : new Set([...refsOnBranch, resolved.ref]);
    const properties = propertiesOf(document, resolved.schema);
    if (properties.size > 0) {
      out.push({
        path,
        schema: resolved.schema,
        ...(resolved.ref !== undefined ? { ref: resolved.ref } : {}),
        properties,
      });
      if (path.length < MAX_DEPTH)
        for (const [name, child] of properties) visit(child, [...path, name], refs);
    }
    // Each branch is a description of the same object on its own: an `allOf: [{$ref: order}]`
    // wrapper is the `order` schema, and nullable wrappers `anyOf: [{$ref}, {type: null}]` too.
    for (const branch of branchesOf(resolved.schema).slice(0, MAX_BRANCHES)) visit(branch, path, refs);
  };
  visit(body, [], new Set());
  return out;
}

/**
 * Shared traversals for the semantic rules: every operation (under `paths` and `webhooks`, with
 * `$ref`ed path items and operations followed) and every `$ref` in the document.
 */
import { HTTP_METHODS, type HttpMethod } from "../ir.js";
import { resolveObject } from "../normalize/refs.js";
import type { OpenApiDocument } from "../openapi.js";
import { joinPointer } from "../pointer.js";

export type Obj = Record<string, unknown>;

export const asObject = (v: unknown): Obj | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;

export interface PathItemSite {
  kind: "operation" | "webhook";
  /** The path template (`/pets/{id}`) or the webhook name. */
  key: string;
  /** Pointer of the entry under `paths`/`webhooks` (where a `$ref`ed item is referenced from). */
  entryPointer: string;
  /** The path item object after `$ref` resolution, and where it is written. */
  item: Obj;
  pointer: string;
}

export interface OperationSite extends PathItemSite {
  method: HttpMethod;
  operation: Obj;
  /** Where the operation object is written (after `$ref` resolution). */
  operationPointer: string;
}

export function pathItemSites(document: OpenApiDocument): PathItemSite[] {
  const sites: PathItemSite[] = [];
  for (const container of ["paths", "webhooks"] as const) {
    const kind = container === "paths" ? "operation" : "webhook";
    for (const [key, value] of Object.entries(asObject(document[container]) ?? {})) {
      if (key.startsWith("x-")) continue;
      const entryPointer = joinPointer("", container, key);
      const resolved = resolveObject(document, value, entryPointer);
      if (resolved) sites.push({ kind, key, entryPointer, item: resolved.value, pointer: resolved.pointer });
    }
  }
  return sites;
}

export function operationSites(document: OpenApiDocument): OperationSite[] {
  return pathItemSites(document).flatMap((site) => operationsOf(document, site));
}

export function operationsOf(document: OpenApiDocument, site: PathItemSite): OperationSite[] {
  const out: OperationSite[] = [];
  for (const method of HTTP_METHODS) {
    if (site.item[method] === undefined) continue;
    const resolved = resolveObject(document, site.item[method], joinPointer(site.pointer, method));
    if (resolved)
      out.push({ ...site, method, operation: resolved.value, operationPointer: resolved.pointer });
  }
  return out;
}

/**
 * Keys whose object value is a map from names to things (schema properties, components, responses,
 * media types...): their children are names, never keywords, so a property called `example` or
 * `$ref` is still walked.
 */
export const NAME_MAPS: ReadonlySet<string> = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "paths",
  "webhooks",
  "callbacks",
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "pathItems",
  "content",
  "encoding",
  "variables",
  "mapping",
  "scopes",
]);

/** Keywords whose value is literal data (a `$ref` inside an example is not a reference). */
const DATA_KEYWORDS = new Set(["example", "examples", "default", "const", "enum", "value"]);

/**
 * Called for every object reached. `key` is the property it hangs under (for array items: the
 * array's); `keysAreNames` tells a map of names (`properties`, `responses`...) from an object whose
 * keys are keywords; `inArray` says the object is an item of a list.
 */
export type WalkVisitor = (
  node: Obj,
  pointer: string,
  key: string | undefined,
  keysAreNames: boolean,
  inArray: boolean,
) => void;

/**
 * Visits every object of the document that is part of the description (skipping example data,
 * defaults, enums and `x-` extensions). Iterative, so deeply nested documents cannot overflow the stack.
 */
export function walkDescription(
  document: OpenApiDocument,
  visit: WalkVisitor,
  /** Called with the value of every `x-` extension member the walk skips. */
  visitExtension?: (value: unknown, pointer: string) => void,
): void {
  type Frame = { node: unknown; pointer: string; key: string | undefined; isName: boolean; inArray: boolean };
  const stack: Frame[] = [{ node: document, pointer: "", key: undefined, isName: false, inArray: false }];
  while (stack.length > 0) {
    const { node, pointer, key, isName, inArray } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child = node[i];
        if (child !== null && typeof child === "object") {
          stack.push({ node: child, pointer: `${pointer}/${i}`, key, isName: false, inArray: true });
        }
      }
      continue;
    }
    const obj = node as Obj;
    // An item of a list (`parameters: [...]`) is one object, not a map of names, even when the
    // list's key names a map elsewhere (`components.parameters`).
    const childrenAreNames = !isName && !inArray && key !== undefined && NAME_MAPS.has(key);
    visit(obj, pointer, key, childrenAreNames, inArray);
    const entries = Object.entries(obj);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [childKey, child] = entries[i]!;
      if (child === null || typeof child !== "object") continue;
      if (!childrenAreNames && childKey.startsWith("x-")) {
        visitExtension?.(child, joinPointer(pointer, childKey));
        continue;
      }
      if (!childrenAreNames && isDataKeyword(childKey, child)) continue;
      stack.push({
        node: child,
        pointer: joinPointer(pointer, childKey),
        key: childKey,
        isName: childrenAreNames,
        inArray: false,
      });
    }
  }
}

function isDataKeyword(key: string, value: unknown): boolean {
  // `examples` is data in a Schema Object (an array) but a map of Example Objects elsewhere.
  if (key === "examples") return Array.isArray(value);
  return DATA_KEYWORDS.has(key);
}

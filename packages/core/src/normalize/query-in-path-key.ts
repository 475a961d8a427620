/**
 * Path keys with a query string (see path-key.ts): the key is sent as written, so every variable of
 * its query part must be a path parameter for the client to fill it. This makes it one, on a
 * copy-on-write view of the document that the IR and every generator read (types included, so the
 * typed arguments and the runtime agree):
 * - one declared `in: query` under the variable's name moves to the path (required, its schema
 *   kept; `style` and `explode` dropped, as a template takes the value as it is), since sending it
 *   also as a query parameter would repeat it in the URL;
 * - one declared nowhere becomes a required string path parameter of each operation.
 * A document without such keys is returned as the same object, and the input is never modified.
 */
import { HTTP_METHODS } from "../ir.js";
import type { OpenApiDocument } from "../openapi.js";
import { QUERY_KEY_DEFAULT_SCHEMA, queryKeyVariables } from "../path-key.js";
import { joinPointer } from "../pointer.js";
import { resolveObject } from "./refs.js";

type Obj = Record<string, unknown>;
/** Serialization fields of a query parameter that mean nothing, or something else, in a template. */
const QUERY_ONLY_FIELDS = new Set(["style", "explode", "allowReserved", "allowEmptyValue"]);

const asObject = (v: unknown): Obj | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;

export function withQueryKeyParameters(document: OpenApiDocument): OpenApiDocument {
  const paths = asObject(document.paths);
  if (!paths) return document;
  let rewritten: Obj | undefined;
  for (const [key, value] of Object.entries(paths)) {
    const variables = queryKeyVariables(key);
    if (variables.length === 0 || key.startsWith("x-")) continue;
    const item = resolveObject(document, value, joinPointer("", "paths", key))?.value;
    if (!item) continue;
    rewritten ??= { ...paths };
    rewritten[key] = pathItemWithVariables(document, item, new Set(variables));
  }
  return rewritten ? ({ ...document, paths: rewritten } as OpenApiDocument) : document;
}

function pathItemWithVariables(document: OpenApiDocument, item: Obj, variables: Set<string>): Obj {
  const shared = moveToPath(document, item.parameters, variables);
  const out: Obj = { ...item };
  if (shared) out.parameters = shared;
  for (const method of HTTP_METHODS) {
    const operation = asObject(resolveObject(document, item[method], "")?.value);
    if (!operation) continue;
    const own = moveToPath(document, operation.parameters, variables);
    const declared = new Set(
      [...(shared ?? []), ...(own ?? [])]
        .map((p) => resolveObject(document, p, "")?.value)
        .filter((p) => p?.in === "path")
        .map((p) => p?.name),
    );
    const missing = [...variables].filter((name) => !declared.has(name));
    const added = missing.map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { ...QUERY_KEY_DEFAULT_SCHEMA },
    }));
    out[method] =
      own || added.length > 0 ? { ...operation, parameters: [...(own ?? []), ...added] } : operation;
  }
  return out;
}

/** `list` with each `in: query` parameter named by a variable made an `in: path` one; undefined for no list. */
function moveToPath(document: OpenApiDocument, list: unknown, variables: Set<string>): unknown[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((entry) => {
    const parameter = resolveObject(document, entry, "")?.value;
    if (parameter?.in !== "query" || typeof parameter.name !== "string" || !variables.has(parameter.name))
      return entry;
    const moved: Obj = {};
    for (const [field, value] of Object.entries(parameter))
      if (!QUERY_ONLY_FIELDS.has(field)) moved[field] = value;
    return { ...moved, in: "path", required: true };
  });
}

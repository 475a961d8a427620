/**
 * openapi-typescript refers to an operation's `operations` entry through a JSON pointer it then
 * percent-decodes: an operationId `%2F1` is declared as `operations["%2F1"]` but referenced as
 * `operations["/1"]` (a missing member: types.ts does not compile), and `a%zz` throws "URI
 * malformed". Operations whose operationId holds a `%` are handed over without it (on copies: the
 * caller's document is not changed): their types are then written inline under `paths`/`webhooks`,
 * which is all the other generated files use; `operations` has no entry for them.
 */
import type { OpenAPI3 } from "openapi-typescript";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

export function withoutPercentOperationIds(document: OpenAPI3): OpenAPI3 {
  const doc = document as unknown as Obj;
  let copy: Obj | undefined;
  const pathItem = (item: unknown): unknown => {
    if (!isObj(item)) return item;
    let out: Obj | undefined;
    for (const method of METHODS) {
      const operation = item[method];
      if (
        !isObj(operation) ||
        typeof operation.operationId !== "string" ||
        !operation.operationId.includes("%")
      )
        continue;
      const { operationId: _dropped, ...rest } = operation;
      out ??= { ...item };
      out[method] = rest;
    }
    return out ?? item;
  };
  const map = (holder: Obj, key: string) => {
    const value = holder[key];
    if (!isObj(value)) return value;
    let out: Obj | undefined;
    for (const [name, item] of Object.entries(value)) {
      const replaced = pathItem(item);
      if (replaced !== item) {
        out ??= { ...value };
        out[name] = replaced;
      }
    }
    return out ?? value;
  };
  for (const key of ["paths", "webhooks"]) {
    const replaced = map(doc, key);
    if (replaced !== doc[key]) {
      copy ??= { ...doc };
      copy[key] = replaced;
    }
  }
  if (isObj(doc.components)) {
    const pathItems = map(doc.components, "pathItems");
    if (pathItems !== doc.components.pathItems) {
      copy ??= { ...doc };
      copy.components = { ...doc.components, pathItems };
    }
  }
  return (copy ?? doc) as unknown as OpenAPI3;
}

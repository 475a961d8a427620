/**
 * `readOnly`/`writeOnly` per direction (OpenAPI 3.1, Schema Object): a read-only property is managed
 * by the server, so a request need not carry it even when it is required; a write-only one (a
 * password) is never returned, so a response need not carry it. Only `required` changes: a value
 * that does carry such a property is still checked against its schema.
 */
import { getAtPointer, parsePointer } from "../pointer.js";

/** Which way a value travels. */
export type Direction = "request" | "response";

const FLAG_BY_DIRECTION = { request: "readOnly", response: "writeOnly" } as const;

/** `$ref` hops followed before giving up (a cycle of references). */
const MAX_REF_HOPS = 16;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The schema a local `$ref` names, or undefined for a remote one or a plain-name anchor. */
function localTarget(document: unknown, ref: string): unknown {
  if (ref !== "#" && !ref.startsWith("#/")) return undefined;
  return getAtPointer(document, parsePointer(ref));
}

/** Follows `$ref`s from a property schema to see whether it (or a schema it names) carries `flag`. */
function hasFlag(document: unknown, schema: unknown, flag: string): boolean {
  let current = schema;
  for (let hop = 0; hop < MAX_REF_HOPS && isObject(current); hop++) {
    if (current[flag] === true) return true;
    const ref = current.$ref;
    if (typeof ref !== "string") return false;
    current = localTarget(document, ref);
  }
  return false;
}

/**
 * `schema.required` without the properties that do not travel in `direction`; the same array when
 * nothing is left out.
 */
export function requiredFor(document: unknown, schema: Obj, direction: Direction): unknown {
  const required = schema.required;
  const properties = schema.properties;
  if (!Array.isArray(required) || !isObject(properties)) return required;
  const flag = FLAG_BY_DIRECTION[direction];
  const kept = required.filter(
    (name) =>
      !(
        typeof name === "string" &&
        Object.hasOwn(properties, name) &&
        hasFlag(document, properties[name], flag)
      ),
  );
  return kept.length === required.length ? required : kept;
}

/** `target[key] = value` that stays a plain own property even for a key named `__proto__`. */
function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `document` as seen in `direction`: every `required` shortened by `requiredFor`. Only the objects
 * that change (and those around them) are copied, the rest is shared, so every JSON pointer still
 * names the same node and a large spec is not duplicated.
 */
export function documentFor(document: unknown, direction: Direction): unknown {
  // The objects being visited: a YAML alias cycle is left as it is instead of recursing forever.
  const open = new Set<object>();
  const visit = (node: unknown): unknown => {
    if (node === null || typeof node !== "object" || open.has(node)) return node;
    open.add(node);
    const result = Array.isArray(node) ? visitArray(node) : visitObject(node as Obj);
    open.delete(node);
    return result;
  };
  const visitArray = (node: unknown[]): unknown[] => {
    let copy: unknown[] | undefined;
    for (let index = 0; index < node.length; index++) {
      const item = node[index];
      const next = visit(item);
      if (next === item) continue;
      copy ??= [...node];
      copy[index] = next;
    }
    return copy ?? node;
  };
  const visitObject = (node: Obj): Obj => {
    let copy: Obj | undefined;
    for (const key in node) {
      if (!Object.hasOwn(node, key)) continue;
      const value = node[key];
      // Only objects can change; most values of a large spec are strings.
      if (value === null || typeof value !== "object") continue;
      const next = visit(value);
      if (next === value) continue;
      copy ??= { ...node };
      setOwn(copy, key, next);
    }
    const required = requiredFor(document, node, direction);
    if (required === node.required) return copy ?? node;
    copy ??= { ...node };
    copy.required = required;
    return copy;
  };
  return visit(document);
}

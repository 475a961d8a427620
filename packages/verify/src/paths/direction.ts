/**
 * `readOnly`/`writeOnly` per direction, as the generated validators treat them: a request need not
 * carry a required read-only property, a response need not carry a required write-only one. The
 * copy only shortens `required` arrays, so every JSON pointer still means the same node.
 */
import { getAtPointer, parsePointer } from "@contract/core";

export type Direction = "request" | "response";

const FLAG = { request: "readOnly", response: "writeOnly" } as const;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function hasFlag(document: unknown, schema: unknown, flag: string): boolean {
  let current = schema;
  for (let hop = 0; hop < 16 && isObject(current); hop++) {
    if (current[flag] === true) return true;
    const ref = current.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#")) return false;
    current = getAtPointer(document, parsePointer(ref));
  }
  return false;
}

export function documentFor(document: unknown, direction: Direction): unknown {
  const flag = FLAG[direction];
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    const out: Obj = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    const properties = node.properties;
    if (Array.isArray(node.required) && isObject(properties)) {
      out.required = node.required.filter(
        (name) =>
          !(
            typeof name === "string" &&
            Object.hasOwn(properties, name) &&
            hasFlag(document, properties[name], flag)
          ),
      );
    }
    return out;
  };
  return visit(document);
}

import { joinPointer } from "../pointer.js";

/**
 * Every object and array of `document` by identity → its JSON pointer (the first path found): how
 * the schema object ajv names in an error becomes a pointer into the spec, through `$ref`s,
 * `allOf` and `oneOf` branches alike.
 */
export function objectPointers(document: unknown): Map<object, string> {
  const out = new Map<object, string>();
  const stack: Array<[unknown, string]> = [[document, ""]];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== "object" || out.has(node)) continue;
    out.set(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      if (child !== null && typeof child === "object") stack.push([child, joinPointer(pointer, key)]);
    }
  }
  return out;
}

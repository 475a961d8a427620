/** RFC 6901 JSON pointers: the address every diagnostic and IR node uses. */

export function escapePointerSegment(segment: string | number): string {
  const text = String(segment);
  // Hot path (millions of calls on large specs): most segments need no escaping at all.
  if (!text.includes("~") && !text.includes("/")) return text;
  return text.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let out = base;
  for (const s of segments) out += `/${escapePointerSegment(s)}`;
  return out;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === "" || pointer === "#") return [];
  const body = pointer.startsWith("#") ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (!body.startsWith("/")) throw new Error(`Invalid JSON pointer: ${pointer}`);
  return body.slice(1).split("/").map(unescapePointerSegment);
}

/** Returns the value at `pointer`, or undefined when any step is missing. Own properties only. */
export function getAtPointer(root: unknown, pointer: string | readonly string[]): unknown {
  const segments = typeof pointer === "string" ? parsePointer(pointer) : pointer;
  let node: unknown = root;
  for (const s of segments) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.hasOwn(node, s)) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

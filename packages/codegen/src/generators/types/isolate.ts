/**
 * openapi-typescript's `scanDiscriminators` writes into the document it is given: it adds the
 * discriminator property (as an enum) to every schema a discriminator maps to. The loaded document is
 * shared with the other generators, so those schemas must be private copies — but deep-cloning a
 * 12 MB spec costs ~230 ms, more than a quarter of the transform. Instead we copy only the path from
 * the root to each schema a discriminator can reach (the same `$ref`s scanDiscriminators resolves),
 * and clone just those schemas.
 */

type Node = Record<string, unknown> | unknown[];

const isNode = (v: unknown): v is Node => v !== null && typeof v === "object";

/** Returns a document safe to hand to scanDiscriminators: the input itself is never modified. */
export function isolateDiscriminatorTargets<T extends object>(document: T): T {
  const refs = new Set<string>();
  collectDiscriminatorRefs(document, refs);
  if (refs.size === 0) return document;
  const copies = new WeakSet<object>();
  const root = shallowCopy(document as Node, copies);
  for (const ref of refs) {
    if (!copyPathTo(root, ref, copies, new Set())) return structuredClone(document);
  }
  return root as T;
}

/** `$ref`s of `oneOf` members and mapping values of every discriminator, like scanDiscriminators. */
function collectDiscriminatorRefs(node: unknown, refs: Set<string>): void {
  if (!isNode(node)) return;
  if (Array.isArray(node)) {
    for (const item of node) collectDiscriminatorRefs(item, refs);
    return;
  }
  const discriminator = node.discriminator as { propertyName?: unknown; mapping?: unknown } | undefined;
  if (isNode(discriminator) && discriminator.propertyName) {
    if (Array.isArray(node.oneOf)) {
      for (const member of node.oneOf) {
        if (isNode(member) && typeof (member as { $ref?: unknown }).$ref === "string") {
          refs.add((member as { $ref: string }).$ref);
        }
      }
    }
    if (isNode(discriminator.mapping)) {
      for (const value of Object.values(discriminator.mapping))
        if (typeof value === "string") refs.add(value);
    }
  }
  for (const key of Object.keys(node)) collectDiscriminatorRefs(node[key], refs);
}

/** Pointer segments the way openapi-typescript's resolveRef reads a `$ref` (Redocly's parseRef). */
function refSegments(ref: string): string[] | undefined {
  const hash = ref.indexOf("#/");
  const pointer = hash === -1 ? "" : ref.slice(hash + 2).split("#/")[0]!;
  try {
    return pointer
      .split("/")
      .map((s) => decodeURIComponent(s.replace(/~1/g, "/").replace(/~0/g, "~")))
      .filter(Boolean);
  } catch {
    return undefined;
  }
}

/**
 * Replaces every container on the way to `ref` by a shallow copy and the target by a deep copy;
 * follows `$ref` chains like resolveRef does. `false` means "cannot tell": the caller clones everything.
 */
function copyPathTo(root: Node, ref: string, copies: WeakSet<object>, visited: Set<string>): boolean {
  if (visited.has(ref)) return true;
  visited.add(ref);
  const segments = refSegments(ref);
  if (!segments) return false;
  let parent = root as Record<string, unknown>;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    const child = parent[key];
    if (!isNode(child)) return true; // unresolvable: resolveRef gives up too, nothing gets written
    const last = i === segments.length - 1;
    const copy = last ? structuredClone(child) : copies.has(child) ? child : shallowCopy(child, copies);
    copies.add(copy);
    parent[key] = copy;
    parent = copy as Record<string, unknown>;
  }
  const next = parent.$ref;
  return typeof next === "string" ? copyPathTo(root, next, copies, visited) : true;
}

function shallowCopy(node: Node, copies: WeakSet<object>): Node {
  const copy = Array.isArray(node) ? node.slice() : { ...node };
  copies.add(copy);
  return copy;
}

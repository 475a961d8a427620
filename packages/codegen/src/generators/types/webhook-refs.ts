/**
 * openapi-typescript types a `paths` entry that is a `$ref` to a path item as that reference, but a
 * `webhooks` entry that is one as an empty path item (every method `never`): a webhook declared as
 * `petAdopted: {$ref: "#/components/pathItems/Pets"}` then has no `post` in types.ts, and the
 * validators and receiver that index `webhooks["petAdopted"]["post"]` do not compile. The document
 * handed to it gets such webhooks inlined (a shallow copy: the caller's document is not changed).
 */
import type { OpenAPI3 } from "openapi-typescript";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function inlineWebhookPathItems(document: OpenAPI3): OpenAPI3 {
  const webhooks = (document as { webhooks?: unknown }).webhooks;
  if (!isObj(webhooks)) return document;
  let changed = false;
  const inlined: Obj = {};
  for (const [name, item] of Object.entries(webhooks)) {
    const target = isObj(item) ? resolvePathItem(document, item) : undefined;
    if (target === undefined) {
      inlined[name] = item;
      continue;
    }
    // Siblings of the `$ref` (summary, description) override the target's, as the spec says.
    const { $ref: _ref, ...siblings } = item as Obj;
    inlined[name] = { ...target, ...siblings };
    changed = true;
  }
  return changed ? ({ ...document, webhooks: inlined } as OpenAPI3) : document;
}

/** The path item a chain of internal `$ref`s leads to (at most 32 hops), or undefined. */
function resolvePathItem(document: unknown, item: Obj): Obj | undefined {
  let current: Obj = item;
  for (let hops = 0; typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (hops > 32 || !ref.startsWith("#/")) return undefined;
    let node: unknown = document;
    for (const raw of ref.slice(2).split("/")) {
      const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = isObj(node) && Object.hasOwn(node, segment) ? node[segment] : undefined;
    }
    if (!isObj(node)) return undefined;
    current = node;
  }
  return current === item ? undefined : current;
}

/**
 * The examples a spec gives for a body, in the order a reader of the spec would take them: the
 * media type's `example`, its named `examples` (Example Objects, possibly `$ref`s to
 * `components/examples`), then the schema's own `examples`/`example`, following `$ref`s.
 */
import type { JsonSchema } from "../openapi.js";
import { getAtPointer, joinPointer } from "../pointer.js";

export interface SpecExample {
  value: unknown;
  /** JSON pointer of the example value in the bundled document. */
  pointer: string;
  /** Key under the media type's `examples`, when it came from there. */
  name?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** Follows `$ref` chains inside the document; undefined on a loop or a dangling ref. */
function deref(
  document: unknown,
  value: unknown,
  pointer: string,
): { value: Obj; pointer: string } | undefined {
  const seen = new Set<string>();
  let node = value;
  let at = pointer;
  while (isObj(node) && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (!ref.startsWith("#") || seen.has(ref)) return undefined;
    seen.add(ref);
    at = decodeURIComponent(ref.slice(1));
    node = getAtPointer(document, at);
  }
  return isObj(node) ? { value: node, pointer: at } : undefined;
}

export function mediaTypeExamples(document: unknown, mediaTypePointer: string): SpecExample[] {
  const media = getAtPointer(document, mediaTypePointer);
  if (!isObj(media)) return [];
  const out: SpecExample[] = [];
  if ("example" in media)
    out.push({ value: media.example, pointer: joinPointer(mediaTypePointer, "example") });
  if (isObj(media.examples)) {
    for (const [name, raw] of Object.entries(media.examples)) {
      const example = deref(document, raw, joinPointer(mediaTypePointer, "examples", name));
      // `externalValue` points outside the document: nothing to send without fetching it.
      if (example && "value" in example.value) {
        out.push({ value: example.value.value, pointer: joinPointer(example.pointer, "value"), name });
      }
    }
  }
  if (media.schema !== undefined)
    out.push(
      ...schemaExamples(document, media.schema as JsonSchema, joinPointer(mediaTypePointer, "schema")),
    );
  return out;
}

/** `examples` (2020-12) and the deprecated `example` of a schema, looking through `$ref`s. */
export function schemaExamples(document: unknown, schema: JsonSchema, pointer: string): SpecExample[] {
  const out: SpecExample[] = [];
  const seen = new Set<string>();
  let node: unknown = schema;
  let at = pointer;
  for (let hops = 0; isObj(node) && hops < 16; hops++) {
    if (Array.isArray(node.examples)) {
      for (const [i, value] of node.examples.entries())
        out.push({ value, pointer: joinPointer(at, "examples", i) });
    }
    if ("example" in node) out.push({ value: node.example, pointer: joinPointer(at, "example") });
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#") || seen.has(ref)) break;
    seen.add(ref);
    at = decodeURIComponent(ref.slice(1));
    node = getAtPointer(document, at);
  }
  return out;
}

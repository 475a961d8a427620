/** The structural keywords: properties, required, additionalProperties, items, prefixItems. */
import { joinPointer } from "../pointer.js";
import { childPlace, type SchemaPlace, type SchemaScope } from "./schema-compare.js";
import { buildView, type SchemaParts, type SchemaView } from "./schema-view.js";

export function compareObjects(
  scope: SchemaScope,
  base: SchemaView,
  head: SchemaView,
  place: SchemaPlace,
): void {
  compareProperties(scope, base, head, place);
  compareAdditional(scope, base, head, place);
  if (base.items && head.items) scope.compare(base.items, head.items, childPlace(place, "[]"));
  const tuple = Math.min(base.prefixItems.length, head.prefixItems.length);
  for (let i = 0; i < tuple; i++)
    scope.compare(base.prefixItems[i]!, head.prefixItems[i]!, childPlace(place, `[${i}]`));
}

function compareProperties(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): void {
  const { ctx } = scope;
  const ignored = (parts: SchemaParts, document: typeof ctx.base.document) => {
    // A read-only property is never sent by the client, a write-only one never returned.
    const v = buildView(document, parts);
    return scope.side.role === "input" ? v.readOnly : v.writeOnly;
  };
  for (const [name, baseParts] of base.properties) {
    const headParts = head.properties.get(name);
    const basePointer = baseParts[0]!.pointer;
    if (!headParts) {
      if (ignored(baseParts, ctx.base.document)) continue;
      const closed = scope.side.role === "input" && head.additional === false;
      const rule = closed ? "property-no-longer-accepted" : "property-removed";
      scope.report(rule, place, { name }, basePointer, joinPointer(head.pointer, "properties"));
      continue;
    }
    const headPointer = headParts[0]!.pointer;
    const wasRequired = base.required.has(name);
    const isRequired = head.required.has(name);
    if (wasRequired !== isRequired && !ignored(headParts, ctx.head.document)) {
      scope.report(
        isRequired ? "property-became-required" : "property-became-optional",
        place,
        { name },
        basePointer,
        headPointer,
      );
    }
    scope.compare(baseParts, headParts, childPlace(place, name));
  }
  for (const [name, headParts] of head.properties) {
    if (base.properties.has(name) || ignored(headParts, ctx.head.document)) continue;
    const rule = head.required.has(name) ? "required-property-added" : "optional-property-added";
    scope.report(rule, place, { name }, joinPointer(base.pointer, "properties"), headParts[0]!.pointer);
  }
}

function compareAdditional(scope: SchemaScope, base: SchemaView, head: SchemaView, place: SchemaPlace): void {
  const b = base.additional;
  const h = head.additional;
  const at = [
    joinPointer(base.pointer, "additionalProperties"),
    joinPointer(head.pointer, "additionalProperties"),
  ] as const;
  // Ordered from strictest to loosest: none allowed, a schema, anything.
  const rank = (x: typeof b) => (x === undefined ? 2 : x === false ? 0 : 1);
  if (rank(h) < rank(b)) scope.report("additional-properties-restricted", place, {}, ...at);
  else if (rank(h) > rank(b)) scope.report("additional-properties-allowed", place, {}, ...at);
  else if (b && h) scope.compare(b, h, childPlace(place, "{*}"));
}

/**
 * Which members of an OpenAPI document hold structure (where a `$ref` is a reference) and which
 * hold plain data (examples, defaults, enums: a `{"$ref": ...}` there is a value, not a reference).
 */

/** Members whose keys are names chosen by the author, never keywords. */
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
  "paths",
  "webhooks",
  "x-webhooks",
  "content",
  "encoding",
  "mapping",
]);

const DATA_KEYWORDS = new Set(["example", "default", "const", "enum"]);

/**
 * True when the member `key` (with value `value`) of an object reached through `parentKey` and
 * `grandParentKey` holds data rather than OpenAPI / JSON Schema structure.
 */
export function isDataMember(
  key: string,
  value: unknown,
  parentKey: string | undefined,
  grandParentKey: string | undefined,
): boolean {
  if (parentKey !== undefined && NAME_MAPS.has(parentKey)) return false;
  if (DATA_KEYWORDS.has(key)) return true;
  // Schema `examples` is an array of values; a Media Type's `examples` is a map of Example Objects.
  if (key === "examples" && Array.isArray(value)) return true;
  // The `value` of an Example Object.
  return key === "value" && grandParentKey === "examples";
}

/** The order in which the bundler walks the root: the first occurrence of an external target is
 * inlined where it is met first, and components are the natural home for shared content. */
export function rootWalkOrder(root: Record<string, unknown>): string[] {
  const first = ["components", "paths", "webhooks", "x-webhooks"].filter((k) => Object.hasOwn(root, k));
  return [...first, ...Object.keys(root).filter((k) => !first.includes(k))];
}

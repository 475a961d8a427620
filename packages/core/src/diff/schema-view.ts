/**
 * A flattened view of one schema as a validator sees it: `$ref`s followed, `allOf` merged, 3.0
 * `nullable` and 3.1 `type: [..., "null"]` and `oneOf: [X, {type: null}]` all read as one
 * `nullable` flag. Comparing views instead of raw JSON is what makes a reformatted, re-referenced
 * or renamed-but-identical schema compare equal.
 */
import type { OpenApiDocument } from "../openapi.js";
import { LIMIT_KEYWORDS, type LimitKeyword } from "./rules.js";
import {
  followRef,
  isNullSchema,
  isObject,
  joinPointer,
  type Obj,
  type SchemaParts,
  type SchemaRef,
  valueKey,
} from "./schema-refs.js";

export {
  followRef,
  partsKey,
  type SchemaParts,
  type SchemaRef,
  unwrapNullable,
  valueKey,
} from "./schema-refs.js";

export interface SchemaView {
  /** The schemas the view was built from. */
  parts: SchemaParts;
  /** Pointer of the first schema object reached (after `$ref`s): where changes are reported. */
  pointer: string;
  /** Component name when the view is one `#/components/schemas/X`. */
  name?: string;
  /** The `false` schema: nothing validates. */
  never: boolean;
  /** Allowed types except "null"; undefined means unconstrained. */
  types?: Set<string>;
  nullable: boolean;
  properties: Map<string, SchemaParts>;
  required: Set<string>;
  /** undefined: anything allowed; false: nothing beyond `properties`; else the schema of extra properties. */
  additional?: false | SchemaParts;
  items?: SchemaParts;
  prefixItems: SchemaParts[];
  enum?: unknown[];
  default?: { value: unknown };
  pattern?: string;
  format?: string;
  limits: Partial<Record<LimitKeyword, number>>;
  alternatives?: { keyword: "oneOf" | "anyOf"; list: SchemaParts[] };
  readOnly: boolean;
  writeOnly: boolean;
  /** Pointer of the keyword that set each scalar constraint (`enum` for `const` too), for reports. */
  origins: Partial<Record<string, string>>;
  /** Validation keywords compared only as a whole (see OTHER_KEYWORDS), with their first value. */
  others: Map<string, unknown>;
}

/**
 * Keywords diff has no dedicated rule for: a change to any of them is still reported (as
 * `keyword-changed`), so that nothing that changes validation goes unnoticed.
 */
export const OTHER_KEYWORDS = [
  "multipleOf",
  "uniqueItems",
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "patternProperties",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "minContains",
  "maxContains",
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
] as const;

const COMPONENT = /^\/components\/schemas\/([^/]+)$/;

export function buildView(document: OpenApiDocument, parts: SchemaParts): SchemaView {
  const view: SchemaView = {
    parts,
    pointer: parts[0] ? followRef(document, parts[0]).pointer : "",
    never: false,
    nullable: false,
    properties: new Map(),
    required: new Set(),
    prefixItems: [],
    limits: {},
    readOnly: false,
    writeOnly: false,
    origins: {},
    others: new Map(),
  };
  const state: BuildState = {
    document,
    view,
    visiting: new Set(),
    typeAllowsNull: undefined,
    nullMarked: false,
  };
  for (const part of parts) apply(state, part);
  const name = parts.length === 1 ? COMPONENT.exec(view.pointer)?.[1] : undefined;
  if (name) view.name = name.replace(/~1/g, "/").replace(/~0/g, "~");
  view.nullable = view.types ? state.nullMarked || state.typeAllowsNull === true : true;
  return view;
}

interface BuildState {
  document: OpenApiDocument;
  view: SchemaView;
  /** Pointers being applied: an `allOf` that includes itself is applied once. */
  visiting: Set<string>;
  /** Whether every declared `type` includes "null" (undefined: no `type` seen). */
  typeAllowsNull: boolean | undefined;
  /** `nullable: true` (3.0) or a `{type: "null"}` alternative. */
  nullMarked: boolean;
}

function apply(state: BuildState, ref: SchemaRef): void {
  const { schema, pointer } = ref;
  if (schema === false) {
    state.view.never = true;
    return;
  }
  if (!isObject(schema) || state.visiting.has(pointer)) return;
  state.visiting.add(pointer);
  if (typeof schema.$ref === "string") {
    const target = followRef(state.document, { schema: { $ref: schema.$ref }, pointer });
    if (target.pointer !== pointer) apply(state, target);
  }
  applyKeywords(state, schema, pointer);
  state.visiting.delete(pointer);
}

/** Keywords whose pointer is kept for reports, and the name they are kept under. */
const ORIGIN_KEYWORDS: Record<string, string> = {
  type: "type",
  enum: "enum",
  const: "enum",
  default: "default",
  pattern: "pattern",
  format: "format",
  additionalProperties: "additionalProperties",
  ...Object.fromEntries(LIMIT_KEYWORDS.map(({ keyword }) => [keyword, keyword])),
  ...Object.fromEntries(OTHER_KEYWORDS.map((keyword) => [keyword, keyword])),
};
const OTHER = new Set<string>(OTHER_KEYWORDS);

function applyKeywords(state: BuildState, s: Obj, pointer: string): void {
  const view = state.view;
  for (const key in s) {
    const name = ORIGIN_KEYWORDS[key];
    if (name !== undefined && view.origins[name] === undefined)
      view.origins[name] = joinPointer(pointer, key);
    if (OTHER.has(key) && !view.others.has(key)) view.others.set(key, s[key]);
  }
  if (s.type !== undefined) applyType(state, s.type);
  if (s.nullable === true) state.nullMarked = true;
  if (isObject(s.properties)) {
    for (const [name, schema] of Object.entries(s.properties)) {
      const list = view.properties.get(name) ?? [];
      list.push({ schema, pointer: joinPointer(pointer, "properties", name) });
      view.properties.set(name, list);
    }
  }
  if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === "string") view.required.add(r);
  if (s.additionalProperties === false) view.additional = false;
  else if (isObject(s.additionalProperties) && view.additional !== false) {
    const extra = { schema: s.additionalProperties, pointer: joinPointer(pointer, "additionalProperties") };
    view.additional = [...(view.additional ?? []), extra];
  }
  if (Array.isArray(s.prefixItems)) addTuple(view, s.prefixItems, joinPointer(pointer, "prefixItems"));
  if (Array.isArray(s.items)) addTuple(view, s.items, joinPointer(pointer, "items"));
  else if (s.items !== undefined && s.items !== true) {
    view.items = [...(view.items ?? []), { schema: s.items, pointer: joinPointer(pointer, "items") }];
  }
  if (s.const !== undefined) intersectEnum(view, [s.const]);
  if (Array.isArray(s.enum)) intersectEnum(view, s.enum);
  if (s.default !== undefined && !view.default) view.default = { value: s.default };
  if (typeof s.pattern === "string") view.pattern ??= s.pattern;
  if (typeof s.format === "string") view.format ??= s.format;
  applyLimits(view, s);
  if (s.readOnly === true) view.readOnly = true;
  if (s.writeOnly === true) view.writeOnly = true;
  if (Array.isArray(s.allOf)) {
    s.allOf.forEach((member, i) => {
      apply(state, { schema: member, pointer: joinPointer(pointer, "allOf", i) });
    });
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(s[keyword])) applyAlternatives(state, keyword, s[keyword] as unknown[], pointer);
  }
}

function applyType(state: BuildState, type: unknown): void {
  const list = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === "string");
  const allowsNull = list.includes("null");
  state.typeAllowsNull = state.typeAllowsNull === undefined ? allowsNull : state.typeAllowsNull && allowsNull;
  const types = new Set(list.filter((t) => t !== "null"));
  const view = state.view;
  if (!view.types) {
    view.types = types;
    return;
  }
  // allOf of two typed schemas: a value must satisfy both; integer is the overlap of integer and number.
  const merged = new Set<string>();
  for (const t of view.types) {
    if (types.has(t)) merged.add(t);
    else if (t === "number" && types.has("integer")) merged.add("integer");
    else if (t === "integer" && types.has("number")) merged.add("integer");
  }
  view.types = merged;
}

function addTuple(view: SchemaView, list: unknown[], pointer: string): void {
  list.forEach((schema, i) => {
    const slot = view.prefixItems[i] ?? [];
    slot.push({ schema, pointer: joinPointer(pointer, i) });
    view.prefixItems[i] = slot;
  });
}

function intersectEnum(view: SchemaView, values: unknown[]): void {
  if (!view.enum) {
    view.enum = values;
    return;
  }
  const keep = new Set(values.map(valueKey));
  view.enum = view.enum.filter((v) => keep.has(valueKey(v)));
}

function applyLimits(view: SchemaView, s: Obj): void {
  for (const { keyword, bound } of LIMIT_KEYWORDS) {
    const raw = s[keyword];
    if (raw === undefined) continue;
    let value: unknown = raw;
    // 3.0 (draft 4) spells exclusive bounds as booleans beside maximum/minimum.
    if (keyword === "exclusiveMaximum" && raw === true) value = s.maximum;
    else if (keyword === "exclusiveMinimum" && raw === true) value = s.minimum;
    else if (keyword === "maximum" && s.exclusiveMaximum === true) continue;
    else if (keyword === "minimum" && s.exclusiveMinimum === true) continue;
    if (typeof value !== "number") continue;
    const current = view.limits[keyword];
    view.limits[keyword] =
      current === undefined ? value : bound === "upper" ? Math.min(current, value) : Math.max(current, value);
  }
}

function applyAlternatives(
  state: BuildState,
  keyword: "oneOf" | "anyOf",
  list: unknown[],
  pointer: string,
): void {
  const members: SchemaParts[] = [];
  list.forEach((schema, i) => {
    const ref = { schema, pointer: joinPointer(pointer, keyword, i) };
    if (isNullSchema(followRef(state.document, ref).schema)) state.nullMarked = true;
    else members.push([ref]);
  });
  // `oneOf: [X, {type: null}]` is the 3.1 spelling of a nullable X: read it as X.
  if (members.length === 1) {
    apply(state, members[0]![0]!);
    return;
  }
  if (members.length > 1 && !state.view.alternatives) state.view.alternatives = { keyword, list: members };
}

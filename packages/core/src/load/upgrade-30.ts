/**
 * OpenAPI 3.0.x → 3.1 semantics, in place on the bundled document:
 * - `nullable: true` → `type: [T, "null"]` (and `null` added to `enum`), or `anyOf: [..., {type: "null"}]`
 *   when the schema has no `type` but restricts values (`$ref`, `allOf`, `oneOf`, `enum`...);
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` → the numeric 2020-12 form;
 * - `example` → `examples: [example]` in Schema Objects (Media Type, Parameter, Header keep `example`);
 * - `x-webhooks` → `webhooks` (an existing `webhooks` entry wins on a name clash), internal refs into
 *   a moved entry following it;
 * - `openapi: 3.1.0`.
 */
import type { Diagnostic } from "../diagnostics.js";
import { joinPointer, unescapePointerSegment } from "../pointer.js";
import { forEachRef } from "./crawl.js";
import { enumWarning } from "./enum-warning.js";
import { checkSchemaObject, SCHEMA_KEYWORD_SEVERITY } from "./schema-object-check.js";
import { pathToPointer, walkSchemas } from "./schema-walk.js";

type Obj = Record<string, unknown>;

export interface UpgradeResult {
  diagnostics: Array<Omit<Diagnostic, "location">>;
  /** Path items moved from `x-webhooks/<name>` to `webhooks/<name>` (to keep their source positions). */
  movedWebhooks: Array<{ name: string; item: unknown }>;
}

/** Annotations stay on the outer schema when a nullable schema is wrapped in `anyOf`. */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "xml",
]);
/** Keywords that exclude `null` even without `type`, so `nullable` needs an explicit null branch. */
const RESTRICTING = ["$ref", "allOf", "oneOf", "anyOf", "enum", "not"];

export function upgradeFrom30(document: Obj, sourceVersion: string, mayShareObjects = true): UpgradeResult {
  const result: UpgradeResult = { diagnostics: [], movedWebhooks: [] };
  moveWebhooks(document, result);
  // Each Schema Object is checked against the 3.0 rules before it is rewritten (`schema-object`).
  walkSchemas(
    document,
    (schema, path) => {
      for (const finding of checkSchemaObject(schema, "3.0")) {
        result.diagnostics.push({
          severity: SCHEMA_KEYWORD_SEVERITY[finding.rule],
          code: finding.rule,
          message: finding.message,
          pointer: joinPointer(pathToPointer(path), ...finding.keyword),
        });
      }
      const upgraded = upgradeSchema(schema);
      // After the upgrade: `nullable: true` beside `enum: []` has made it `enum: [null]`.
      const empty = enumWarning(upgraded as Obj, path);
      if (empty) result.diagnostics.push(empty);
      return upgraded;
    },
    mayShareObjects,
  );
  document.openapi = "3.1.0";
  result.diagnostics.unshift({
    severity: "info",
    code: "upgraded-from-3.0",
    message: `OpenAPI ${sourceVersion} document upgraded to 3.1 semantics (nullable, exclusiveMinimum/Maximum, example, x-webhooks)`,
    pointer: "/openapi",
  });
  return result;
}

function moveWebhooks(document: Obj, result: UpgradeResult): void {
  const legacy = document["x-webhooks"];
  if (legacy === null || typeof legacy !== "object" || Array.isArray(legacy)) return;
  const current = document.webhooks;
  const webhooks: Obj =
    current !== null && typeof current === "object" && !Array.isArray(current) ? (current as Obj) : {};
  const extensions: Obj = {};
  for (const [name, item] of Object.entries(legacy as Obj)) {
    // `x-...` keys of the map are extensions of `x-webhooks` itself, not webhooks: 3.1's `webhooks`
    // holds only path items, so they stay behind under `x-webhooks`.
    if (name.startsWith("x-")) {
      extensions[name] = item;
      continue;
    }
    if (Object.hasOwn(webhooks, name)) {
      result.diagnostics.push({
        severity: "warning",
        code: "x-webhooks-conflict",
        message: `x-webhooks "${name}" is also declared in webhooks; the webhooks entry is kept`,
        pointer: joinPointer("/x-webhooks", name),
      });
      continue;
    }
    webhooks[name] = item;
    result.movedWebhooks.push({ name, item });
  }
  document.webhooks = webhooks;
  if (Object.keys(extensions).length > 0) document["x-webhooks"] = extensions;
  else delete document["x-webhooks"];
  if (result.movedWebhooks.length > 0)
    retargetRefs(document, new Set(result.movedWebhooks.map((m) => m.name)));
}

const LEGACY_PREFIX = "#/x-webhooks/";

/**
 * Internal refs into a moved `x-webhooks` entry (the bundler writes them when several webhooks
 * reach the same external file; authors write them too) follow it to `webhooks`.
 */
function retargetRefs(document: Obj, moved: ReadonlySet<string>): void {
  forEachRef(document, (ref, _path, holder) => {
    if (!ref.startsWith(LEGACY_PREFIX)) return;
    const rest = ref.slice(LEGACY_PREFIX.length);
    const end = rest.indexOf("/");
    const segment = end === -1 ? rest : rest.slice(0, end);
    let name: string;
    try {
      name = unescapePointerSegment(decodeURIComponent(segment));
    } catch {
      return;
    }
    if (moved.has(name)) holder.$ref = `#/webhooks/${rest}`;
  });
}

export function upgradeSchema(schema: Obj): unknown {
  // One pass over the schema's own keys: probing absent keywords on ~500,000 schemas is slower.
  let nullable = false;
  let example = false;
  let exclusive = false;
  for (const k in schema) {
    if (k === "nullable") nullable = true;
    else if (k === "example") example = true;
    else if (k === "exclusiveMinimum" || k === "exclusiveMaximum") exclusive = true;
  }
  if (exclusive) {
    exclusiveBound(schema, "exclusiveMinimum", "minimum");
    exclusiveBound(schema, "exclusiveMaximum", "maximum");
  }
  if (example) {
    if (!Object.hasOwn(schema, "examples")) schema.examples = [schema.example];
    delete schema.example;
  }
  return nullable ? applyNullable(schema) : schema;
}

/**
 * 3.0's `nullable` in 2020-12 terms: removes the keyword and, when it is `true`, allows `null` too
 * (returns the schema itself, or an `anyOf` wrapper to put in its place).
 */
export function applyNullable(schema: Obj): unknown {
  const isNullable = schema.nullable === true;
  delete schema.nullable;
  return isNullable ? makeNullable(schema) : schema;
}

function exclusiveBound(schema: Obj, exclusive: string, bound: string): void {
  const flag = schema[exclusive];
  if (typeof flag !== "boolean") return;
  if (flag && typeof schema[bound] === "number") {
    schema[exclusive] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[exclusive];
  }
}

function makeNullable(schema: Obj): unknown {
  const type = schema.type;
  if (typeof type === "string" || Array.isArray(type)) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.includes("null")) schema.type = [...types, "null"];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return schema;
  }
  if (!RESTRICTING.some((k) => Object.hasOwn(schema, k))) return schema; // already admits null
  const onlyAnyOf =
    Array.isArray(schema.anyOf) && !RESTRICTING.some((k) => k !== "anyOf" && Object.hasOwn(schema, k));
  if (onlyAnyOf) {
    (schema.anyOf as unknown[]).push({ type: "null" });
    return schema;
  }
  const outer: Obj = {};
  const inner: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k) || k.startsWith("x-")) outer[k] = v;
    else inner[k] = v;
  }
  outer.anyOf = [inner, { type: "null" }];
  return outer;
}

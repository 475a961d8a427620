/**
 * Shapes of valid OpenAPI that openapi-typescript turns into TypeScript that does not compile. The
 * first two are rewritten on a copy-on-write view of the document before the transform (the shared
 * document is never modified, and a spec without them is passed through as the same object, so its
 * output stays byte-identical to openapi-typescript's):
 *
 * 1. `$ref`s to places that are not a named type, e.g. `#/components/schemas/A/definitions/B`,
 *    `#/components/parameters/p/schema`, `#/paths/...`. openapi-typescript prints them as indexed
 *    access (`components["schemas"]["A"]["definitions"]["B"]`) into a member that does not exist.
 *    They are inlined (a ref cycle through such places becomes `unknown` at the point it closes).
 * 2. Component schemas that reach themselves without passing through an object member, e.g.
 *    `oneOf: [string, {type: array, items: {$ref: self}}]`: TypeScript rejects the resulting
 *    `X: ... | components["schemas"]["X"][]` as circular. The ref that closes such a cycle becomes
 *    `unknown` (the schema's other alternatives keep their types).
 * 3. `allOf: [{$ref: Base}]` plus `required` where Base admits `null`: openapi-typescript prints
 *    `WithRequired<Base, "id">`, and its helper (`K extends keyof T`) rejects `Base | null`
 *    (TS2344). The document is left alone; `needsNullableWithRequired` tells the types generator
 *    to print a helper that keeps `null` and requires the keys of the object part.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

const NAMED_REF = /^#\/components\/[^/]+\/[^/]+$/;
const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

function segments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => decodeURIComponent(s.replace(/~1/g, "/").replace(/~0/g, "~")));
}

function resolve(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node = document;
  try {
    for (const key of segments(ref.slice(1))) {
      if (node === null || typeof node !== "object") return undefined;
      node = (node as Json)[key];
    }
  } catch {
    return undefined;
  }
  return node;
}

/** Replaces `{$ref: <not a named type>}` by the target; returns the input object when nothing changed. */
function inlineUnnamedRefs(document: Json): Json {
  const visit = (node: unknown, stack: readonly string[]): unknown => {
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const next = visit(node[i], stack);
        if (next === node[i]) continue;
        copy ??= node.slice();
        copy[i] = next;
      }
      return copy ?? node;
    }
    if (!isObject(node)) return node;
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#/") && !NAMED_REF.test(ref)) {
      const target = resolve(document, ref);
      if (target !== undefined) {
        const { $ref: _, ...siblings } = node;
        if (stack.includes(ref)) return siblings; // the cycle closes here: unknown
        if (!isObject(target)) return Object.keys(siblings).length ? siblings : target; // boolean schema
        return { ...(visit(target, [...stack, ref]) as Json), ...siblings };
      }
    }
    let copy: Json | undefined;
    // for…in rather than Object.keys: every object of the document comes through here.
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== "object") continue;
      const next = visit(value, stack);
      if (next === value) continue;
      copy ??= { ...node };
      copy[key] = next;
    }
    return copy ?? node;
  };
  return visit(document, []) as Json;
}

/** Keywords whose subschemas become members of an object type: TypeScript resolves those lazily. */
const DEFERRED = new Set([
  "properties",
  "patternProperties",
  "additionalProperties",
  "unevaluatedProperties",
]);

/** Pointers (as key paths inside the schema) of refs to component schemas outside object members. */
function directSchemaRefs(schema: unknown, path: string[], out: Array<{ name: string; path: string[] }>) {
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) directSchemaRefs(schema[i], [...path, String(i)], out);
    return;
  }
  if (!isObject(schema)) return;
  const match = typeof schema.$ref === "string" ? SCHEMA_REF.exec(schema.$ref) : null;
  if (match) out.push({ name: segments(`/${match[1]!}`)[0]!, path });
  for (const key of Object.keys(schema)) {
    if (DEFERRED.has(key) || key === "$ref" || key === "examples" || key === "example" || key === "const")
      continue;
    if (key === "enum" || key === "default") continue;
    directSchemaRefs(schema[key], [...path, key], out);
  }
}

/** Cuts the refs that close a cycle of direct references between component schemas. */
function breakDirectCycles(document: Json): Json {
  const schemas = isObject(document.components) ? document.components.schemas : undefined;
  if (!isObject(schemas)) return document;
  const edges = new Map<string, Array<{ name: string; path: string[] }>>();
  for (const [name, schema] of Object.entries(schemas)) {
    const refs: Array<{ name: string; path: string[] }> = [];
    directSchemaRefs(schema, [], refs);
    if (refs.length) edges.set(name, refs);
  }
  if (edges.size === 0) return document;

  const state = new Map<string, "active" | "done">();
  const cuts: Array<{ schema: string; path: string[] }> = [];
  const dfs = (name: string) => {
    state.set(name, "active");
    for (const edge of edges.get(name) ?? []) {
      const s = state.get(edge.name);
      if (s === "active") cuts.push({ schema: name, path: edge.path });
      else if (s === undefined && edge.name in schemas) dfs(edge.name);
    }
    state.set(name, "done");
  };
  for (const name of Object.keys(schemas)) if (!state.has(name)) dfs(name);
  if (cuts.length === 0) return document;

  const components = { ...(document.components as Json) };
  const newSchemas: Json = { ...schemas };
  components.schemas = newSchemas;
  for (const cut of cuts) {
    newSchemas[cut.schema] = shallow(newSchemas[cut.schema]);
    let node = newSchemas[cut.schema];
    for (const key of cut.path) {
      const child = shallow((node as Json)[key]);
      (node as Json)[key] = child;
      node = child;
    }
    delete (node as Json).$ref;
  }
  return { ...document, components };
}

const shallow = (node: unknown): unknown =>
  Array.isArray(node) ? node.slice() : isObject(node) ? { ...node } : node;

/** The document openapi-typescript can print compilable types for; the input itself when it already can. */
export function repairForTypeScript<T extends object>(document: T): T {
  return breakDirectCycles(inlineUnnamedRefs(document as Json)) as T;
}

/** The `WithRequired` helper openapi-typescript prints, and one that also accepts `X | null`. */
export const WITH_REQUIRED_HELPER =
  "type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};";
export const NULLABLE_WITH_REQUIRED_HELPER =
  "type WithRequired<T, K extends keyof NonNullable<T>> = T extends null ? T : T & {\n    [P in K & keyof T]-?: T[P];\n};";

/** Whether a schema may admit `null` (over-approximated: a wrong yes costs only the helper's wording). */
function admitsNull(document: Json, schema: unknown, seen: Set<unknown>): boolean {
  if (!isObject(schema) || seen.has(schema)) return false;
  seen.add(schema);
  const type = schema.type;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true;
  if (schema.nullable === true || schema.const === null) return true;
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = schema[key];
    if (Array.isArray(list) && list.some((s) => admitsNull(document, s, seen))) return true;
  }
  return typeof schema.$ref === "string" && admitsNull(document, resolve(document, schema.$ref), seen);
}

/**
 * Whether openapi-typescript would print `WithRequired<T, ...>` with a `T` that may be null: an
 * `allOf` member `$ref` to a schema with `properties` that admits null, beside a `required` list.
 */
export function needsNullableWithRequired(document: object): boolean {
  const root = document as Json;
  const seen = new Set<unknown>();
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(visit);
    if (!isObject(node) || seen.has(node)) return false;
    seen.add(node);
    if (Array.isArray(node.allOf) && Array.isArray(node.required) && node.required.length > 0) {
      for (const item of node.allOf) {
        if (!isObject(item) || typeof item.$ref !== "string") continue;
        const target = resolve(root, item.$ref);
        if (isObject(target) && "properties" in target && admitsNull(root, target, new Set())) return true;
      }
    }
    for (const key of Object.keys(node)) {
      if (key === "enum" || key === "const" || key === "default" || key === "examples" || key === "example")
        continue;
      if (visit(node[key])) return true;
    }
    return false;
  };
  return visit(root);
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const DATA_KEYS = new Set(["default", "enum", "const", "example", "examples"]);

/**
 * With `defaultNonNullable` (on by default), openapi-typescript makes a property that has a
 * `default` required, except in schemas written inline under `requestBody`/`parameters`: a
 * component schema shared by a request and a response is printed once, required. A client must be
 * able to leave such properties out. So, on a copy-on-write view, request bodies and parameters of
 * `paths` (and `components.requestBodies`/`parameters`) get the component schemas they reach that
 * declare defaults inlined, where openapi-typescript prints those properties optional. Responses,
 * webhook and callback payloads (what the receiver gets) keep the named, required form. Schemas that
 * take part in a discriminator stay references (their types depend on the name), as do cycles.
 */
export function optionalDefaultsInRequests(document: Json): Json {
  const schemas = isObject(document.components) ? document.components.schemas : undefined;
  if (!isObject(schemas)) return document;
  const names = Object.keys(schemas);
  // Which component schemas reach a property with a default (through refs to other components).
  const own = new Map<string, boolean>();
  const refsOf = new Map<string, string[]>();
  const scan = (node: unknown, refs: string[]): boolean => {
    if (Array.isArray(node)) {
      let found = false;
      for (const item of node) if (scan(item, refs)) found = true;
      return found;
    }
    if (!isObject(node)) return false;
    let found = false;
    for (const key in node) {
      const value = node[key];
      if (value === null || typeof value !== "object") {
        if (key === "$ref" && typeof value === "string") {
          const ref = SCHEMA_REF.exec(value);
          if (ref) refs.push(segments(`/${ref[1]!}`)[0]!);
        }
        continue;
      }
      if (DATA_KEYS.has(key)) continue;
      if (key === "properties" && isObject(value))
        for (const name in value) {
          const property = value[name];
          if (isObject(property) && property.default !== undefined) found = true;
        }
      if (scan(value, refs)) found = true;
    }
    return found;
  };
  let any = false;
  for (const name of names) {
    const refs: string[] = [];
    const has = scan(schemas[name], refs);
    own.set(name, has);
    refsOf.set(name, refs);
    any ||= has;
  }
  if (!any) return document;
  const withDefaults = new Set(names.filter((n) => own.get(n)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of names) {
      if (withDefaults.has(name)) continue;
      if ((refsOf.get(name) ?? []).some((r) => withDefaults.has(r))) {
        withDefaults.add(name);
        changed = true;
      }
    }
  }
  const discriminated = discriminatorNames(schemas);

  const inline = (node: unknown, stack: readonly string[]): unknown => {
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const next = inline(node[i], stack);
        if (next === node[i]) continue;
        copy ??= node.slice();
        copy[i] = next;
      }
      return copy ?? node;
    }
    if (!isObject(node)) return node;
    const match = typeof node.$ref === "string" ? SCHEMA_REF.exec(node.$ref) : null;
    if (match) {
      const name = segments(`/${match[1]!}`)[0]!;
      const target = schemas[name];
      if (withDefaults.has(name) && !discriminated.has(name) && !stack.includes(name) && isObject(target)) {
        const { $ref: _, ...siblings } = node;
        return { ...(inline(target, [...stack, name]) as Json), ...siblings };
      }
      return node;
    }
    let copy: Json | undefined;
    for (const key of Object.keys(node)) {
      if (DATA_KEYS.has(key)) continue;
      const next = inline(node[key], stack);
      if (next === node[key]) continue;
      copy ??= { ...node };
      copy[key] = next;
    }
    return copy ?? node;
  };

  // Copy-on-write along the structure down to each request schema.
  const withSchema = (holder: unknown): unknown => {
    if (!isObject(holder)) return holder;
    let copy: Json | undefined;
    if (isObject(holder.schema)) {
      const next = inline(holder.schema, []);
      if (next !== holder.schema) copy = withMember(holder, copy, "schema", next);
    }
    if (isObject(holder.content)) {
      const content = mapValues(holder.content, withSchema);
      if (content !== holder.content) copy = withMember(holder, copy, "content", content);
    }
    return copy ?? holder;
  };
  const parameters = (list: unknown): unknown => (Array.isArray(list) ? mapList(list, withSchema) : list);
  const operation = (op: unknown): unknown => {
    if (!isObject(op)) return op;
    let copy: Json | undefined;
    const params = parameters(op.parameters);
    if (params !== op.parameters) copy = withMember(op, copy, "parameters", params);
    const body = withSchema(op.requestBody);
    if (body !== op.requestBody) copy = withMember(op, copy, "requestBody", body);
    return copy ?? op;
  };
  const pathItem = (item: unknown): unknown => {
    if (!isObject(item)) return item;
    let copy: Json | undefined;
    const params = parameters(item.parameters);
    if (params !== item.parameters) copy = withMember(item, copy, "parameters", params);
    for (const method of METHODS) {
      if (!(method in item)) continue;
      const next = operation(item[method]);
      if (next !== item[method]) copy = withMember(item, copy, method, next);
    }
    return copy ?? item;
  };

  let out: Json | undefined;
  if (isObject(document.paths)) {
    const paths = mapValues(document.paths, pathItem);
    if (paths !== document.paths) out = withMember(document, out, "paths", paths);
  }
  const components = document.components as Json;
  let newComponents: Json | undefined;
  for (const key of ["requestBodies", "parameters"]) {
    if (!isObject(components[key])) continue;
    const next = mapValues(components[key], withSchema);
    if (next !== components[key]) newComponents = withMember(components, newComponents, key, next);
  }
  if (newComponents) out = withMember(document, out, "components", newComponents);
  return out ?? document;
}

/** Copy-on-write: `node` with `key` set to `value`, copied once (`copy` is the copy made so far). */
function withMember(node: Json, copy: Json | undefined, key: string, value: unknown): Json {
  const out = copy ?? { ...node };
  out[key] = value;
  return out;
}

function mapValues(map: Json, fn: (value: unknown) => unknown): Json {
  let copy: Json | undefined;
  for (const key of Object.keys(map)) {
    const next = fn(map[key]);
    if (next !== map[key]) copy = withMember(map, copy, key, next);
  }
  return copy ?? map;
}

function mapList(list: unknown[], fn: (value: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const next = fn(list[i]);
    if (next === list[i]) continue;
    copy ??= list.slice();
    copy[i] = next;
  }
  return copy ?? list;
}

/** Component schemas whose printed type depends on a discriminator (theirs, or one they are mapped from). */
function discriminatorNames(schemas: Json): Set<string> {
  const names = new Set<string>();
  const refName = (ref: unknown) => {
    const match = typeof ref === "string" ? SCHEMA_REF.exec(ref) : null;
    return match ? segments(`/${match[1]!}`)[0]! : undefined;
  };
  const visit = (node: unknown, owner: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, owner);
      return;
    }
    if (!isObject(node)) return;
    if (isObject(node.discriminator)) {
      names.add(owner);
      for (const key of ["oneOf", "anyOf"])
        for (const member of Array.isArray(node[key]) ? (node[key] as unknown[]) : [])
          if (isObject(member)) {
            const name = refName(member.$ref);
            if (name) names.add(name);
          }
      const mapping = node.discriminator.mapping;
      if (isObject(mapping))
        for (const value of Object.values(mapping)) {
          const name = refName(value);
          if (name) names.add(name);
        }
    }
    for (const key in node) {
      const value = node[key];
      if (value !== null && typeof value === "object" && !DATA_KEYS.has(key)) visit(value, owner);
    }
  };
  for (const [name, schema] of Object.entries(schemas)) visit(schema, name);
  // Schemas extending a discriminated base through allOf get the discriminator value added.
  for (const [name, schema] of Object.entries(schemas)) {
    if (!isObject(schema) || !Array.isArray(schema.allOf)) continue;
    if (schema.allOf.some((m) => isObject(m) && names.has(refName(m.$ref) ?? ""))) names.add(name);
  }
  return names;
}

/**
 * A seeded mutator of OpenAPI documents: same seed, same spec. Each mutant is a seed spec (the
 * repository's own fixtures) with one to four mutations: a value of the wrong type anywhere, a key
 * deleted or duplicated, deep nesting, `$ref` cycles and shared (aliased) nodes, hostile strings in
 * names and texts (comment terminators, template and string delimiters, `__proto__`, `../`,
 * newlines), huge enums, `$ref`s that leave the folder or resolve nowhere.
 */
import { stringify } from "yaml";

/** mulberry32: small, fast, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export const HOSTILE = [
  "*/",
  "/*",
  "*/ throw 1; /*",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder in a name, on purpose
  "${process.exit(1)}",
  "`",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: on purpose
  "`${1}`",
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "../escape",
  // Hostile input, never read by the test: a name that climbs out of any folder it is joined to.
  `${"../".repeat(4)}tmp/x`,
  '"',
  "'",
  "\\",
  "a\"b'c`d",
  "line\nbreak",
  "\r\n",
  "\u2028\u2029",
  "</script>",
  "-->",
  "",
  " ",
  "0",
  "1e3",
  "class",
  "default",
  "await",
  "#/components",
  "~1~0",
  "a/b",
  "{x}",
  "%2F",
  "名前",
  "emoji 🚀",
  "\u0000",
  "x".repeat(300),
];

/** Hostile names that must still be valid where the spec requires a pattern (component keys). */
const COMPONENT_NAMES = ["__proto__", "constructor", "a.b", "A-B", "_", "9lives", "prototype", "toString"];

export interface Mutant {
  /** Text of the entry file. */
  text: string;
  /** `yaml` or `json`. */
  format: "yaml" | "json";
  /** What was done, for the report of a failing case. */
  mutations: string[];
}

export function mutate(seedDocument: unknown, seed: number): Mutant {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const doc = structuredClone(seedDocument) as Obj;
  const mutations: string[] = [];
  const count = 1 + Math.floor(random() * 4);
  const textMutations: Array<(text: string) => string> = [];
  for (let i = 0; i < count; i++) {
    const kind = pick(KINDS);
    const done = kind(doc, random, pick);
    if (typeof done === "string") mutations.push(done);
    else if (done) {
      mutations.push(done.name);
      textMutations.push(done.text);
    }
  }
  // Cycles are only expressible in YAML (an alias inside its own anchor).
  const cyclic = mutations.some((m) => m.startsWith("object containing itself"));
  const format: Mutant["format"] = random() < 0.7 || cyclic ? "yaml" : "json";
  // Shared objects become anchors and aliases in YAML; deep and cyclic parts are spliced in as text
  // (placeholders), as serializers recurse.
  let text: string;
  let written: Mutant["format"] = format;
  try {
    text = format === "yaml" ? stringify(doc, { aliasDuplicateObjects: true }) : JSON.stringify(doc, null, 1);
  } catch {
    // Mutations combined into a cycle JSON cannot write: YAML writes it as an alias.
    written = "yaml";
    text = stringify(doc, { aliasDuplicateObjects: true });
  }
  for (const t of textMutations) text = t(text);
  return { text, format: written, mutations };
}

let placeholders = 0;
/** A scalar stand-in for text spliced in after serialization. */
function placeholder(): string {
  return `__FUZZ_PLACEHOLDER_${placeholders++}__`;
}
function splice(marker: string, replacement: string): (text: string) => string {
  return (text) => text.replace(new RegExp(`"?${marker}"?`), replacement);
}

type Pick = <T>(list: readonly T[]) => T;
type Mutation = (
  doc: Obj,
  random: () => number,
  pick: Pick,
) => string | { name: string; text: (text: string) => string } | undefined;

interface Site {
  parent: Obj | Json[];
  key: string | number;
  path: string;
}

/** Every member of the document (capped), for mutations that may strike anywhere. */
function sites(doc: Json, limit = 5000): Site[] {
  const out: Site[] = [];
  const stack: Array<{ node: Json; path: string }> = [{ node: doc, path: "" }];
  const seen = new Set<object>();
  while (stack.length > 0 && out.length < limit) {
    const { node, path } = stack.pop()!;
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i, path: `${path}/${i}` });
        stack.push({ node: child, path: `${path}/${i}` });
      });
    } else {
      for (const key of Object.keys(node)) {
        out.push({ parent: node, key, path: `${path}/${key}` });
        stack.push({ node: node[key] as Json, path: `${path}/${key}` });
      }
    }
  }
  return out;
}

/** Schema objects (values under schema-holding keys), found by shape. */
function schemaSites(doc: Json): Site[] {
  return sites(doc).filter(({ parent, key, path }) => {
    const value = (parent as Record<string | number, Json>)[key];
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    return (
      key === "schema" ||
      /\/components\/schemas\/[^/]+$/.test(path) ||
      /\/properties\/[^/]+$/.test(path) ||
      key === "items" ||
      /\/(allOf|oneOf|anyOf)\/\d+$/.test(path)
    );
  });
}

const getAt = (site: Site): Json => (site.parent as Record<string | number, Json>)[site.key] as Json;
const setAt = (site: Site, value: Json) => {
  (site.parent as Record<string | number, Json>)[site.key] = value;
};

const WRONG_VALUES: Json[] = [
  "x",
  "",
  0,
  -1,
  1.5,
  true,
  false,
  null,
  [],
  ["a", 1, null],
  {},
  { x: 1 },
  "integr",
  "one",
  "([",
  "\\-",
];

const wrongType: Mutation = (doc, _random, pick) => {
  const all = sites(doc);
  if (all.length === 0) return undefined;
  const site = pick(all);
  const value = pick(WRONG_VALUES);
  setAt(site, structuredClone(value));
  return `wrong type at ${site.path}: ${JSON.stringify(value)}`;
};

const deleteKey: Mutation = (doc, _random, pick) => {
  const all = sites(doc).filter((s) => !Array.isArray(s.parent));
  if (all.length === 0) return undefined;
  const site = pick(all);
  delete (site.parent as Obj)[site.key as string];
  return `deleted ${site.path}`;
};

/** Duplicates one `key:` line of the YAML text (or one member of the JSON text). */
const duplicateKey: Mutation = (_doc, random) => ({
  name: "duplicated a key",
  text: (text) => {
    const lines = text.split("\n");
    const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[^\s#-][^:]*:\s*\S/.test(l));
    if (candidates.length === 0) return text;
    const [line, i] = candidates[Math.floor(random() * candidates.length)]!;
    lines.splice(i + 1, 0, line);
    return lines.join("\n");
  },
});

const deepNesting: Mutation = (doc, random, pick) => {
  const targets = schemaSites(doc);
  if (targets.length === 0) return undefined;
  const site = pick(targets);
  const depth = pick([20, 100, 300, 3000]);
  const shape = pick(["items", "properties", "allOf"] as const);
  const [open, close] =
    shape === "items"
      ? ['{"type":"array","items":', "}"]
      : shape === "properties"
        ? ['{"type":"object","properties":{"p":', "}}"]
        : ['{"allOf":[', "]}"];
  const marker = placeholder();
  setAt(site, marker);
  void random;
  // JSON flow text, valid in YAML as well.
  return {
    name: `nested ${shape} ${depth} deep at ${site.path}`,
    text: splice(marker, `${open.repeat(depth)}{"type":"string"}${close.repeat(depth)}`),
  };
};

const refCycle: Mutation = (doc, random, pick) => {
  const targets = schemaSites(doc);
  if (targets.length === 0) return undefined;
  const site = pick(targets);
  const schemas = Object.keys(((doc.components as Obj | undefined)?.schemas as Obj | undefined) ?? {});
  const choice = random();
  if (choice < 0.4 && schemas.length > 0) {
    const name = pick(schemas);
    setAt(site, { $ref: `#/components/schemas/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` });
    return `$ref to schema ${name} at ${site.path}`;
  }
  if (choice < 0.6) {
    setAt(site, { $ref: `#${site.path}` });
    return `$ref to itself at ${site.path}`;
  }
  if (choice < 0.8) {
    // The same object in two places (a YAML alias once written out), or inside itself (a cycle).
    const value = getAt(site);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      if (random() < 0.5) {
        const marker = placeholder();
        setAt(site, marker);
        const text = splice(marker, "&cycle {type: object, properties: {self: *cycle}}");
        return { name: `object containing itself at ${site.path}`, text };
      }
      const other = pick(targets);
      // Not inside itself: that is the cycle case above, which JSON cannot write.
      if (other.path.startsWith(`${site.path}/`) || site.path.startsWith(`${other.path}/`)) return undefined;
      setAt(other, value);
      return `shared object ${site.path} at ${other.path}`;
    }
    return undefined;
  }
  const ref = pick([
    "../outside.yaml",
    `${"../".repeat(4)}etc/passwd`, // hostile input: the loader must refuse it, never read it
    "#/components/schemas/Nope",
    "other.yaml#/x",
    "http://127.0.0.1:1/spec.yaml",
    "#/paths",
    "#",
  ]);
  setAt(site, { $ref: ref });
  return `$ref ${ref} at ${site.path}`;
};

/** Name maps whose keys end up in generated identifiers, strings and comments. */
const NAME_MAPS = [
  /^\/paths$/,
  /^\/webhooks$/,
  /^\/components\/(schemas|parameters|responses|requestBodies|headers|securitySchemes|pathItems)$/,
  /\/properties$/,
  /\/responses$/,
  /\/content$/,
  /\/callbacks$/,
  /\/variables$/,
  /\/mapping$/,
];
const NAME_FIELDS = new Set([
  "operationId",
  "name",
  "summary",
  "description",
  "title",
  "pattern",
  "format",
  "default",
  "const",
  "example",
  "propertyName",
  "url",
  "in",
  "type",
]);

const hostileName: Mutation = (doc, random, pick) => {
  const all = sites(doc);
  const maps = all.filter((s) => {
    const v = getAt(s);
    return v !== null && typeof v === "object" && !Array.isArray(v) && NAME_MAPS.some((r) => r.test(s.path));
  });
  if (maps.length > 0 && random() < 0.6) {
    const site = pick(maps);
    const map = getAt(site) as Obj;
    const keys = Object.keys(map);
    if (keys.length === 0) return undefined;
    const old = pick(keys);
    const components = /^\/components\//.test(site.path);
    let name = components && random() < 0.5 ? pick(COMPONENT_NAMES) : pick(HOSTILE);
    if (site.path === "/paths" || site.path === "/webhooks")
      name = site.path === "/paths" ? `/${name}` : name;
    // Keep the order of the other keys; the renamed one takes the old one's place.
    const renamed: Obj = {};
    for (const k of keys) {
      if (k === old) {
        // defineProperty: a key named __proto__ must become an own property, not the prototype
        Object.defineProperty(renamed, name, {
          value: map[k],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else if (k !== name) renamed[k] = map[k] as Json;
    }
    setAt(site, renamed);
    return `renamed ${site.path}/${old} to ${JSON.stringify(name)}`;
  }
  const fields = all.filter((s) => typeof s.key === "string" && NAME_FIELDS.has(s.key));
  if (fields.length === 0) return undefined;
  const site = pick(fields);
  const value = pick(HOSTILE);
  setAt(site, value);
  return `${site.path} = ${JSON.stringify(value)}`;
};

const hugeEnum: Mutation = (doc, random, pick) => {
  const targets = schemaSites(doc);
  if (targets.length === 0) return undefined;
  const site = pick(targets);
  const size = pick([0, 1, 500, 5000]);
  const values: Json[] = [];
  for (let i = 0; i < size; i++) values.push(random() < 0.1 ? pick(HOSTILE) + i : `v${i}`);
  if (random() < 0.3) values.push(null, 1, true);
  setAt(site, random() < 0.5 ? { type: "string", enum: values } : { enum: values });
  return `enum of ${values.length} at ${site.path}`;
};

/**
 * Hostile strings where the spec allows any string, so the mutant usually passes `check` and reaches
 * the generators: property names, descriptions (doc comments), enum values, operationIds, examples.
 */
const hostileButValid: Mutation = (doc, random, pick) => {
  const targets = schemaSites(doc).filter((s) => {
    const v = getAt(s) as Obj;
    return typeof v === "object" && v !== null && !("$ref" in v);
  });
  const choice = random();
  if (targets.length > 0 && choice < 0.4) {
    const site = pick(targets);
    const schema = getAt(site) as Obj;
    const name = pick(HOSTILE);
    const properties = (
      schema.properties && typeof schema.properties === "object" ? schema.properties : {}
    ) as Obj;
    Object.defineProperty(properties, name, {
      value: { type: "string", description: pick(HOSTILE), title: pick(HOSTILE) },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    schema.properties = properties;
    if (random() < 0.5) schema.required = [...new Set([...((schema.required as string[]) ?? []), name])];
    return `property ${JSON.stringify(name)} added at ${site.path}`;
  }
  if (targets.length > 0 && choice < 0.6) {
    const site = pick(targets);
    setAt(site, { type: "string", enum: HOSTILE.filter(() => random() < 0.5), description: pick(HOSTILE) });
    return `enum of hostile strings at ${site.path}`;
  }
  const fields = sites(doc).filter(
    (s) => s.key === "operationId" || s.key === "description" || s.key === "summary" || s.key === "title",
  );
  if (fields.length === 0) return undefined;
  const site = pick(fields);
  const value = pick(HOSTILE) + (site.key === "operationId" ? String(Math.floor(random() * 1000)) : "");
  setAt(site, value);
  return `${site.path} = ${JSON.stringify(value)}`;
};

const KINDS: Mutation[] = [
  hostileButValid,
  hostileButValid,
  hostileButValid,
  wrongType,
  wrongType,
  deleteKey,
  deleteKey,
  duplicateKey,
  deepNesting,
  refCycle,
  refCycle,
  hostileName,
  hostileName,
  hostileName,
  hugeEnum,
];

/**
 * Hash-consing of schemas before compilation.
 *
 * Real API descriptions repeat the same inline objects many times (GitHub's webhooks spec inlines
 * its `repository`/`user` shapes in hundreds of places). Compiled naively, every copy becomes its
 * own check code. Here every subschema gets an identity by structure (annotations dropped, `$ref`s
 * resolved to the identity of their target), and any structure that the output would contain more
 * than once, above a minimum size, becomes one named definition that the others reference. ajv then
 * compiles each definition once.
 *
 * Input: the document and root schemas (by pointer, or synthetic schemas whose `$ref`s point into
 * the document). Output: named definitions whose `$ref`s name other definitions, and the definition
 * each root became. Only "plain" documents are transformed this way: pointers must resolve against
 * the document root (see `findUnsupportedKeyword`).
 */
import { getAtPointer, portablePattern } from "@contract/core";
import { type Direction, requiredFor } from "./direction.js";
import {
  ANNOTATION_KEYWORDS,
  forEachSubschema,
  isSchemaObject,
  mapSubschemas,
  mapSubschemasInPlace,
  RESOURCE_KEYWORDS,
  type Schema,
  type SchemaObject,
  setOwn,
} from "./keywords.js";

export type SchemaRoot = { direction: Direction } & ({ pointer: string } | { schema: Schema });

export interface ShareOptions {
  /** Smallest expanded size (in subschemas) worth its own definition when it occurs twice or more. */
  minShareSize?: number;
  /**
   * Subschemas at least this big get their own definition even when they occur once. ajv's code
   * generation slows down more than linearly with the size of one function; splitting keeps it linear.
   */
  maxInlineSize?: number;
  /** Prefix of definition names (`d` → `d0`, `d1`...). */
  namePrefix?: string;
}

export interface SharedSchemas {
  /** Definition name → schema, in dependency-free order; `$ref`s are definition names. */
  definitions: Map<string, Schema>;
  /** The definition of each root, in input order. */
  roots: string[];
}

/** The placeholder standing for a child node in a node's shape (never valid JSON Schema data there). */
interface ChildPlaceholder {
  $node: number;
}
interface RefPlaceholder {
  $target: number;
}

const DROPPED_KEYWORDS = new Set(["$schema", "$defs", "definitions", "$id", "$anchor", "$dynamicAnchor"]);

export class SchemaSharingError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
    this.name = "SchemaSharingError";
  }
}

/**
 * The first keyword (with its location) that would make pointer-based sharing change meaning:
 * a nested `$id`/anchor/dynamic reference, or a `$ref` that is not a `#/` pointer.
 */
export function findUnsupportedKeyword(schema: unknown, pointer = ""): string | undefined {
  if (!isSchemaObject(schema)) return undefined;
  for (const keyword of RESOURCE_KEYWORDS) {
    if (keyword in schema && !(keyword === "$id" && pointer === "")) return `${pointer}/${keyword}`;
  }
  const dialect = schema.$schema;
  if (dialect !== undefined && dialect !== "https://json-schema.org/draft/2020-12/schema")
    return `${pointer}/$schema`;
  const ref = schema.$ref;
  if (ref !== undefined && (typeof ref !== "string" || !(ref === "#" || ref.startsWith("#/"))))
    return `${pointer}/$ref`;
  let found: string | undefined;
  forEachSubschema(schema, (sub, segments) => {
    found ??= findUnsupportedKeyword(sub, `${pointer}/${segments.join("/")}`);
  });
  // `$defs` may hold resources too.
  for (const container of ["$defs", "definitions"]) {
    const defs = schema[container];
    if (found === undefined && isSchemaObject(defs)) {
      for (const [name, sub] of Object.entries(defs))
        found ??= findUnsupportedKeyword(sub, `${pointer}/${container}/${name}`);
    }
  }
  return found;
}

export function shareSchemas(
  document: unknown,
  roots: readonly SchemaRoot[],
  options: ShareOptions = {},
): SharedSchemas {
  const minShareSize = options.minShareSize ?? 4;
  const maxInlineSize = options.maxInlineSize ?? Number.POSITIVE_INFINITY;
  const shapes: unknown[] = [];
  const children: number[][] = [];
  const idByKey = new Map<string, number>();
  // The node of each schema object, per direction. A Map per direction rather than a WeakMap of
  // Maps: no Map for every schema, and the document outlives this function anyway.
  const interned = new Map<Direction, Map<object, number>>();
  const internedIn = (direction: Direction): Map<object, number> => {
    let nodes = interned.get(direction);
    if (nodes === undefined) {
      nodes = new Map();
      interned.set(direction, nodes);
    }
    return nodes;
  };

  const targetIndex = new Map<string, number>();
  const targets: Array<{ pointer: string; direction: Direction }> = [];
  const targetContent: number[] = [];

  /** Registers the `$ref` target at `pointer` (a raw JSON pointer) for `direction`; interned later. */
  function targetFor(pointer: string, direction: Direction, at: string): number {
    const key = `${direction} ${pointer}`;
    let index = targetIndex.get(key);
    if (index === undefined) {
      if (getAtPointer(document, pointer) === undefined) {
        throw new SchemaSharingError(`$ref to ${JSON.stringify(pointer)} does not resolve`, at);
      }
      index = targets.length;
      targets.push({ pointer, direction });
      targetIndex.set(key, index);
    }
    return index;
  }

  function node(shape: unknown, kids: number[]): number {
    const key = JSON.stringify(shape);
    let id = idByKey.get(key);
    if (id === undefined) {
      id = shapes.length;
      shapes.push(shape);
      children.push(kids);
      idByKey.set(key, id);
    }
    return id;
  }

  function intern(schema: unknown, direction: Direction, at: string): number {
    if (!isSchemaObject(schema)) {
      if (typeof schema !== "boolean")
        throw new SchemaSharingError("expected a schema (object or boolean)", at);
      return node(schema, []);
    }
    const cached = internedIn(direction).get(schema);
    if (cached !== undefined) return cached;
    // `enum: []` (legal in 2020-12) admits no value, which ajv refuses to compile: it is `false`.
    const values = schema.enum;
    if (Array.isArray(values) && values.length === 0) return node(false, []);
    const kept: SchemaObject = {};
    for (const [keyword, value] of Object.entries(schema)) {
      if (ANNOTATION_KEYWORDS.has(keyword) || DROPPED_KEYWORDS.has(keyword) || keyword.startsWith("x-"))
        continue;
      if (keyword === "$dynamicRef" || keyword === "$recursiveRef") {
        throw new SchemaSharingError(`${keyword} is not supported in API descriptions`, at);
      }
      if (keyword === "$ref" && typeof value === "string") {
        if (!value.startsWith("#")) {
          throw new SchemaSharingError(`$ref ${JSON.stringify(value)} is not bundled into the document`, at);
        }
        const pointer = value === "#" ? "" : decodeURIComponent(value.slice(1));
        setOwn(kept, keyword, { $target: targetFor(pointer, direction, at) } satisfies RefPlaceholder);
      } else if (keyword === "required") {
        setOwn(kept, keyword, requiredFor(document, schema, direction));
      } else if (keyword === "pattern" && typeof value === "string") {
        // Translated from another dialect, or left out when JavaScript cannot read it (see core's
        // pattern-check): validators never check a pattern as something its author did not write.
        const portable = portablePattern(value);
        if (portable !== undefined) setOwn(kept, keyword, portable);
      } else setOwn(kept, keyword, value);
    }
    const kids: number[] = [];
    // `kept` becomes the shape itself: its subschemas replaced by placeholders.
    mapSubschemasInPlace(kept, (sub) => {
      const child = intern(sub, direction, at);
      kids.push(child);
      return { $node: child } satisfies ChildPlaceholder;
    });
    const id = node(kept, kids);
    internedIn(direction).set(schema, id);
    return id;
  }

  // A direction only changes schemas when the document marks properties for it; otherwise both
  // directions are the schema as written, interned (and compiled) once.
  const marks = directionMarks(document);
  const effective = (direction: Direction): Direction =>
    (direction === "request" && !marks.readOnly) || (direction === "response" && !marks.writeOnly)
      ? "asWritten"
      : direction;
  const rootNodes = roots.map((root) =>
    "pointer" in root
      ? targetFor(root.pointer, effective(root.direction), root.pointer)
      : -1 - intern(root.schema, effective(root.direction), "(synthetic)"),
  );
  // Targets are interned breadth-first: a `$ref` only registers its target, so cycles terminate.
  for (let index = 0; index < targets.length; index++) {
    const { pointer, direction } = targets[index] as { pointer: string; direction: Direction };
    targetContent[index] = intern(getAtPointer(document, pointer), direction, pointer);
  }
  const nodeOfRoot = (r: number): number => (r < 0 ? -1 - r : (targetContent[r] as number));

  // Which nodes become definitions: roots and `$ref` targets always; others when the output would
  // hold them at least twice and they are big enough. Children are interned before their parents,
  // so walking ids downwards visits every parent before its children.
  const forced = new Set<number>(targetContent);
  for (const r of rootNodes) forced.add(nodeOfRoot(r));
  const size = new Array<number>(shapes.length).fill(1);
  for (let id = 0; id < shapes.length; id++) {
    for (const child of children[id] as number[])
      size[id] = Math.min(1e9, (size[id] as number) + (size[child] as number));
  }
  const occurrences = new Array<number>(shapes.length).fill(0);
  const isDefinition = new Array<boolean>(shapes.length).fill(false);
  for (let id = shapes.length - 1; id >= 0; id--) {
    const shared =
      (occurrences[id] as number) >= 2 &&
      (size[id] as number) >= minShareSize &&
      shapes[id] !== true &&
      shapes[id] !== false;
    isDefinition[id] = forced.has(id) || shared || (size[id] as number) >= maxInlineSize;
    const weight = isDefinition[id] ? 1 : (occurrences[id] as number);
    for (const child of children[id] as number[])
      occurrences[child] = (occurrences[child] as number) + weight;
  }

  // Nodes found equal after naming (see below) map to one representative.
  const representative = new Map<number, number>();
  const canonical = (id: number): number => {
    let current = id;
    for (let next = representative.get(current); next !== undefined; next = representative.get(current))
      current = next;
    return current;
  };
  /** Definition `id` as a schema, each definition it references written as `refer(that id)`. */
  const materialize = (id: number, top: boolean, refer: (definition: number) => string): unknown => {
    if (!top && isDefinition[id]) return { $ref: refer(id) };
    const shape = shapes[id];
    if (!isSchemaObject(shape)) return shape;
    // Placeholders sit exactly at subschema positions, where mapSubschemas put them.
    const out = mapSubschemas(shape, (placeholder) =>
      materialize((placeholder as ChildPlaceholder).$node, false, refer),
    );
    const ref = out.$ref as RefPlaceholder | undefined;
    if (ref !== undefined) out.$ref = refer(targetContent[ref.$target] as number);
    return out;
  };

  // Interning tells `$ref`s apart by target pointer, so two schemas that reference different
  // pointers with equal content (every webhook's own `User-Agent` header parameter, say) stay two
  // definitions. Once references are named by content they read the same: such definitions are
  // merged, and again until nothing changes, since each merge can make their referrers equal.
  //
  // Two definitions read the same exactly when their outlines do (the text with every reference
  // written alike) and they reference the same definitions in the same order: the outline and the
  // references of a node never change, so each is made once, and a round compares short keys
  // instead of writing out every definition again.
  const outlines = new Map<number, { text: number; references: number[] }>();
  const outlineTexts = new Map<string, number>();
  const outlineOf = (id: number): { text: number; references: number[] } => {
    let outline = outlines.get(id);
    if (outline === undefined) {
      const references: number[] = [];
      const text = JSON.stringify(
        materialize(id, true, (definition) => {
          references.push(definition);
          return "";
        }),
      );
      let textId = outlineTexts.get(text);
      if (textId === undefined) {
        textId = outlineTexts.size;
        outlineTexts.set(text, textId);
      }
      outline = { text: textId, references };
      outlines.set(id, outline);
    }
    return outline;
  };
  /** Definitions (by representative) in the order they are named: roots first, then breadth-first. */
  const namingOrder = (): number[] => {
    const order: number[] = [];
    const seen = new Set<number>();
    const visit = (id: number): void => {
      const key = canonical(id);
      if (!seen.has(key)) {
        seen.add(key);
        order.push(key);
      }
    };
    for (const r of rootNodes) visit(nodeOfRoot(r));
    for (let i = 0; i < order.length; i++)
      for (const id of outlineOf(order[i] as number).references) visit(id);
    return order;
  };
  for (let merged = true; merged; ) {
    // Keys first: this round's merges must not change what another definition of it reads.
    const keyed = namingOrder().map((id) => {
      const { text, references } = outlineOf(id);
      return [id, `${text}:${references.map(canonical).join(",")}`] as const;
    });
    merged = false;
    const firstByKey = new Map<string, number>();
    for (const [id, key] of keyed) {
      const first = firstByKey.get(key);
      if (first === undefined) firstByKey.set(key, id);
      else {
        representative.set(id, first);
        merged = true;
      }
    }
  }

  const order = namingOrder();
  const names = new Map(order.map((id, i) => [id, `${options.namePrefix ?? "d"}${i}`]));
  const nameOf = (id: number): string => names.get(canonical(id)) as string;
  const definitions = new Map<string, Schema>();
  for (const id of order) definitions.set(nameOf(id), materialize(id, true, nameOf) as Schema);
  return { definitions, roots: rootNodes.map((r) => nameOf(nodeOfRoot(r))) };
}

/** Whether any schema of the document has `readOnly: true` / `writeOnly: true`. */
function directionMarks(document: unknown): { readOnly: boolean; writeOnly: boolean } {
  const marks = { readOnly: false, writeOnly: false };
  // A loaded document may share objects (YAML aliases), so each object is read once. Iterative,
  // and without a copy of each object's values: this reads every value of the document.
  const seen = new Set<object>();
  const pending: unknown[] = [document];
  while (pending.length > 0 && !(marks.readOnly && marks.writeOnly)) {
    const value = pending.pop();
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === "object") pending.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    if (record.readOnly === true) marks.readOnly = true;
    if (record.writeOnly === true) marks.writeOnly = true;
    for (const key in record) {
      const item = record[key];
      if (item !== null && typeof item === "object") pending.push(item);
    }
  }
  return marks;
}

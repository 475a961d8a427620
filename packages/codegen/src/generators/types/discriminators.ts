/**
 * openapi-typescript's `scanDiscriminators` (lib/utils of 7.13), statement for statement, on a
 * cheaper walk (and, where that provably visits the same objects, one walk instead of two). Its
 * `walk` hands every node a fresh copy of its path (`path.concat(key)`): two walks
 * over GitHub's description allocate about two million arrays, for a callback that needs the path
 * of four discriminators. This walk keeps one path array, pushed and popped, and the callbacks turn
 * it into a pointer only where openapi-typescript's do. Visiting order, when keys are read and what
 * is written into the document are the same, so the result (and the patched document) is too; the
 * equivalence test compares both with openapi-typescript's own.
 *
 * The functions taken from openapi-typescript are under its MIT License, Copyright (c) 2020 Drew
 * Powers (node_modules/openapi-typescript/LICENSE).
 */
import type { DiscriminatorObject, GlobalContext, OpenAPI3, SchemaObject } from "openapi-typescript";
import { createRef, resolveRef } from "./openapi-typescript.js";

type Path = Array<string | number>;
type Visitor = (node: Record<string, unknown>, path: Path) => void;

/** openapi-typescript's `walk`: depth first, arrays are not visited themselves, keys read after the visit. */
function walk(node: unknown, visit: Visitor, path: Path): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    // The length is read at every step, as there: a visit may push onto an `allOf` being walked.
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walk(node[i], visit, path);
      path.pop();
    }
    return;
  }
  const record = node as Record<string, unknown>;
  visit(record, path);
  for (const key of Object.keys(record)) {
    path.push(key);
    walk(record[key], visit, path);
    path.pop();
  }
}

function createDiscriminatorEnum(values: string[], prevSchema?: SchemaObject): SchemaObject {
  return {
    type: "string",
    enum: values,
    description: prevSchema?.description
      ? `${prevSchema.description} (enum property replaced by openapi-typescript)`
      : "discriminator enum property added by openapi-typescript",
  };
}

function patchDiscriminatorEnum(
  schema: OpenAPI3,
  ref: string,
  values: string[],
  discriminator: DiscriminatorObject,
  silent: boolean,
): boolean {
  const resolvedSchema = resolveRef<SchemaObject>(schema, ref, { silent }) as
    | (SchemaObject & { allOf?: unknown[]; properties?: Record<string, SchemaObject>; required?: string[] })
    | undefined;
  if (resolvedSchema?.allOf) {
    resolvedSchema.allOf.push({
      type: "object",
      // discriminator enum properties always need to be required
      required: [discriminator.propertyName],
      properties: {
        [discriminator.propertyName]: createDiscriminatorEnum(values),
      },
    });
    return true;
  } else if (
    typeof resolvedSchema === "object" &&
    "type" in resolvedSchema &&
    resolvedSchema.type === "object"
  ) {
    if (!resolvedSchema.properties) {
      resolvedSchema.properties = {};
    }
    if (!resolvedSchema.required) {
      resolvedSchema.required = [discriminator.propertyName];
    } else if (!resolvedSchema.required.includes(discriminator.propertyName)) {
      resolvedSchema.required.push(discriminator.propertyName);
    }
    resolvedSchema.properties[discriminator.propertyName] = createDiscriminatorEnum(
      values,
      resolvedSchema.properties[discriminator.propertyName],
    );
    return true;
  }
  // openapi-typescript warns here unless silent; contract always runs it silent.
  return false;
}

/**
 * Whether replaying the first pass's `allOf` holders visits what a second walk would. The first
 * pass's patches only add objects without `allOf` (a discriminator enum, an `allOf` member) and
 * may replace a property schema, so every holder a second walk meets was met by the first, in the
 * same order, and a holder under a replaced property fails the `reach` check. A patch of the second
 * pass goes into the holder itself (its `allOf`) unless the holder's pointer resolves elsewhere (a
 * `$ref` beside the `allOf`, a key the pointer does not round-trip): there it could replace a
 * property the walk is inside, and only a real walk then tells what is visited.
 */
function replayIsExact(
  schema: OpenAPI3,
  holders: ReadonlyArray<{ node: Record<string, unknown>; path: Path }>,
  silent: boolean,
): boolean {
  try {
    for (const { node, path } of holders) {
      const patchable = (node.allOf as unknown[]).some(
        (item) => item !== null && typeof item === "object" && "$ref" in item,
      );
      if (patchable && resolveRef(schema, createRef(path), { silent }) !== node) return false;
    }
  } catch {
    return false; // a key the pointer parser throws on: the real walk throws (or not) by itself
  }
  return true;
}

/** The value at `path` now, or undefined. */
function reach(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Same result, and same writes into `schema`, as openapi-typescript's `scanDiscriminators`. */
export function scanDiscriminators(
  schema: OpenAPI3,
  options: { silent: boolean },
): GlobalContext["discriminators"] {
  const { silent } = options;
  const objects: Record<string, DiscriminatorObject> = {};
  const refsHandled: string[] = [];
  // The second pass only acts on objects with an `allOf` array; the first records where it met them.
  const allOfHolders: Array<{ node: Record<string, unknown>; path: Path }> = [];
  walk(
    schema,
    (obj, path) => {
      if (Array.isArray(obj.allOf)) allOfHolders.push({ node: obj, path: path.slice() });
      const discriminator = obj?.discriminator as DiscriminatorObject | undefined;
      if (!discriminator?.propertyName) {
        return;
      }
      const ref = createRef(path);
      objects[ref] = discriminator;
      if (!obj?.oneOf || !Array.isArray(obj.oneOf)) {
        return;
      }
      const oneOf = obj.oneOf as Array<{ $ref: string }>;
      const mapping: Record<string, { inferred?: string; defined?: string[] }> = {};
      for (const item of oneOf) {
        if ("$ref" in item) {
          const value = item.$ref.split("/").pop();
          if (value) {
            if (!mapping[item.$ref]) {
              mapping[item.$ref] = { inferred: value };
            } else {
              mapping[item.$ref]!.inferred = value;
            }
          }
        }
      }
      if (discriminator.mapping) {
        for (const mappedValue in discriminator.mapping) {
          const mappedRef = discriminator.mapping[mappedValue];
          if (!mappedRef) {
            continue;
          }
          if (!mapping[mappedRef]?.defined) {
            mapping[mappedRef] = { defined: [] };
          }
          mapping[mappedRef]!.defined?.push(mappedValue);
        }
      }
      for (const [mappedRef, { inferred, defined }] of Object.entries(mapping)) {
        if (refsHandled.includes(mappedRef)) {
          continue;
        }
        if (!inferred && !defined) {
          continue;
        }
        const mappedValues = defined ?? [inferred!];
        if (patchDiscriminatorEnum(schema, mappedRef, mappedValues, discriminator, silent)) {
          refsHandled.push(mappedRef);
        }
      }
    },
    [],
  );
  const inheritDiscriminators: Visitor = (obj, path) => {
    if (!obj || !Array.isArray(obj.allOf)) {
      return;
    }
    for (const item of obj.allOf as Array<{ $ref?: string; discriminator?: DiscriminatorObject }>) {
      if ("$ref" in item) {
        const itemRef = item.$ref as string;
        if (!objects[itemRef]) {
          return;
        }
        const ref = createRef(path);
        const discriminator = objects[itemRef]!;
        const mappedValues: string[] = [];
        if (discriminator.mapping) {
          for (const mappedValue in discriminator.mapping) {
            if (discriminator.mapping[mappedValue] === ref) {
              mappedValues.push(mappedValue);
            }
          }
          if (mappedValues.length > 0) {
            if (patchDiscriminatorEnum(schema, ref, mappedValues, discriminator, silent)) {
              refsHandled.push(ref);
            }
          }
        }
        objects[ref] = {
          ...objects[itemRef]!,
        };
      } else if (item.discriminator?.propertyName) {
        objects[createRef(path)] = { ...item.discriminator };
      }
    }
  };
  if (replayIsExact(schema, allOfHolders, silent)) {
    for (const { node, path } of allOfHolders) {
      // A patch of the first pass replaced the property this object was under: not walked again.
      if (reach(schema, path) === node) inheritDiscriminators(node, path);
    }
  } else {
    walk(schema, inheritDiscriminators, []);
  }
  return { objects, refsHandled };
}

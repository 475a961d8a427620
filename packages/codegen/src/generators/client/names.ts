/**
 * Method and group names for the generated client: camelCase from the operationId (or from method +
 * path when there is none), never a reserved word, never something that breaks the client object
 * (`then` would make it a thenable, `__proto__` would not become a property), unique.
 */
import { type IRHttpOperation, queryKeyPairs, splitPathKey } from "@contract/core";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await async arguments eval undefined " +
    "NaN Infinity " +
    // Members that would break or shadow the client object itself.
    "then constructor prototype __proto__ toString valueOf hasOwnProperty isPrototypeOf propertyIsEnumerable " +
    "toLocaleString request"
  ).split(" "),
);

/** `list-users_v2` → `listUsersV2`, `meta/root` → `metaRoot`, `GET_PETS` → `getPets`; `""` when nothing usable. */
export function camelCase(text: string): string {
  const words = text
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words
    .map((word, i) => {
      const lower = word === word.toUpperCase() ? word.toLowerCase() : word;
      return i === 0
        ? lower.charAt(0).toLowerCase() + lower.slice(1)
        : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join("");
}

/** `get /pets/{petId}/photos` → `getPetsByPetIdPhotos`. */
export function nameFromRoute(method: string, key: string): string {
  const words = [method];
  const { path, query } = splitPathKey(key);
  for (const segment of path.split("/")) {
    if (!segment) continue;
    const param = /^\{(.+)\}$/.exec(segment);
    words.push(...(param ? ["by", param[1] as string] : [segment]));
  }
  for (const pair of query === undefined ? [] : queryKeyPairs(query)) {
    const param = /^\{(.+)\}$/.exec(pair.value);
    words.push(...(param ? ["by", param[1] as string] : [pair.name, pair.value]));
  }
  if (words.length === 1) words.push("root");
  return camelCase(words.join(" "));
}

/** Makes `name` a valid, non-reserved identifier. */
export function safeIdentifier(name: string, fallback: string): string {
  let id = name || fallback;
  if (!/^[\p{L}_$]/u.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** Hands out unique names: the second `listPets` becomes `listPets2`. */
export class NameAllocator {
  private readonly used = new Set<string>();
  take(candidate: string): string {
    let name = candidate;
    for (let n = 2; this.used.has(name) || RESERVED.has(name); n++) name = `${candidate}${n}`;
    this.used.add(name);
    return name;
  }
}

export function operationMethodName(op: IRHttpOperation): string {
  const fromRoute = nameFromRoute(op.method, op.path);
  const fromId = op.operationId ? camelCase(op.operationId) : "";
  return safeIdentifier(fromId || fromRoute, "operation");
}

/**
 * The two path languages of the pagination extensions, each read into a BodyPath: Speakeasy's
 * JSONPath (`$.data.items`, `$["next-page"]`, `$.results[-1].id`) and Fern's dotted expressions
 * (`$response.page.next?.cursor`, `$request.cursor`). Only plain member and index steps have one
 * value to read; wildcards, filters and slices are refused.
 */
import type { BodyPath } from "./model.js";

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** `$.a.b[0]['c-d']` → ["a", "b", 0, "c-d"]; a string saying why when it is not that simple. */
export function parseJsonPath(text: string): BodyPath | string {
  if (!text.startsWith("$")) return "a JSONPath starts with `$`";
  const path: BodyPath = [];
  let at = 1;
  while (at < text.length) {
    const rest = text.slice(at);
    if (rest.startsWith("..")) return "recursive descent (`..`) has no single value";
    if (rest[0] === ".") {
      const name = IDENTIFIER.exec(rest.slice(1))?.[0];
      if (name === undefined) return `cannot read \`${rest}\` (only member names, quoted names and indexes)`;
      path.push(name);
      at += 1 + name.length;
      continue;
    }
    const bracket = /^\[\s*(?:(-?\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/.exec(rest);
    if (bracket === null) return `cannot read \`${rest}\` (only member names, quoted names and indexes)`;
    if (bracket[1] !== undefined) path.push(Number(bracket[1]));
    else path.push(unescapeQuoted((bracket[2] ?? bracket[3]) as string));
    at += bracket[0].length;
  }
  return path;
}

const unescapeQuoted = (text: string): string => text.replace(/\\(.)/g, "$1");

/**
 * `$response.page.next?.cursor` (prefix `$response`) → ["page", "next", "cursor"]; a string saying
 * why when it is not such an expression.
 */
export function parseFernPath(text: string, prefix: "$request" | "$response"): BodyPath | string {
  // `$response` alone is the whole body (a bare list).
  if (text === prefix) return [];
  if (!text.startsWith(`${prefix}.`)) return `expected \`${prefix}\` or \`${prefix}.<property>\``;
  const rest = text.slice(prefix.length + 1);
  const path: BodyPath = [];
  for (const raw of rest.split(".")) {
    // `?.` is optional chaining: the reader treats every step as optional anyway.
    const segment = raw.endsWith("?") ? raw.slice(0, -1) : raw;
    if (!/^[A-Za-z_$][\w$-]*$/.test(segment)) return `cannot read \`${text}\` (only dotted property names)`;
    path.push(segment);
  }
  return path;
}

/**
 * Shortens ajv's error sites. With `allErrors: false` every failing check ends in
 *   validate12.errors = [{instancePath:P,schemaPath:"…",keyword:"k",params:{…}}];return false;
 * which is a quarter of the code of a large API. This pass rewrites each of them to
 *   return __fail(validate12,P,"k",{…});
 * (`schemaPath` is dropped: issues are reported by instance pointer and keyword). The runtime's
 * `fail` sets the same `errors` array minus `schemaPath`, so verdicts and issues are unchanged.
 *
 * Scanning relies on ajv's code shape: string literals are JSON strings, no comments or regex
 * literals; anything that does not match the expected shape is left as it was.
 */
import { RUNTIME_NAMES } from "./ajv.js";
import { skipString } from "./prune-literals.js";

/** Index of the first `terminator` at bracket depth 0 from `start`, skipping string literals; -1 if none. */
function findAtDepthZero(code: string, start: number, terminator: string): number {
  let depth = 0;
  let i = start;
  while (i < code.length) {
    const c = code[i] as string;
    if (c === '"') {
      i = skipString(code, i);
      continue;
    }
    if (depth === 0 && code.startsWith(terminator, i)) return i;
    if (c === "{" || c === "[" || c === "(") depth++;
    else if (c === "}" || c === "]" || c === ")") {
      if (depth === 0) return -1;
      depth--;
    }
    i++;
  }
  return -1;
}

/** Rewrites one site starting at `start`; returns the replacement and where the site ends, or undefined. */
function rewriteSite(code: string, start: number): { text: string; end: number } | undefined {
  const fnEnd = code.indexOf(".errors", start);
  const fn = code.slice(start, fnEnd);
  let i = fnEnd + ".errors = [{instancePath".length;
  let pathExpr = "instancePath";
  if (code[i] === ":") {
    const comma = findAtDepthZero(code, i + 1, ",");
    if (comma < 0) return undefined;
    pathExpr = code.slice(i + 1, comma);
    i = comma;
  }
  if (!code.startsWith(',schemaPath:"', i)) return undefined;
  i = skipString(code, i + ",schemaPath:".length);
  if (!code.startsWith(',keyword:"', i)) return undefined;
  const keywordStart = i + ",keyword:".length;
  i = skipString(code, keywordStart);
  const keyword = code.slice(keywordStart, i);
  if (!code.startsWith(",params:", i)) return undefined;
  const paramsStart = i + ",params:".length;
  const paramsEnd = findAtDepthZero(code, paramsStart, "}];return false;");
  if (paramsEnd < 0) return undefined;
  const params = code.slice(paramsStart, paramsEnd);
  return {
    text: `return ${RUNTIME_NAMES.fail}(${fn},${pathExpr},${keyword},${params});`,
    end: paramsEnd + "}];return false;".length,
  };
}

/** A string literal, or the start of an error site where a statement can start. */
const SITE_OR_STRING = /"|(?<=[;{}])validate\d+\.errors = \[\{instancePath/g;
/** How far ahead a site's start is recognized (a longer function number is left alone). */
const SITE_WINDOW = 40;

export function compactErrorSites(code: string): string {
  const pieces: string[] = [];
  const scan = new RegExp(SITE_OR_STRING);
  let last = 0;
  for (let match = scan.exec(code); match; match = scan.exec(code)) {
    const i = match.index;
    if (match[0] === '"') {
      scan.lastIndex = skipString(code, i);
      continue;
    }
    const site = match[0].length <= SITE_WINDOW ? rewriteSite(code, i) : undefined;
    if (site) {
      pieces.push(code.slice(last, i), site.text);
      last = scan.lastIndex = site.end;
    } else scan.lastIndex = i + 1;
  }
  pieces.push(code.slice(last));
  return pieces.join("");
}

/**
 * Routing to path keys with a query string (`/reports?action=get&id={id}`, see @contract/core's
 * path-key.ts). The path part goes through the path router like any key; a request then matches
 * such a key only when its query holds every pair the key writes, a fixed value as written and a
 * templated one captured into the path parameters (raw, as the router captures them). Among the
 * keys of one path, the one whose pairs match the most wins, and a key without a query part comes
 * last: `/fax/history?date_from=…` goes to `/fax/history?date_from={date_from}` before `/fax/history`.
 */
import { queryKeyPairs } from "@contract/core";
import type { RouteMatch } from "./routes.js";

interface PairPattern {
  name: string;
  /** Anchored pattern over the raw (percent-encoded) value. */
  value: RegExp;
  /** Variable names in capture order. */
  variables: string[];
}

export interface QueryKeyMatcher {
  pairs: PairPattern[];
}

const VARIABLE = /\{([^}]+)\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The matcher of a key's query part (the text after its `?`). */
export function queryKeyMatcher(query: string): QueryKeyMatcher {
  return {
    pairs: queryKeyPairs(query).map(({ name, value }) => {
      const variables: string[] = [];
      const source = value
        .split(VARIABLE)
        .map((part, i) => {
          if (i % 2 === 0) return escapeRegExp(encodeURIComponentLoose(part));
          variables.push(part);
          return "([^&]*?)";
        })
        .join("");
      return { name, value: new RegExp(`^${source}$`), variables };
    }),
  };
}

/** A fixed part as a client would send it: percent-encoded, with what the key already encodes kept. */
function encodeURIComponentLoose(text: string): string {
  return encodeURIComponent(safeDecode(text));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The raw values of `queryText` by decoded name, each name's values in order. */
function rawQuery(queryText: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of queryText.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const name = safeDecode((at < 0 ? pair : pair.slice(0, at)).replace(/\+/g, " "));
    const value = at < 0 ? "" : pair.slice(at + 1);
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/** The captured variables when `queryText` holds every pair of `matcher`; undefined when it does not. */
function matchPairs(
  matcher: QueryKeyMatcher,
  query: Map<string, string[]>,
): Record<string, string> | undefined {
  const captured: Record<string, string> = {};
  for (const pair of matcher.pairs) {
    let found: RegExpExecArray | null = null;
    for (const value of query.get(pair.name) ?? []) {
      found = pair.value.exec(value);
      if (found) break;
    }
    if (!found) return undefined;
    pair.variables.forEach((name, i) => {
      captured[name] = found[i + 1] ?? "";
    });
  }
  return captured;
}

/**
 * The router's matches narrowed by the query: keys whose pairs the query holds (their variables
 * added to the path parameters), most pairs first, then keys without a query part.
 */
export function matchQueryKeys<T>(
  matches: RouteMatch<T>[],
  matcherOf: (value: T) => QueryKeyMatcher | undefined,
  queryText: string,
): RouteMatch<T>[] {
  if (!matches.some((m) => matcherOf(m.value) !== undefined)) return matches;
  const query = rawQuery(queryText);
  const ranked: Array<{ match: RouteMatch<T>; pairs: number }> = [];
  for (const match of matches) {
    const matcher = matcherOf(match.value);
    if (!matcher) {
      ranked.push({ match, pairs: 0 });
      continue;
    }
    const captured = matchPairs(matcher, query);
    if (captured)
      ranked.push({
        match: { value: match.value, params: { ...match.params, ...captured } },
        pairs: matcher.pairs.length,
      });
  }
  // Stable: keys with as many pairs keep the router's order.
  return ranked.sort((a, b) => b.pairs - a.pairs).map((r) => r.match);
}

/**
 * Routing to path keys with a query string (`/reports?action=get&id={id}`, see @contract/core's
 * path-key.ts). The path part goes through the path router like any key; a request then matches
 * such a key only when its query holds every pair the key writes: a fixed value equal once both are
 * decoded (`%20` and `+` alike), a templated one captured into the path parameters (raw, as the
 * router captures them, and equal to the path's value where the path holds the variable too); a
 * name written twice takes two values. Among the
 * keys of one path, the one whose pairs match the most wins, and a key without a query part comes
 * last: `/fax/history?date_from=…` goes to `/fax/history?date_from={date_from}` before `/fax/history`.
 */
import { queryKeyPairs } from "@contract/core";
import type { RouteMatch } from "./routes.js";

interface PairPattern {
  name: string;
  /** A value without variables, decoded: compared with the request's value decoded. */
  fixed?: string;
  /** Otherwise an anchored pattern over the raw (percent-encoded) value. */
  value?: RegExp;
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
      if (!value.includes("{"))
        return { name: decodeQueryText(name), fixed: decodeQueryText(value), variables: [] };
      const variables: string[] = [];
      const source = value
        .split(VARIABLE)
        .map((part, i) => {
          if (i % 2 === 0) return escapeRegExp(encodeURIComponent(decodeQueryText(part)));
          variables.push(part);
          return "([^&]*?)";
        })
        .join("");
      return { name: decodeQueryText(name), value: new RegExp(`^${source}$`), variables };
    }),
  };
}

/** Query text decoded as forms write it (`+` is a space); text that is not valid stays as it is. */
function decodeQueryText(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** The raw values of `queryText` by decoded name, each name's values in order. */
function rawQuery(queryText: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of queryText.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const name = decodeQueryText(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? "" : pair.slice(at + 1);
    const values = out.get(name);
    if (values) values.push(value);
    else out.set(name, [value]);
  }
  return out;
}

/**
 * The captured variables when the query holds every pair of `matcher` (each pair takes a value of
 * its own: a name written twice needs two), agreeing with those the path captured; undefined when
 * it does not.
 */
function matchPairs(
  matcher: QueryKeyMatcher,
  query: Map<string, string[]>,
  path: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  const captured: Record<string, string> = {};
  const used = new Map<string, Set<number>>();
  for (const pair of matcher.pairs) {
    const values = query.get(pair.name) ?? [];
    const taken = used.get(pair.name) ?? new Set<number>();
    used.set(pair.name, taken);
    let found: string[] | undefined;
    for (const [index, value] of values.entries()) {
      if (taken.has(index)) continue;
      const match = pair.value
        ? pair.value.exec(value)
        : decodeQueryText(value) === pair.fixed
          ? [value]
          : null;
      if (!match) continue;
      taken.add(index);
      found = match.slice(1).map((c) => c ?? "");
      break;
    }
    if (!found) return undefined;
    for (const [i, name] of pair.variables.entries()) {
      const text = found[i] ?? "";
      const known = captured[name] ?? path[name];
      if (known !== undefined && known !== text) return undefined;
      captured[name] = text;
    }
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
    const captured = matchPairs(matcher, query, match.params);
    if (captured)
      ranked.push({
        match: { value: match.value, params: { ...match.params, ...captured } },
        pairs: matcher.pairs.length,
      });
  }
  // Stable: keys with as many pairs keep the router's order.
  return ranked.sort((a, b) => b.pairs - a.pairs).map((r) => r.match);
}

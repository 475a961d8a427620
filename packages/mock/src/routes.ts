/**
 * Path routing of the contract's operations. Templates are matched segment by segment; at every
 * segment a concrete one wins over a templated one (`/pets/mine` before `/pets/{id}`), as the
 * OpenAPI specification asks, and a segment mixing text and a template (`{name}.json`) comes between.
 */

export interface RouteMatch<T> {
  value: T;
  /** Raw (still percent-encoded) text of each path template variable. */
  params: Record<string, string>;
}

interface Variable<T> {
  pattern: RegExp;
  names: string[];
  /** 1: text and variables mixed, 2: the whole segment is one variable (tried last). */
  rank: number;
  node: TrieNode<T>;
  key: string;
}

interface TrieNode<T> {
  literal: Map<string, TrieNode<T>>;
  variables: Variable<T>[];
  value?: T;
}

const newNode = <T>(): TrieNode<T> => ({ literal: new Map(), variables: [] });
const VARIABLE = /\{([^}]+)\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class PathRouter<T> {
  private readonly root = newNode<T>();

  /** Adds a template; a second template with the same shape keeps the first. */
  add(template: string, value: T): void {
    let node = this.root;
    for (const segment of splitPath(template)) {
      if (!segment.includes("{")) {
        let next = node.literal.get(segment);
        if (!next) {
          next = newNode<T>();
          node.literal.set(segment, next);
        }
        node = next;
        continue;
      }
      const names: string[] = [];
      const source = segment
        .split(VARIABLE)
        .map((part, i) => {
          if (i % 2 === 0) return escapeRegExp(part);
          names.push(part);
          return "([^/]*?)";
        })
        .join("");
      const key = segment.replace(VARIABLE, "{}");
      let variable = node.variables.find((v) => v.key === key);
      if (!variable) {
        const whole = /^\{[^}]+\}$/.test(segment);
        variable = {
          pattern: new RegExp(`^${source}$`),
          names,
          rank: whole ? 2 : 1,
          node: newNode<T>(),
          key,
        };
        node.variables.push(variable);
        node.variables.sort((a, b) => a.rank - b.rank);
      }
      node = variable.node;
    }
    if (node.value === undefined) node.value = value;
  }

  match(path: string): RouteMatch<T> | undefined {
    const params: Record<string, string> = {};
    const value = this.walk(this.root, splitPath(path), 0, params);
    return value === undefined ? undefined : { value, params };
  }

  private walk(
    node: TrieNode<T>,
    segments: string[],
    at: number,
    params: Record<string, string>,
  ): T | undefined {
    if (at === segments.length) return node.value;
    const segment = segments[at] as string;
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, at + 1, params);
      if (found !== undefined) return found;
    }
    for (const variable of node.variables) {
      const m = variable.pattern.exec(segment);
      // An empty path parameter is no value at all: `/pets/` does not name a pet.
      if (!m || (variable.rank === 2 && segment === "")) continue;
      const found = this.walk(variable.node, segments, at + 1, params);
      if (found !== undefined) {
        variable.names.forEach((name, i) => {
          params[name] = m[i + 1] ?? "";
        });
        return found;
      }
    }
    return undefined;
  }
}

/** `/a/b/` → `["a", "b", ""]`; the leading slash is dropped, a trailing one kept (it is a different path). */
function splitPath(path: string): string[] {
  const trimmed = path.startsWith("/") ? path.slice(1) : path;
  return trimmed === "" ? [] : trimmed.split("/");
}

/** The path part of each server URL (`https://api.x.com/v1` → `/v1`), variables at their defaults; `/` dropped. */
export function basePaths(
  servers: readonly { url: string; variables: Record<string, { default: string }> }[],
): string[] {
  const out = new Set<string>();
  for (const server of servers) {
    const url = server.url.replace(VARIABLE, (_, name: string) => server.variables[name]?.default ?? "");
    let path: string;
    try {
      path = new URL(url, "http://base.invalid").pathname;
    } catch {
      continue;
    }
    path = path.replace(/\/+$/, "");
    if (path !== "") out.add(decodeURIComponent(path));
  }
  // Longest first: `/api/v2` must be tried before `/api`.
  return [...out].sort((a, b) => b.length - a.length);
}

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
  /** 1: text and variables mixed, 2: the whole segment is one variable (tried last). */
  rank: number;
  node: TrieNode<T>;
  key: string;
}

interface Entry<T> {
  value: T;
  /** Variable names in capture order: templates of one shape may name their variables differently. */
  names: string[];
}

interface TrieNode<T> {
  literal: Map<string, TrieNode<T>>;
  variables: Variable<T>[];
  entries: Entry<T>[];
}

const newNode = <T>(): TrieNode<T> => ({ literal: new Map(), variables: [], entries: [] });
const VARIABLE = /\{([^}]+)\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class PathRouter<T> {
  private readonly root = newNode<T>();

  /**
   * Adds a template. Templates of the same shape (`/a/{id}` and `/a/{name}`) share a node and are all
   * returned by `match`, in the order added: real specs split the methods of one path over such twins.
   */
  add(template: string, value: T): void {
    let node = this.root;
    const names: string[] = [];
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
        variable = { pattern: new RegExp(`^${source}$`), rank: whole ? 2 : 1, node: newNode<T>(), key };
        node.variables.push(variable);
        node.variables.sort((a, b) => a.rank - b.rank);
      }
      node = variable.node;
    }
    node.entries.push({ value, names });
  }

  /** Every template of the best matching shape, with its variables; empty when no template matches. */
  match(path: string): RouteMatch<T>[] {
    const captures: string[] = [];
    const entries = this.walk(this.root, splitPath(path), 0, captures);
    if (!entries) return [];
    return entries.map(({ value, names }) => ({
      value,
      params: Object.fromEntries(names.map((name, i) => [name, captures[i] ?? ""])),
    }));
  }

  private walk(
    node: TrieNode<T>,
    segments: string[],
    at: number,
    captures: string[],
  ): Entry<T>[] | undefined {
    if (at === segments.length) return node.entries.length > 0 ? node.entries : undefined;
    const segment = segments[at] as string;
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, at + 1, captures);
      if (found !== undefined) return found;
    }
    for (const variable of node.variables) {
      const m = variable.pattern.exec(segment);
      // An empty path parameter is no value at all: `/pets/` does not name a pet.
      if (!m || (variable.rank === 2 && segment === "")) continue;
      const mark = captures.length;
      captures.push(...m.slice(1).map((c) => c ?? ""));
      const found = this.walk(variable.node, segments, at + 1, captures);
      if (found !== undefined) return found;
      captures.length = mark;
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

/**
 * Which webhook is this delivery? Providers answer it in different places: a header (GitHub's
 * `X-GitHub-Event`, refined by the body's `action`), a body field (`type`), the URL (one endpoint per
 * webhook), or nowhere at all (then the payload validators decide, if exactly one accepts it).
 * All of it is configuration data, so one router serves every provider.
 */
import type { HeaderReader } from "./signatures/types.js";

export type RouteConfig =
  /**
   * Key templates tried in order; the first whose placeholders all resolve gives the key.
   * Placeholders: `{header:Name}`, `{body:field.sub}`, each optionally filtered: `{body:action|kebab}`.
   * Filters: `lower`, `kebab` (lower case, `_` and spaces become `-`).
   */
  | { by: "template"; templates: readonly string[]; map?: Readonly<Record<string, string>> }
  /** A header names the webhook, optionally refined by a body field: key = header + separator + field. */
  | {
      by: "header";
      header: string;
      bodyField?: string;
      /** Default `.`. */
      separator?: string;
      /** Applied to both parts. Default none. */
      normalize?: "kebab" | "lower";
      map?: Readonly<Record<string, string>>;
    }
  /** A body field (dotted path) names the webhook. */
  | { by: "body"; field: string; normalize?: "kebab" | "lower"; map?: Readonly<Record<string, string>> }
  /** The URL path names the webhook: `pattern` contains `{webhook}`, e.g. `/webhooks/{webhook}`. */
  | { by: "path"; pattern: string; map?: Readonly<Record<string, string>> }
  /** The payload validators decide: the delivery goes to the only webhook whose validator accepts it. */
  | { by: "validators" }
  | { by: "custom"; resolve: (input: RouteInput) => string | undefined | Promise<string | undefined> };

export interface RouteInput {
  headers: HeaderReader;
  payload: unknown;
  /** Request path without the query string. */
  path: string;
  /** Whether the payload validator of `webhook` accepts the payload (`undefined` if there is none). */
  accepts(webhook: string): boolean | undefined;
}

export type RouteResult =
  | { ok: true; webhook: string }
  /** `key` is what the delivery claimed to be, for the unknown-webhook answer and logs. */
  | { ok: false; key?: string; reason: string };

export type Router = (input: RouteInput) => RouteResult | Promise<RouteResult>;

type Filter = (value: string) => string;
/**
 * Remembers a filter's results: a sender uses a few dozen event and action names, so the regular
 * expression and the new string are made once per name rather than once per delivery. Bounded, so
 * that a sender making up names cannot grow it without limit.
 */
function memoized(filter: Filter, bound = 1024): Filter {
  const results = new Map<string, string>();
  return (value) => {
    let result = results.get(value);
    if (result === undefined) {
      result = filter(value);
      if (results.size >= bound) results.clear();
      results.set(value, result);
    }
    return result;
  };
}

const FILTERS: Record<string, () => Filter> = {
  lower: () => memoized((v) => v.toLowerCase()),
  kebab: () => memoized((v) => v.toLowerCase().replace(/[_\s]+/g, "-")),
};

type Part = string | { source: "header" | "body"; name: string; path: string[]; filters: Filter[] };

/** Parses a key template once; a malformed template is a configuration error, thrown at start-up. */
export function parseKeyTemplate(template: string): Part[] {
  const parts: Part[] = [];
  const pattern = /\{([^{}]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const [ref = "", ...filterNames] = match[1]!.split("|").map((s) => s.trim());
    const colon = ref.indexOf(":");
    const source = ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    if (colon < 0 || (source !== "header" && source !== "body") || name === "") {
      throw new TypeError(`route template ${JSON.stringify(template)}: use {header:Name} or {body:field}`);
    }
    const filters = filterNames.map((f) => {
      const makeFilter = Object.hasOwn(FILTERS, f) ? FILTERS[f] : undefined;
      if (!makeFilter)
        throw new TypeError(
          `route template ${JSON.stringify(template)}: unknown filter ${JSON.stringify(f)}`,
        );
      return makeFilter();
    });
    parts.push({
      source,
      name: source === "header" ? name.toLowerCase() : name,
      path: name.split("."),
      filters,
    });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

function bodyValue(payload: unknown, path: readonly string[]): string | undefined {
  let value = payload;
  for (const key of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}

type Placeholder = Exclude<Part, string>;

/** A placeholder's value before its filters: `undefined` (or `""`) when the delivery lacks it. */
const rawValue = (part: Placeholder, input: RouteInput): string | undefined =>
  part.source === "header" ? input.headers(part.name)?.trim() : bodyValue(input.payload, part.path);

function renderKey(parts: readonly Part[], input: RouteInput): string | undefined {
  let key = "";
  for (const part of parts) {
    if (typeof part === "string") {
      key += part;
      continue;
    }
    let value = rawValue(part, input);
    if (value === undefined || value === "") return undefined;
    for (const filter of part.filters) value = filter(value);
    key += value;
  }
  return key;
}

/** Route results by the raw value of each placeholder in turn, one Map level per placeholder. */
type ResultTree = Map<string, ResultTree | RouteResult>;

/**
 * One template's routing, with the result remembered by the placeholders' raw values: a sender uses
 * a few dozen event and action names, so rendering, filtering and looking up the concatenated key
 * happen once per combination rather than once per delivery. Bounded like the filters, so that a
 * sender making up names cannot grow it without limit. `undefined` when a placeholder is missing.
 */
function templateRoute(
  parts: readonly Part[],
  resolve: (key: string) => RouteResult,
  bound = 1024,
): (input: RouteInput) => RouteResult | undefined {
  const placeholders = parts.filter((part): part is Placeholder => typeof part !== "string");
  const last = placeholders.length - 1;
  let tree: ResultTree = new Map();
  let size = 0;
  return (input) => {
    let level = tree;
    for (let i = 0; i <= last; i++) {
      const raw = rawValue(placeholders[i]!, input);
      if (raw === undefined || raw === "") return undefined;
      const found = level.get(raw);
      if (found === undefined) return remember(input, level, raw, i);
      if (i === last) return found as RouteResult;
      level = found as ResultTree;
    }
    // A template without placeholders always gives the same key.
    return resolve(renderKey(parts, input)!);
  };

  /** Renders the key the slow way and files its result under the remaining raw values. */
  function remember(input: RouteInput, from: ResultTree, raw: string, at: number): RouteResult | undefined {
    const key = renderKey(parts, input);
    if (key === undefined) return undefined;
    if (size >= bound) {
      tree = new Map();
      size = 0;
      return resolve(key);
    }
    let level = from;
    let value = raw;
    for (let i = at; i < last; i++) {
      const next: ResultTree = new Map();
      level.set(value, next);
      level = next;
      value = rawValue(placeholders[i + 1]!, input)!;
    }
    const result = resolve(key);
    level.set(value, result);
    size++;
    return result;
  }
}

function templatesOf(config: Extract<RouteConfig, { by: "header" | "body" }>): string[] {
  const filter = config.normalize ? `|${config.normalize}` : "";
  if (config.by === "body") return [`{body:${config.field}${filter}}`];
  const header = `{header:${config.header}${filter}}`;
  if (config.bodyField === undefined) return [header];
  return [`${header}${config.separator ?? "."}{body:${config.bodyField}${filter}}`, header];
}

function pathMatcher(pattern: string): (path: string) => string | undefined {
  const at = pattern.indexOf("{webhook}");
  if (at < 0) throw new TypeError(`route pattern ${JSON.stringify(pattern)} must contain {webhook}`);
  const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const regex = new RegExp(
    `^${escapeRegex(pattern.slice(0, at))}(.+?)${escapeRegex(pattern.slice(at + "{webhook}".length))}/?$`,
  );
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    try {
      return decodeURIComponent(match[1]!);
    } catch {
      return undefined;
    }
  };
}

/** Builds the router for `config` over the contract's webhook names. */
export function createRouter(config: RouteConfig, webhookNames: readonly string[]): Router {
  // One frozen result per webhook, shared by its deliveries: it also hands the receiver the name as
  // the contract spells it (an interned string, fast as a key), not the key just concatenated.
  const known = new Map<string, RouteResult>(
    webhookNames.map((name) => [name, Object.freeze({ ok: true as const, webhook: name })]),
  );
  const finish = (
    key: string | undefined,
    map: Readonly<Record<string, string>> | undefined,
  ): RouteResult => {
    if (key === undefined) return { ok: false, reason: "the delivery does not say which webhook it is" };
    const name = map && Object.hasOwn(map, key) ? map[key]! : key;
    return known.get(name) ?? { ok: false, key, reason: `no webhook ${JSON.stringify(key)} in the contract` };
  };

  switch (config.by) {
    case "template":
    case "header":
    case "body": {
      // Results are remembered and shared by later deliveries: frozen, like the known ones.
      const resolve = (key: string) => Object.freeze(finish(key, config.map));
      const templates = (config.by === "template" ? config.templates : templatesOf(config)).map((template) =>
        templateRoute(parseKeyTemplate(template), resolve),
      );
      return (input) => {
        for (const route of templates) {
          const routed = route(input);
          if (routed !== undefined) return routed;
        }
        return finish(undefined, undefined);
      };
    }
    case "path": {
      const match = pathMatcher(config.pattern);
      return (input) => finish(match(input.path), config.map);
    }
    case "validators":
      return (input) => {
        const accepted = webhookNames.filter((name) => input.accepts(name) === true);
        if (accepted.length === 1) return { ok: true, webhook: accepted[0]! };
        return {
          ok: false,
          reason:
            accepted.length === 0
              ? "no webhook's payload schema accepts this delivery"
              : `the payload matches several webhooks (${accepted.slice(0, 5).join(", ")})`,
        };
      };
    case "custom":
      return async (input) => {
        const key = await config.resolve(input);
        return finish(key, undefined);
      };
    default:
      throw new TypeError(`unknown route kind ${JSON.stringify((config as { by: unknown }).by)}`);
  }
}

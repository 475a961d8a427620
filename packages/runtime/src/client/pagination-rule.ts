/**
 * One step of a pagination rule the spec describes (`OperationSpec.pagination`): from a page's body
 * and the arguments that read it, the next call, or nothing when the page was the last.
 */
import type { BodyPath, PageInput, PaginationSpec } from "./spec.js";

/** The next call: other arguments (a cursor or an offset), or a URL the response gave. */
export type NextPage = { args: object; cursor?: unknown } | { url: string } | undefined;

type Bag = Record<string, unknown>;
const isBag = (value: unknown): value is Bag => value !== null && typeof value === "object";

/** The value at `path` in `value`; undefined where a step is missing. Negative indexes count from the end. */
export function valueAt(value: unknown, path: BodyPath): unknown {
  let node = value;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(node)) return undefined;
      node = node[step < 0 ? node.length + step : step];
    } else {
      if (!isBag(node) || !Object.hasOwn(node, step)) return undefined;
      node = node[step];
    }
  }
  return node;
}

/** The page's items at the rule's `results`: [] for a missing or null list, undefined without `results`. */
export function pageItems(rule: PaginationSpec, body: unknown, operationId: string): unknown[] | undefined {
  if (rule.results === undefined) return undefined;
  const items = valueAt(body, rule.results);
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items))
    throw new TypeError(
      `${operationId}: the page has no list at ${describePath(rule.results)}, where the spec says its items are`,
    );
  return items;
}

export function nextPage(rule: PaginationSpec, body: unknown, args: object, operationId: string): NextPage {
  const items = pageItems(rule, body, operationId);
  switch (rule.type) {
    case "url": {
      const url = valueAt(body, rule.nextUrl);
      return typeof url === "string" && url !== "" ? { url } : undefined;
    }
    case "cursor": {
      if (rule.hasMore && valueAt(body, rule.hasMore) === false) return undefined;
      if (items?.length === 0) return undefined;
      const cursor = valueAt(body, rule.nextCursor);
      if (cursor === undefined || cursor === null || cursor === "") return undefined;
      return { args: withInput(args, rule.cursor, cursor), cursor };
    }
    case "offset": {
      if (rule.hasMore && valueAt(body, rule.hasMore) === false) return undefined;
      if (items?.length === 0) return undefined;
      const current = numberInput(args, rule.offset, rule.start, operationId) ?? rule.start;
      const limit = rule.limit ? numberInput(args, rule.limit, rule.limitDefault, operationId) : undefined;
      if (items !== undefined && limit !== undefined && items.length < limit) return undefined;
      const pages = rule.numPages ? valueAt(body, rule.numPages) : undefined;
      // Pages are counted from `start`: with start 1 and 3 pages, page 3 is the last.
      if (typeof pages === "number" && current + 1 - rule.start >= pages) return undefined;
      const step = rule.unit === "page" ? 1 : (items?.length ?? 0);
      if (step === 0) return undefined;
      return { args: withInput(args, rule.offset, current + step) };
    }
  }
}

function readInput(args: object, input: PageInput): unknown {
  if (input.in === "body") return valueAt((args as Bag).body, input.path);
  const group = (args as Bag)[input.in];
  return isBag(group) ? group[input.name] : undefined;
}

/** The input's number in `args` (a numeric string counts), or `fallback` when the call sets none. */
function numberInput(args: object, input: PageInput, fallback: number | undefined, operationId: string) {
  const value = readInput(args, input);
  if (value === undefined || value === null) return fallback;
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number))
    throw new TypeError(
      `${operationId}: paginate needs a number in ${describeInput(input)}, not ${String(value)}`,
    );
  return number;
}

/** A copy of `args` with `value` at the input (objects along the way copied, never changed). */
function withInput(args: object, input: PageInput, value: unknown): object {
  const bag = args as Bag;
  if (input.in !== "body") {
    const group = isBag(bag[input.in]) ? (bag[input.in] as Bag) : {};
    return { ...bag, [input.in]: { ...group, [input.name]: value } };
  }
  return { ...bag, body: setAt(bag.body, input.path, value) };
}

function setAt(target: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy: Bag = isBag(target) ? { ...(target as Bag) } : {};
  Object.defineProperty(copy, head, {
    value: setAt(Object.hasOwn(copy, head) ? copy[head] : undefined, rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

const describePath = (path: BodyPath): string =>
  `$${path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("")}`;

const describeInput = (input: PageInput): string =>
  input.in === "body" ? `body.${input.path.join(".")}` : `${input.in}.${input.name}`;

/**
 * Lists whose spec describes their pagination (x-speakeasy-pagination, x-fern-pagination) are
 * answered as two pages, so that a client paging through them (`paginate`, an SDK's iterator) is
 * exercised and ends: the first page (a request without the cursor, or at the first offset or page
 * number) says there is a next one; any later page is the last, with no items. Without this, the
 * same example answered to every page would be read forever, or seen as a stuck server.
 *
 * A `url` rule's first page links to the same request with `contract-mock-page=2` added, which the
 * mock reads as the later page.
 *
 * An answer is changed only where the rule's outputs already are, and only when the changed body
 * still passes its schema (a `minItems: 1` list, a cursor that may not be null): otherwise the
 * answer is left as it was.
 */
import type { BodyPath, PageInput, PaginationRule } from "@contract/core";
import { valueAt } from "@contract/runtime/client";

/** The next cursor the first page hands out: any text the mock then reads as "a later page". */
export const MOCK_NEXT_CURSOR = "mock-page-2";
/** The query parameter of the next URL the first page hands out (`url` rules): "a later page". */
export const MOCK_PAGE_PARAMETER = "contract-mock-page";

export interface PageRequest {
  query: ReadonlyArray<readonly [string, string]>;
  header: (name: string) => string | undefined;
  cookies: ReadonlyMap<string, string>;
  path: Readonly<Record<string, string>>;
  body: Uint8Array;
  /** The request's absolute URL (`url` rules link the next page to it). */
  url: string;
}

/** Whether the request asks for a page past the first. */
export function isLaterPage(rule: PaginationRule, request: PageRequest): boolean {
  if (rule.type === "url") return request.query.some(([name]) => name === MOCK_PAGE_PARAMETER);
  const input = rule.type === "cursor" ? rule.cursor : rule.offset;
  const value = inputValue(input, request);
  if (value === undefined || value === null || value === "") return false;
  if (rule.type === "cursor") return true;
  const number = Number(value);
  return Number.isFinite(number) && number !== rule.start;
}

function inputValue(input: PageInput, request: PageRequest): unknown {
  switch (input.in) {
    case "query":
      return request.query.find(([name]) => name === input.name)?.[1];
    case "header":
      return request.header(input.name.toLowerCase());
    case "cookie":
      return request.cookies.get(input.name);
    case "path":
      return request.path[input.name];
    case "body":
      try {
        return valueAt(JSON.parse(new TextDecoder().decode(request.body)), input.path);
      } catch {
        return undefined;
      }
  }
}

/** The URL of the page after `request`'s: the same request, marked as a later page. */
export function nextPageUrl(request: PageRequest): string {
  const url = new URL(request.url);
  url.searchParams.set(MOCK_PAGE_PARAMETER, "2");
  return url.href;
}

/**
 * The page's body as the first (`later: false`, linking to `nextUrl` where the rule reads a next
 * URL) or the last page, or `undefined` when nothing of it changes or the changed body would break
 * `passes`.
 */
export function pagedBody(
  rule: PaginationRule,
  body: unknown,
  page: { later: boolean; nextUrl: string },
  passes: (value: unknown) => boolean,
): unknown {
  const { later } = page;
  const changes: Array<[BodyPath | undefined, unknown]> = later
    ? [
        [rule.results, []],
        [rule.type === "cursor" ? rule.nextCursor : undefined, null],
        [rule.type === "url" ? rule.nextUrl : undefined, null],
        ["hasMore" in rule ? rule.hasMore : undefined, false],
      ]
    : [
        [rule.type === "cursor" ? rule.nextCursor : undefined, MOCK_NEXT_CURSOR],
        [rule.type === "url" ? rule.nextUrl : undefined, page.nextUrl],
        ["hasMore" in rule ? rule.hasMore : undefined, true],
        // Pages counted from the first: two of them.
        [rule.type === "offset" ? rule.numPages : undefined, 2],
      ];
  let changed = structuredClone(body);
  let any = false;
  for (const [path, value] of changes) {
    if (path === undefined) continue;
    const next = setExisting(changed, path, value);
    if (next !== undefined) {
      changed = next;
      any = true;
    }
  }
  return any && passes(changed) ? changed : undefined;
}

/** `value` with the member at `path` set, where that member already exists; undefined otherwise. */
function setExisting(value: unknown, path: BodyPath, member: unknown): unknown {
  if (path.length === 0) return member;
  const parent = valueAt(value, path.slice(0, -1));
  const last = path[path.length - 1] as string | number;
  if (typeof last === "number") {
    if (!Array.isArray(parent) || parent.length === 0) return undefined;
    parent[last < 0 ? parent.length + last : last] = member;
    return value;
  }
  if (parent === null || typeof parent !== "object" || !Object.hasOwn(parent, last)) return undefined;
  (parent as Record<string, unknown>)[last] = member;
  return value;
}

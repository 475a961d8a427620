/**
 * Every page of a paginated list, one call after another: `for await (const page of
 * paginate(client.listPets, { query: { limit: 100 } }))`. The next page is, in this order: what
 * `next` computes from the page; what the spec's pagination rule says (x-speakeasy-pagination,
 * x-fern-pagination: a cursor, an offset or a URL in the body); the page the response links to with
 * `Link: <…>; rel="next"` (RFC 8288: GitHub, GitLab, Sentry, Shopify, and others).
 * `paginateItems` yields the items of the pages instead, where the spec says where they are.
 *
 * A linked page is fetched with the same operation, credentials, headers and options as the first
 * one, so the link must stay on the first page's origin: a server (or whoever wrote its headers)
 * cannot send the client's credentials elsewhere.
 */
import { PAGE_URL, type RawResult } from "./core.js";
import { methodTarget } from "./create.js";
import { ApiError } from "./errors.js";
import { nextPage, pageItems } from "./pagination-rule.js";
import type { PaginationSpec } from "./spec.js";
import type { ItemOf, Paged } from "./types.js";

/** A method of a generated client. */
type PagedMethod = (...args: never) => Promise<unknown>;
/** The arguments of the method's plain (`parseAs: "auto"`) form, its last signature. */
type CallArgs<M> = M extends (...args: infer A) => Promise<unknown> ? A : never;
/**
 * What a page is: the method's success result (an operation that declares no response has one
 * untyped result, `ok: boolean`: its pages are those with `ok: true`).
 */
export type PageOf<M> = M extends (...args: never) => Promise<infer R> ? SuccessOf<R> : never;
type SuccessOf<R> = [Extract<R, { ok: true }>] extends [never] ? R & { ok: true } : Extract<R, { ok: true }>;
type ArgsOf<M> = NonNullable<CallArgs<M>[0]>;

export interface PaginateOptions<Page, Args> {
  /**
   * The arguments of the call for the page after `page`, or `undefined` when `page` is the last: for
   * APIs that paginate by a cursor or an offset. `args` are those of the call that read `page`.
   * Without it, the spec's pagination rule is followed, or else the response's
   * `Link: <…>; rel="next"`.
   */
  next?: (page: Page, args: Args) => Args | undefined;
  /** Stop after this many pages (default: when there is no next page). */
  maxPages?: number;
}

/** `args` are optional where the method's are. */
type PaginateRest<M> =
  CallArgs<M> extends [args: infer A]
    ? [args: A, options?: PaginateOptions<PageOf<M>, ArgsOf<M>>]
    : [args?: ArgsOf<M>, options?: PaginateOptions<PageOf<M>, ArgsOf<M>>];

/**
 * The pages of `method`'s results, from the call with `args` on. A page the server answers with an
 * error status ends the iteration with an `ApiError` (in `throwOnError` mode the call throws it).
 */
export function paginate<M extends PagedMethod>(
  method: M,
  ...[args, options]: PaginateRest<M>
): AsyncGenerator<PageOf<M>, void, undefined> {
  const target = targetOf(method, "paginate");
  const untyped = (options ?? {}) as unknown as PaginateOptions<RawResult, object>;
  return pages(target, (args ?? {}) as object, untyped) as AsyncGenerator<PageOf<M>, void, undefined>;
}

/**
 * The items of every page, one after another: `for await (const pet of paginateItems(client.listPets))`.
 * Only for an operation whose spec says where a page's items are (the `results` of its
 * x-speakeasy-pagination or x-fern-pagination); pages follow one another as in `paginate`.
 */
export function paginateItems<M extends PagedMethod & Paged<unknown>>(
  method: M,
  ...[args, options]: PaginateRest<M>
): AsyncGenerator<ItemOf<M>, void, undefined> {
  const target = targetOf(method, "paginateItems");
  const rule = target.spec.pagination;
  if (rule?.results === undefined)
    throw new TypeError(
      `paginateItems: the spec does not say where the items of ${target.spec.id}'s pages are (use paginate)`,
    );
  const untyped = (options ?? {}) as unknown as PaginateOptions<RawResult, object>;
  return items(target, rule, (args ?? {}) as object, untyped) as AsyncGenerator<ItemOf<M>, void, undefined>;
}

async function* items(
  target: NonNullable<ReturnType<typeof methodTarget>>,
  rule: PaginationSpec,
  first: object,
  options: PaginateOptions<RawResult, object>,
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of pages(target, first, options))
    yield* pageItems(rule, page.data, target.spec.id) ?? [];
}

function targetOf(method: unknown, name: string): NonNullable<ReturnType<typeof methodTarget>> {
  const target = methodTarget(method);
  if (target === undefined)
    throw new TypeError(`${name} takes a method of a generated client, e.g. ${name}(client.listPets, args)`);
  return target;
}

async function* pages(
  { spec, call, baseUrl }: NonNullable<ReturnType<typeof methodTarget>>,
  first: object,
  options: PaginateOptions<RawResult, object>,
): AsyncGenerator<RawResult, void, undefined> {
  let args = first;
  let pageUrl: string | undefined;
  const read = new Set<string>();
  const cursors = new Set<string>();
  const rule = options.next ? undefined : spec.pagination;
  let before: string | undefined;
  for (let count = 0; options.maxPages === undefined || count < options.maxPages; count++) {
    const page = await call(spec, pageUrl === undefined ? args : { ...args, [PAGE_URL]: pageUrl });
    if (!page.ok) throw new ApiError(spec.id, page.response, page.error, page.undeclared === true);
    if (rule) {
      // A server (or a mock) that ignores the page number answers the same page forever.
      const items = pageItems(rule, page.data, spec.id);
      const seen = items === undefined || items.length > 0 ? JSON.stringify(items ?? page.data) : undefined;
      if (seen !== undefined && seen === before)
        throw new Error(
          `${spec.id}: page ${count + 1} has the same items as page ${count}: the server does not move the list on`,
        );
      before = seen;
    }
    yield page;
    if (options.next) {
      const following = options.next(page, args);
      if (following === undefined) return;
      args = following;
      continue;
    }
    let link: string | undefined;
    if (rule) {
      const next = nextPage(rule, page.data, args, spec.id);
      if (next === undefined) return;
      if ("args" in next) {
        // A server that hands back a cursor already used would be read forever.
        const cursor = next.cursor === undefined ? undefined : JSON.stringify(next.cursor);
        if (cursor !== undefined && cursors.has(cursor))
          throw new Error(`${spec.id}: the next page's cursor ${cursor} was already used`);
        if (cursor !== undefined) cursors.add(cursor);
        args = next.args;
        pageUrl = undefined;
        continue;
      }
      link = next.url;
    } else link = nextLink(page.response.headers.get("link"));
    if (link === undefined) return;
    const here = page.response.url || pageUrl || baseUrl;
    if (page.response.url) read.add(page.response.url);
    const next = sameOriginUrl(link, here, spec.id);
    if (read.has(next))
      throw new Error(`${spec.id}: the next page's link leads back to a page already read (${next})`);
    read.add(next);
    pageUrl = next;
  }
}

/** `link` resolved against the current page's URL; it must be on that page's origin. */
function sameOriginUrl(link: string, here: string, operationId: string): string {
  let base: URL;
  try {
    base = new URL(here);
  } catch {
    throw new TypeError(
      `${operationId}: cannot follow the next page's link without an absolute base URL (set the client's baseUrl)`,
    );
  }
  const next = new URL(link, base);
  if (next.origin !== base.origin)
    throw new Error(
      `${operationId}: the next page's link leads to another origin (${next.origin}, not ${base.origin}); ` +
        "the client's credentials are not sent there (use the `next` option to follow it on purpose)",
    );
  return next.href;
}

/** The target of the `rel="next"` link of a `Link` header (RFC 8288), if any. */
function nextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const { target, params } of parseLinkHeader(header)) {
    const rel = params.get("rel");
    if (rel?.toLowerCase().split(/\s+/).includes("next")) return target;
  }
  return undefined;
}

/** `<target>; name=value; name="quoted, value", <target>…` → each link's target and parameters. */
export function parseLinkHeader(header: string): Array<{ target: string; params: Map<string, string> }> {
  const links: Array<{ target: string; params: Map<string, string> }> = [];
  let at = 0;
  const skip = (pattern: RegExp) => {
    while (at < header.length && pattern.test(header[at] as string)) at++;
  };
  while (at < header.length) {
    skip(/[\s,]/);
    if (header[at] !== "<") break;
    const close = header.indexOf(">", at);
    if (close < 0) break;
    const target = header.slice(at + 1, close).trim();
    at = close + 1;
    const params = new Map<string, string>();
    for (;;) {
      skip(/\s/);
      if (header[at] !== ";") break;
      at++;
      skip(/\s/);
      const name = /^[^\s=;,]+/.exec(header.slice(at))?.[0] ?? "";
      at += name.length;
      skip(/\s/);
      let value = "";
      if (header[at] === "=") {
        at++;
        skip(/\s/);
        if (header[at] === '"') {
          at++;
          while (at < header.length && header[at] !== '"') {
            if (header[at] === "\\") at++;
            value += header[at] ?? "";
            at++;
          }
          at++;
        } else {
          value = /^[^\s;,]*/.exec(header.slice(at))?.[0] ?? "";
          at += value.length;
        }
      }
      // The first occurrence of a parameter counts (RFC 8288 section 3).
      const key = name.toLowerCase();
      if (key !== "" && !params.has(key)) params.set(key, value);
    }
    links.push({ target, params });
  }
  return links;
}

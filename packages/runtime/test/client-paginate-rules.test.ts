/**
 * `paginate` and `paginateItems` following the pagination rule an operation's spec describes
 * (x-speakeasy-pagination, x-fern-pagination, as the generated client carries them), against a
 * real node:http server on 127.0.0.1 that holds 7 items: cursors in the query and in a JSON body,
 * page numbers with a page count, offsets counted in items with a page size, the next page's URL,
 * `has_more`, and the servers that would make a client loop or read garbage.
 */
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiSpec,
  createClientCore,
  type OperationSpec,
  type PaginationSpec,
  paginate,
  paginateItems,
} from "../src/client/index.js";
import { listen, type Running } from "./listen.js";

const ITEMS = ["a", "b", "c", "d", "e", "f", "g"];
const received: string[] = [];
const receivedBodies: unknown[] = [];
let server: Running;
/** Overrides the cursor endpoint's answer for one test (a server that misbehaves). */
let cursorAnswer: ((from: number) => unknown) | undefined;

function page(from: number, size: number) {
  return ITEMS.slice(from, from + size);
}

beforeAll(async () => {
  server = await listen(
    createServer(async (req, res) => {
      received.push(`${req.method} ${req.url}`);
      const url = new URL(req.url ?? "/", "http://x");
      const q = url.searchParams;
      const size = Number(q.get("limit") ?? "3");
      let body: unknown;
      switch (url.pathname.replace(/^\/v1/, "")) {
        case "/cursor": {
          const from = q.has("cursor") ? ITEMS.indexOf(q.get("cursor") as string) + 1 : 0;
          const data = page(from, size);
          const last = from + size >= ITEMS.length;
          body = cursorAnswer?.(from) ?? { data, meta: { next: last ? null : data.at(-1) } };
          break;
        }
        case "/search": {
          let text = "";
          for await (const chunk of req) text += chunk;
          const request = JSON.parse(text) as { query: string; page?: { after?: number } };
          receivedBodies.push(request);
          const from = request.page?.after ?? 0;
          const last = from + 3 >= ITEMS.length;
          body = { hits: page(from, 3), has_more: !last, next: from + 3 };
          break;
        }
        case "/pages": {
          // Pages numbered from 1, 3 items each: 3 pages.
          const n = Number(q.get("page") ?? "1");
          body = { items: page((n - 1) * 3, 3), total_pages: Math.ceil(ITEMS.length / 3) };
          break;
        }
        case "/offset": {
          body = page(Number(q.get("offset") ?? "0"), size);
          break;
        }
        case "/linked": {
          const n = Number(q.get("n") ?? "0");
          body = { results: page(n, 3), next: n + 3 < ITEMS.length ? `/v1/linked?n=${n + 3}` : null };
          break;
        }
        case "/ignores":
          // A server (or a mock) that answers the same page whatever the page number.
          body = { items: page(0, 3) };
          break;
        case "/elsewhere":
          body = { results: [1], next: "http://127.0.0.2:9/v1/linked" };
          break;
        default:
          res.statusCode = 404;
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(body ?? {}));
    }),
  );
});
afterAll(async () => {
  await server?.close();
});

function operation(
  id: string,
  path: string,
  pagination: PaginationSpec,
  extra: Partial<OperationSpec> = {},
): OperationSpec {
  return { id, method: "get", path, responses: { "200": ["application/json"] }, pagination, ...extra };
}

const api: ApiSpec = {
  operations: {
    cursorInQuery: operation("cursorInQuery", "/cursor", {
      type: "cursor",
      cursor: { in: "query", name: "cursor" },
      nextCursor: ["meta", "next"],
      results: ["data"],
    }),
    cursorInBody: operation(
      "cursorInBody",
      "/search",
      {
        type: "cursor",
        cursor: { in: "body", path: ["page", "after"] },
        nextCursor: ["next"],
        results: ["hits"],
        hasMore: ["has_more"],
      },
      { method: "post", body: { mediaTypes: ["application/json"] } },
    ),
    byPage: operation("byPage", "/pages", {
      type: "offset",
      offset: { in: "query", name: "page" },
      unit: "page",
      start: 1,
      results: ["items"],
      numPages: ["total_pages"],
    }),
    byOffset: operation("byOffset", "/offset", {
      type: "offset",
      offset: { in: "query", name: "offset" },
      unit: "item",
      start: 0,
      limit: { in: "query", name: "limit" },
      limitDefault: 3,
      results: [],
    }),
    byUrl: operation("byUrl", "/linked", { type: "url", nextUrl: ["next"], results: ["results"] }),
    toElsewhere: operation("toElsewhere", "/elsewhere", {
      type: "url",
      nextUrl: ["next"],
      results: ["results"],
    }),
    withoutResults: operation("withoutResults", "/linked", { type: "url", nextUrl: ["next"] }),
    ignoresPage: operation("ignoresPage", "/ignores", {
      type: "offset",
      offset: { in: "query", name: "page" },
      unit: "page",
      start: 1,
      results: ["items"],
    }),
  },
};

type Method = (args?: object) => Promise<{ ok: boolean; data?: unknown }>;
const client = () =>
  createClientCore(api, { baseUrl: `${server.url}/v1`, retry: false }) as Record<string, Method>;
const method = (name: string) => client()[name] as Method;
/** paginateItems on a method of an untyped client (its typed use is compiled against generated clients). */
const itemsOf = (name: string, args: object = {}) =>
  (paginateItems as (method: unknown, args: object) => AsyncGenerator<unknown>)(method(name), args);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function reset() {
  received.length = 0;
  receivedBodies.length = 0;
  cursorAnswer = undefined;
}

describe("the spec's rule, without `next`", () => {
  it("cursor in the query: each call sends the last page's cursor, and stops on a null one", async () => {
    reset();
    const pages = await collect(paginate(method("cursorInQuery"), { query: { limit: 3 } }));
    expect(pages.map((p) => (p.data as { data: string[] }).data)).toEqual([
      ["a", "b", "c"],
      ["d", "e", "f"],
      ["g"],
    ]);
    expect(received).toEqual([
      "GET /v1/cursor?limit=3",
      "GET /v1/cursor?limit=3&cursor=c",
      "GET /v1/cursor?limit=3&cursor=f",
    ]);
  });

  it("cursor in the JSON body: the rest of the body is kept, and has_more: false ends it", async () => {
    reset();
    const items = await collect(itemsOf("cursorInBody", { body: { query: "x", page: { size: 3 } } }));
    expect(items).toEqual(ITEMS);
    expect(receivedBodies).toEqual([
      { query: "x", page: { size: 3 } },
      { query: "x", page: { size: 3, after: 3 } },
      { query: "x", page: { size: 3, after: 6 } },
    ]);
  });

  it("page numbers: from the rule's start, up to the page count the response gives", async () => {
    reset();
    const items = await collect(itemsOf("byPage"));
    expect(items).toEqual(ITEMS);
    expect(received).toEqual(["GET /v1/pages", "GET /v1/pages?page=2", "GET /v1/pages?page=3"]);
  });

  it("offsets counted in items: moved on by what was read; a page shorter than the limit is the last", async () => {
    reset();
    const items = await collect(itemsOf("byOffset", { query: { limit: 2 } }));
    expect(items).toEqual(ITEMS);
    expect(received).toEqual([
      "GET /v1/offset?limit=2",
      "GET /v1/offset?limit=2&offset=2",
      "GET /v1/offset?limit=2&offset=4",
      "GET /v1/offset?limit=2&offset=6",
    ]);
    reset();
    // Without a limit in the call, the parameter's default (3) tells the short page: no empty call.
    expect(await collect(itemsOf("byOffset"))).toEqual(ITEMS);
    expect(received).toEqual(["GET /v1/offset", "GET /v1/offset?offset=3", "GET /v1/offset?offset=6"]);
  });

  it("the next page's URL from the body, resolved against the page; never on another origin", async () => {
    reset();
    expect(await collect(itemsOf("byUrl"))).toEqual(ITEMS);
    expect(received).toEqual(["GET /v1/linked", "GET /v1/linked?n=3", "GET /v1/linked?n=6"]);
    reset();
    const pages = paginate(method("toElsewhere"));
    await expect(collect(pages)).rejects.toThrow(/another origin/);
    expect(received).toEqual(["GET /v1/elsewhere"]);
  });

  it("`next` given by the caller wins over the rule", async () => {
    reset();
    const pages = await collect(paginate(method("cursorInQuery"), {}, { next: () => undefined }));
    expect(pages).toHaveLength(1);
  });
});

describe("servers that would make a client loop or read garbage", () => {
  it("a cursor handed back twice throws instead of looping", async () => {
    reset();
    // Pages that differ, each pointing at the same next cursor.
    cursorAnswer = (from) => ({ data: [String(from)], meta: { next: "a" } });
    await expect(collect(paginate(method("cursorInQuery")))).rejects.toThrow(/cursor "a" was already used/);
    expect(received).toHaveLength(2);
  });

  it("items that are not a list throw, naming where the spec says they are", async () => {
    reset();
    cursorAnswer = () => ({ data: { a: 1 }, meta: { next: null } });
    await expect(collect(itemsOf("cursorInQuery"))).rejects.toThrow(
      /cursorInQuery: the page has no list at \$\.data/,
    );
  });

  it("an empty page ends a cursor rule even when the server still gives a cursor", async () => {
    reset();
    cursorAnswer = (from) => (from === 0 ? { data: [], meta: { next: "z" } } : undefined);
    expect(await collect(paginate(method("cursorInQuery")))).toHaveLength(1);
  });

  it("a server that answers the same page whatever the page number stops with an error, not forever", async () => {
    reset();
    const pages: unknown[] = [];
    await expect(
      (async () => {
        for await (const page of paginate(method("ignoresPage"))) pages.push(page.data);
      })(),
    ).rejects.toThrow(/ignoresPage: page 2 has the same items as page 1/);
    expect(pages).toEqual([{ items: ["a", "b", "c"] }]);
    expect(received).toEqual(["GET /v1/ignores", "GET /v1/ignores?page=2"]);
  });

  it("paginateItems refuses an operation whose spec does not say where the items are", () => {
    expect(() => itemsOf("withoutResults")).toThrow(/does not say where the items/);
  });
});

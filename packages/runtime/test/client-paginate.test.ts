/**
 * `paginate` against real node:http servers on 127.0.0.1: `Link: rel="next"` (absolute and
 * relative), credentials on every page and never on another origin, an API key in the query sent
 * once, cursors in the body through `next`, `maxPages`, error pages and link loops.
 */
import { createServer, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, type ApiSpec, createClientCore, paginate } from "../src/client/index.js";
import { parseLinkHeader } from "../src/client/paginate.js";
import { listen, type Running } from "./listen.js";

interface Received {
  url: string;
  authorization: string | undefined;
}

const api: ApiSpec = {
  schemes: {
    bearer: { type: "http", scheme: "bearer" },
    key: { type: "apiKey", in: "query", name: "api_key" },
  },
  operations: {
    listItems: {
      id: "listItems",
      method: "get",
      path: "/items",
      accept: "application/json",
      responses: { "200": ["application/json"], "500": ["application/json"] },
      security: [["bearer"]],
    },
    listKeyed: {
      id: "listKeyed",
      method: "get",
      path: "/keyed",
      responses: { "200": ["application/json"] },
      security: [["key"]],
    },
    listByCursor: {
      id: "listByCursor",
      method: "get",
      path: "/cursor",
      responses: { "200": ["application/json"] },
    },
  },
};

let server: Running;
let elsewhere: Running;
const received: Received[] = [];
const receivedElsewhere: string[] = [];
/** What page N's Link header says, set per test: `(page, self) => header | undefined`. */
let linkFor: (page: number, req: IncomingMessage) => string | undefined;
let failOnPage: number | undefined;

const json = (body: unknown) => JSON.stringify(body);

beforeAll(async () => {
  server = await listen(
    createServer((req, res) => {
      received.push({ url: req.url ?? "", authorization: req.headers.authorization });
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/v1/cursor") {
        // Cursor pagination in the body: three items, two a page.
        const from = Number(url.searchParams.get("cursor") ?? "0");
        const items = [from, from + 1].filter((i) => i < 3);
        const next = from + 2 < 3 ? String(from + 2) : null;
        res.setHeader("content-type", "application/json");
        res.end(json({ items, next_cursor: next }));
        return;
      }
      const page = Number(url.searchParams.get("page") ?? "1");
      res.setHeader("content-type", "application/json");
      if (page === failOnPage) {
        res.statusCode = 500;
        res.end(json({ message: "boom" }));
        return;
      }
      const link = linkFor(page, req);
      if (link !== undefined) res.setHeader("link", link);
      res.end(json({ page }));
    }),
  );
  elsewhere = await listen(
    createServer((req, res) => {
      receivedElsewhere.push(req.url ?? "");
      res.setHeader("content-type", "application/json");
      res.end(json({ page: "elsewhere" }));
    }),
  );
});
afterAll(async () => {
  await server?.close();
  await elsewhere?.close();
});

const client = (options: Record<string, unknown> = {}) =>
  createClientCore(api, { baseUrl: `${server.url}/v1`, retry: false, ...options }) as Record<
    string,
    (args?: object) => Promise<{ ok: boolean; data?: unknown }>
  >;

async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

function reset(link: typeof linkFor, fail?: number) {
  received.length = 0;
  receivedElsewhere.length = 0;
  linkFor = link;
  failOnPage = fail;
}

describe("paginate follows Link: rel=next", () => {
  it("reads every page, absolute and relative links, with the credentials on each", async () => {
    reset((page) =>
      page === 1
        ? `<${server.url}/v1/items?page=2&per_page=2>; rel="next", <${server.url}/v1/items?page=3&per_page=2>; rel="last"`
        : page === 2
          ? `</v1/items?page=1&per_page=2>; rel="prev", </v1/items?page=3&per_page=2>; rel="next"`
          : undefined,
    );
    const api = client({ auth: { bearer: "t0k" } });
    const pages = await collect(paginate(api.listItems!, { query: { per_page: 2 } }));
    expect(pages.map((p) => p.data)).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
    expect(received.map((r) => r.url)).toEqual([
      "/v1/items?per_page=2",
      "/v1/items?page=2&per_page=2",
      "/v1/items?page=3&per_page=2",
    ]);
    expect(received.map((r) => r.authorization)).toEqual(["Bearer t0k", "Bearer t0k", "Bearer t0k"]);
  });

  it("sends an API key in the query once, when the link already carries it", async () => {
    reset((page, req) => {
      const self = new URL(req.url ?? "/", server.url);
      if (page >= 2) return undefined;
      self.searchParams.set("page", String(page + 1));
      return `<${self.href}>; rel="next"`;
    });
    const pages = await collect(paginate(client({ auth: { key: "k 1" } }).listKeyed!));
    expect(pages).toHaveLength(2);
    expect(received.map((r) => r.url)).toEqual(["/v1/keyed?api_key=k%201", "/v1/keyed?api_key=k+1&page=2"]);
  });

  it("adds the API key to a link that lacks it", async () => {
    reset((page) => (page === 1 ? `</v1/keyed?page=2>; rel="next"` : undefined));
    await collect(paginate(client({ auth: { key: "k" } }).listKeyed!));
    expect(received.map((r) => r.url)).toEqual(["/v1/keyed?api_key=k", "/v1/keyed?page=2&api_key=k"]);
  });

  it("refuses a link to another origin, and sends nothing there", async () => {
    reset((page) => (page === 1 ? `<${elsewhere.url}/v1/items?page=2>; rel="next"` : undefined));
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const page of paginate(client({ auth: { bearer: "secret" } }).listItems!))
        seen.push(page.data);
    })();
    await expect(reading).rejects.toThrow(/another origin/);
    expect(seen).toEqual([{ page: 1 }]);
    expect(receivedElsewhere).toEqual([]);
  });

  it("ends with an ApiError on a page the server answers with an error", async () => {
    reset((page) => `</v1/items?page=${page + 1}>; rel="next"`, 2);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const page of paginate(client().listItems!)) seen.push(page.data);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ page: 1 }]);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).operationId).toBe("listItems");
    expect((error as ApiError).body).toEqual({ message: "boom" });
  });

  it("stops at maxPages", async () => {
    reset((page) => `</v1/items?page=${page + 1}>; rel="next"`);
    const pages = await collect(paginate(client().listItems!, {}, { maxPages: 2 }));
    expect(pages.map((p) => p.data)).toEqual([{ page: 1 }, { page: 2 }]);
    expect(received).toHaveLength(2);
  });

  it("throws instead of looping when a link leads back to a page already read", async () => {
    reset((page) => (page === 1 ? `</v1/items?page=2>; rel="next"` : `</v1/items?page=2>; rel="next"`));
    // maxPages bounds the test should the check ever go: it then fails instead of hanging.
    await expect(collect(paginate(client().listItems!, {}, { maxPages: 10 }))).rejects.toThrow(
      /already read/,
    );
    expect(received).toHaveLength(2);
  });
});

describe("paginate with next (cursors in the body)", () => {
  it("calls with the arguments next returns until it returns undefined", async () => {
    reset(() => undefined);
    const pages = await collect(
      paginate(
        client().listByCursor!,
        { query: { limit: 2 } },
        {
          next: (page, args) => {
            const cursor = (page.data as { next_cursor: string | null }).next_cursor;
            const query = (args as { query: Record<string, unknown> }).query;
            return cursor === null ? undefined : { ...args, query: { ...query, cursor } };
          },
        },
      ),
    );
    expect(pages.map((p) => (p.data as { items: number[] }).items)).toEqual([[0, 1], [2]]);
    expect(received.map((r) => r.url)).toEqual(["/v1/cursor?limit=2", "/v1/cursor?limit=2&cursor=2"]);
  });
});

describe("paginate's argument", () => {
  it("must be a method of a generated client", () => {
    expect(() => paginate(async () => ({ ok: true }))).toThrow(TypeError);
  });
});

describe("Link header parsing (RFC 8288)", () => {
  it("reads targets, quoted and bare parameters, several relation types and commas in quotes", () => {
    const links = parseLinkHeader(
      '<https://a.test/x?page=2>; rel="next last"; title="a, b", </y>;REL=prev ; type=text/html,<z>',
    );
    expect(links.map((l) => l.target)).toEqual(["https://a.test/x?page=2", "/y", "z"]);
    expect(links[0]?.params.get("rel")).toBe("next last");
    expect(links[0]?.params.get("title")).toBe("a, b");
    expect(links[1]?.params.get("rel")).toBe("prev");
    expect(links[1]?.params.get("type")).toBe("text/html");
    expect(links[2]?.params.size).toBe(0);
  });

  it("keeps the first occurrence of a parameter and unescapes quoted pairs", () => {
    const [link] = parseLinkHeader('<a>; rel="ne\\"xt"; rel=next');
    expect(link?.params.get("rel")).toBe('ne"xt');
  });
});

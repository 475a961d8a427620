/**
 * Every operation of fixtures/petstore.yaml through the generated client against a real node:http
 * server: parameter styles on the wire, body media types, auth schemes, errors, retries, timeouts,
 * aborts, middleware and response validation.
 */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ApiError, ResponseValidationError, TimeoutError } from "@contract/runtime/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PetServer, startPetServer } from "./fixtures/pet-server.js";
import { generateInto } from "./helpers/generate.js";
import { fixturesDir } from "./helpers/paths.js";

// The generated module is imported at run time; its types are checked by client-types.test.ts.
type AnyClient = any;
let server: PetServer;
let createClient: (options?: Record<string, unknown>) => AnyClient;
let groupedClient: (options?: Record<string, unknown>) => AnyClient;
const spec = path.join(fixturesDir, "petstore.yaml");
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

beforeAll(async () => {
  server = await startPetServer();
  const flat = await generateInto("http", spec, { withAjvValidators: true });
  createClient = (await import(pathToFileURL(path.join(flat.dir, "client.ts")).href)).createClient;
  const grouped = await generateInto("http-grouped", spec, { groupByTag: true });
  groupedClient = (await import(pathToFileURL(path.join(grouped.dir, "client.ts")).href)).createClient;
});
afterAll(() => server?.close());

const client = (options: Record<string, unknown> = {}) =>
  createClient({ baseUrl: server.baseUrl, retry: fast, ...options });
const last = () => server.received[server.received.length - 1]!;
const countFor = (fragment: string) => server.received.filter((r) => r.url.includes(fragment)).length;

describe("parameters on the wire", () => {
  it("serializes every query style and header parameters of listPets", async () => {
    const result = await client().listPets({
      query: {
        limit: 10,
        tags: ["a", "b c"],
        status: ["available", "pending"],
        filter: { species: "dog", minAge: 2 },
        sort: { by: "name", dir: "asc" },
      },
      header: { "X-Request-Id": "req-1" },
    });
    expect(last().url).toBe(
      "/v1/pets?limit=10&tags=a&tags=b%20c&status=available|pending&filter[species]=dog&filter[minAge]=2&sort=by,name,dir,asc",
    );
    expect(last().headers["x-request-id"]).toBe("req-1");
    expect(last().headers.accept).toBe("application/json");
    expect(last().headers.authorization).toBeUndefined(); // security [{}, bearer]: anonymous is fine
    expect(result.ok).toBe(true);
    expect(result.status).toBe(200);
    expect(result.data).toEqual([
      { id: 1, name: "Rex", species: "dog" },
      { id: 2, name: "Tom", species: "cat" },
    ]);
    expect(result.response.headers.get("x-total-count")).toBe("2");
  });

  it("expands label and matrix path parameters", async () => {
    const result = await client().getPoints({ path: { labels: ["a", "b/c"], coords: { x: 1, y: 2 } } });
    expect(result.data.url).toBe("/v1/labels/.a.b%2Fc/points/;x=1;y=2");
  });

  it("honours allowReserved, content-typed and spaceDelimited query parameters", async () => {
    const result = await client().search({
      query: { next: "/a/b?c=1", where: { name: "x" }, words: ["a", "b"] },
    });
    expect(result.data.url).toBe("/v1/search?next=/a/b?c=1&where=%7B%22name%22%3A%22x%22%7D&words=a%20b");
  });

  it("sends cookie parameters and per-call headers, which override client headers", async () => {
    await client({
      auth: { basicAuth: { username: "alice", password: "s3cr€t" } },
      headers: { "x-app": "one" },
    }).getPetById({
      path: { petId: 3 },
      cookie: { prefs: "dark mode" },
      headers: { "x-app": "two" },
    });
    expect(last().headers.cookie).toBe("prefs=dark%20mode");
    expect(last().headers["x-app"]).toBe("two");
  });

  it("reaches any operation by method and path with request()", async () => {
    const result = await client().request("get", "/labels/{labels}/points/{coords}", {
      path: { labels: ["z"], coords: { x: 0, y: 0 } },
    });
    expect(result.data.url).toBe("/v1/labels/.z/points/;x=0;y=0");
    await expect(client().request("get", "/nope", {})).rejects.toThrow(/No operation GET \/nope/);
  });

  it("fills the default server's variables", async () => {
    const seen: string[] = [];
    const fetch = async (input: string | Request) => {
      seen.push(typeof input === "string" ? input : input.url);
      return Response.json([]);
    };
    await createClient({ fetch }).listPets();
    await createClient({ fetch, serverVariables: { region: "us" } }).listPets();
    expect(seen).toEqual(["https://eu.pets.example/v1/pets", "https://us.pets.example/v1/pets"]);
  });
});

describe("bodies", () => {
  const bearer = { auth: { bearerAuth: "good-token" } };

  it("sends JSON by default", async () => {
    const result = await client(bearer).createPet({ body: { name: "Rex", species: "dog", tags: ["x"] } });
    expect(last().headers["content-type"]).toBe("application/json");
    expect(JSON.parse(last().body.toString())).toEqual({ name: "Rex", species: "dog", tags: ["x"] });
    expect(result).toMatchObject({ ok: true, status: 201, data: { id: 7, name: "Rex" } });
  });

  it("sends form-urlencoded with the encoding object when the caller picks it", async () => {
    const result = await client(bearer).createPet({
      contentType: "application/x-www-form-urlencoded",
      body: { name: "Tom & Jerry", species: "cat", tags: ["a", "b"], owner: { email: "o@x.io" } },
    });
    expect(last().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last().body.toString()).toBe(
      "name=Tom%20%26%20Jerry&species=cat&tags=a|b&owner=%7B%22email%22%3A%22o%40x.io%22%7D",
    );
    expect(result.data).toEqual({
      id: 7,
      name: "Tom & Jerry",
      species: "cat",
      tags: ["a", "b"],
      owner: { email: "o@x.io" },
    });
  });

  it("sends multipart with Blob parts and JSON parts per the encoding object", async () => {
    const file = new Blob([new Uint8Array([1, 2, 3, 4, 5])], { type: "image/jpeg" });
    const result = await client(bearer).uploadPhoto({
      path: { petId: 1 },
      body: { file, caption: "at the beach", meta: { width: 640 } },
    });
    expect(last().headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(result.data).toEqual({
      bytes: 5,
      caption: "at the beach",
      mediaType: "image/jpeg",
      meta: { width: 640 },
      metaType: "application/json",
    });
  });

  it("sends raw bytes as application/octet-stream", async () => {
    const result = await client(bearer).uploadPhoto({
      path: { petId: 1 },
      contentType: "application/octet-stream",
      body: new Uint8Array(9),
    });
    expect(result.data).toEqual({ bytes: 9, mediaType: "application/octet-stream" });
  });

  it("sends and reads text/plain", async () => {
    const result = await client().echoNote({ body: "hello" });
    expect(last().headers["content-type"]).toBe("text/plain");
    expect(result.data).toBe("HELLO");
  });
});

describe("responses", () => {
  const session = { auth: { sessionCookie: "abc 123" } };

  it("reads binary downloads as a Blob, or as the caller asks", async () => {
    const blob = await client(session).downloadPhoto({ path: { petId: 1 } });
    expect(last().headers.cookie).toBe("session=abc%20123");
    expect(last().headers.accept).toBe("image/png, application/json");
    expect(blob.data).toBeInstanceOf(Blob);
    expect(blob.data.type).toBe("image/png");
    expect([...new Uint8Array(await blob.data.arrayBuffer())].slice(0, 4)).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const bytes = await client(session).downloadPhoto({ path: { petId: 1 }, parseAs: "arrayBuffer" });
    expect(bytes.data.byteLength).toBe(12);
    const stream = await client(session).downloadPhoto({ path: { petId: 1 }, parseAs: "stream" });
    expect(new Uint8Array(await new Response(stream.data).arrayBuffer()).length).toBe(12);
  });

  it("returns 204 as ok with no data", async () => {
    const result = await client({ auth: { oauth: "oauth-token" } }).deletePet({ path: { petId: 1 } });
    expect(result).toMatchObject({ ok: true, status: 204, data: undefined });
  });

  it("matches 2XX and 4XX range responses", async () => {
    const c = client({ auth: { apiKeyHeader: "k1" } });
    expect(await c.getReport({ path: { id: "r1" } })).toMatchObject({
      ok: true,
      status: 202,
      data: { state: "building" },
    });
    expect(await c.getReport({ path: { id: "r2" } })).toMatchObject({
      ok: true,
      status: 200,
      data: { state: "ready" },
    });
    expect(await c.getReport({ path: { id: "missing" } })).toMatchObject({
      ok: false,
      status: 404,
      error: { code: 404, message: "no report" },
    });
  });

  it("returns declared error bodies, including problem+json", async () => {
    const result = await client({ auth: { bearerAuth: "good-token" } }).createPet({
      body: { name: "", species: "x" },
    });
    expect(result).toMatchObject({
      ok: false,
      status: 422,
      data: undefined,
      error: { title: "name is required" },
    });
  });

  it("throws a typed ApiError in throwOnError mode", async () => {
    const c = client({ throwOnError: true, auth: { basicAuth: { username: "alice", password: "s3cr€t" } } });
    const error = await c.getPetById({ path: { petId: 404 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      operationId: "get-pet-by-id",
      body: { code: 404, message: "no such pet" },
    });
    expect((error as ApiError).headers.get("content-type")).toBe("application/json");
    expect((await c.getPetById({ path: { petId: 5 } })).data).toMatchObject({ id: 5 });
  });
});

describe("statuses the spec does not declare", () => {
  it("a 500 where only 200 is declared is a not-ok result the caller narrows, not a crash", async () => {
    const result = await client().echoNote({ body: "500" });
    expect(result).toMatchObject({
      ok: false,
      status: 500,
      undeclared: true,
      data: undefined,
      error: { code: 500, message: "down" },
    });
    // The narrowed path, as a caller writes it (client-types.test.ts proves `data` needs the check).
    const describe = (r: typeof result) => (r.ok ? `note: ${r.data}` : `failed with ${r.status}`);
    expect(describe(result)).toBe("failed with 500");
    const fine = await client().echoNote({ body: "hi" });
    expect(describe(fine)).toBe("note: HI");
    expect(fine.undeclared).toBeUndefined();
  });

  it("an undeclared 2xx is not ok either; throwOnError throws an ApiError marked undeclared", async () => {
    expect(await client().echoNote({ body: "202" })).toMatchObject({
      ok: false,
      status: 202,
      undeclared: true,
      error: "queued",
    });
    const error = await client({ throwOnError: true })
      .echoNote({ body: "500" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, undeclared: true, body: { code: 500, message: "down" } });
    expect((error as ApiError).message).toContain("a status the spec does not declare");
  });

  it("a declared `default` response covers every status: nothing is undeclared", async () => {
    const result = await client().listPets({ query: { tags: ["boom"] } });
    expect(result).toMatchObject({ ok: false, status: 500 });
    expect(result.undeclared).toBeUndefined();
  });
});

describe("auth", () => {
  it("sends the bearer token when configured for an optional requirement, and surfaces a 401", async () => {
    const bad = await client({ auth: { bearerAuth: "nope" } }).listPets();
    expect(last().headers.authorization).toBe("Bearer nope");
    expect(bad).toMatchObject({ ok: false, status: 401, error: { message: "bad token" } });
  });

  it("falls back to the alternative whose schemes are all configured (header + query API keys)", async () => {
    const result = await client({ auth: { apiKeyHeader: "k1", apiKeyQuery: "k1" } }).createPet({
      body: { name: "Rex", species: "dog" },
    });
    expect(last().url).toBe("/v1/pets?api_key=k1");
    expect(last().headers["x-api-key"]).toBe("k1");
    expect(result.status).toBe(201);
  });

  it("encodes basic credentials as UTF-8", async () => {
    const result = await client({
      auth: { basicAuth: { username: "alice", password: "s3cr€t" } },
    }).getPetById({
      path: { petId: 9 },
    });
    expect(result.ok).toBe(true);
  });

  it("calls credential functions per request, with the operation and scheme", async () => {
    const contexts: unknown[] = [];
    const c = client({
      auth: {
        oauth: async (context: unknown) => {
          contexts.push(context);
          return "oauth-token";
        },
      },
    });
    expect((await c.deletePet({ path: { petId: 2 } })).status).toBe(204);
    expect(last().headers.authorization).toBe("Bearer oauth-token");
    expect(contexts).toEqual([{ operationId: "deletePet", scheme: "oauth" }]);
  });

  it("sends nothing when no alternative is configured", async () => {
    const result = await client({ auth: { apiKeyHeader: "k1" } }).createPet({
      body: { name: "a", species: "b" },
    });
    expect(last().headers["x-api-key"]).toBeUndefined();
    expect(result.status).toBe(401);
  });
});

describe("retries", () => {
  it("retries an idempotent call that fails twice, then succeeds", async () => {
    const result = await client().getFlaky({ query: { key: "twice" } });
    expect(result).toMatchObject({ ok: true, status: 200, data: { attempt: 3 } });
    expect(countFor("key=twice")).toBe(3);
  });

  it("retries 429", async () => {
    expect((await client().getFlaky({ query: { key: "rate" } })).data.attempt).toBe(3);
  });

  it("does not retry POST", async () => {
    const result = await client().postFlaky({ query: { key: "post" } });
    expect(result).toMatchObject({ ok: false, status: 503 });
    expect(countFor("key=post")).toBe(1);
  });

  it("gives up after the limit and returns the last error", async () => {
    const result = await client().getFlaky({ query: { key: "always" }, retry: { limit: 4, ...fast } });
    expect(result.status).toBe(503);
    expect(countFor("key=always")).toBe(5);
  });

  it("waits as long as Retry-After says", async () => {
    const started = Date.now();
    const result = await client().getFlaky({ query: { key: "retry-after" } });
    expect(result.data.attempt).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it("returns at once when Retry-After exceeds maxRetryAfterMs", async () => {
    const result = await client().getFlaky({ query: { key: "far" } });
    expect(result.status).toBe(503);
    expect(countFor("key=far")).toBe(1);
  });

  it("can be turned off", async () => {
    await client({ retry: false }).getFlaky({ query: { key: "off" } });
    expect(countFor("key=off")).toBe(1);
  });

  it("retries network errors of idempotent calls", async () => {
    let calls = 0;
    const fetch = (input: string | Request, init?: RequestInit) => {
      calls++;
      return calls < 3 ? Promise.reject(new TypeError("fetch failed")) : globalThis.fetch(input, init);
    };
    const result = await client({ fetch }).getFlaky({ query: { key: "network" } });
    expect(calls).toBe(3);
    expect(result.ok).toBe(false); // the server itself then failed the first attempt it saw
  });
});

describe("timeouts and aborts", () => {
  it("throws TimeoutError when an attempt takes longer than timeoutMs", async () => {
    const error = await client({ timeoutMs: 50 })
      .slow({ query: { ms: 1000 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operationId: "slow", timeoutMs: 50 });
  });

  it("lets a call override the client's timeout", async () => {
    const result = await client({ timeoutMs: 20 }).slow({ query: { ms: 60 }, timeoutMs: 2000 });
    expect(result.ok).toBe(true);
  });

  it("aborts a call in flight with the caller's signal", async () => {
    const controller = new AbortController();
    const pending = client().slow({ query: { ms: 1000 }, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborts while waiting between retries", async () => {
    // The server's Retry-After (1 s) fixes the wait; a backoff delay is jittered from 0 and could
    // end before the abort. The abort is timed from the first answer, not from the call: on a loaded
    // machine that answer can take longer than any fixed delay, and an abort before it is not one
    // between retries. Its 100 ms timer is set before the client's 1 s wait, so it fires first.
    const controller = new AbortController();
    let fetches = 0;
    const fetch = async (input: string | Request, init?: RequestInit) => {
      fetches++;
      const response = await globalThis.fetch(input, init);
      setTimeout(() => controller.abort(), 100);
      return response;
    };
    const pending = client({ fetch }).getFlaky({
      query: { key: "retry-after-abort" },
      signal: controller.signal,
    });
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    // A wait that ignored the signal would try again (with the aborted signal) once it ended.
    expect(fetches).toBe(1);
    expect(countFor("key=retry-after-abort")).toBe(1);
  });
});

describe("middleware", () => {
  it("runs request, response and error hooks", async () => {
    const seen: string[] = [];
    const c = client({
      middleware: [
        {
          onRequest({ request, operationId }: { request: Request; operationId: string }) {
            seen.push(`request ${operationId}`);
            const next = new Request(request, { headers: new Headers(request.headers) });
            next.headers.set("x-mw", "1");
            return next;
          },
          onResponse({ response }: { response: Response }) {
            seen.push(`response ${response.status}`);
          },
        },
      ],
    });
    await c.search({ query: { next: "x" } });
    expect(last().headers["x-mw"]).toBe("1");
    expect(seen).toEqual(["request search", "response 200"]);
  });

  it("answers from onRequest without calling fetch, and recovers in onError", async () => {
    const before = server.received.length;
    const cached = client({
      middleware: [{ onRequest: () => Response.json({ method: "GET", url: "cached" }) }],
    });
    expect((await cached.search()).data.url).toBe("cached");
    expect(server.received.length).toBe(before);
    const recovering = client({
      baseUrl: "http://127.0.0.1:1",
      retry: false,
      middleware: [{ onError: () => Response.json({ method: "GET", url: "fallback" }) }],
    });
    expect((await recovering.search()).data.url).toBe("fallback");
  });
});

describe("validateResponses", () => {
  const replaceWith = (response: Response) => ({ onResponse: () => response });

  it("accepts responses that match the spec", async () => {
    const result = await client({ validateResponses: true }).listPets();
    expect(result.ok).toBe(true);
  });

  it("reports a body that breaks its schema, naming operation, status and pointer", async () => {
    const c = client({
      validateResponses: true,
      middleware: [replaceWith(Response.json([{ id: "x", name: "a", species: "b" }]))],
    });
    const error = await c.listPets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operationId: "listPets", status: 200, mediaType: "application/json" });
    expect((error as ResponseValidationError).errors).toContainEqual(
      expect.objectContaining({ pointer: "/0/id", keyword: "type" }),
    );
    expect((error as Error).message).toMatch(/listPets.*200.*\/0\/id/);
  });

  it("reports undeclared statuses and media types", async () => {
    const auth = { basicAuth: { username: "alice", password: "s3cr€t" } };
    const teapot = client({
      auth,
      validateResponses: true,
      middleware: [replaceWith(new Response("{}", { status: 418 }))],
    });
    await expect(teapot.getPetById({ path: { petId: 1 } })).rejects.toThrow(/status 418 is not declared/);
    const html = new Response("<p>hi</p>", { headers: { "content-type": "text/html" } });
    const wrongType = client({ auth, validateResponses: true, middleware: [replaceWith(html)] });
    await expect(wrongType.getPetById({ path: { petId: 1 } })).rejects.toThrow(
      /media type "text\/html" is not declared/,
    );
  });
});

describe("grouped by tag", () => {
  it("puts methods under their first tag", async () => {
    const c = groupedClient({ baseUrl: server.baseUrl });
    expect(c.listPets).toBeUndefined();
    expect((await c.pets.listPets()).status).toBe(200);
    expect((await c.misc.search({ query: { next: "g" } })).data.url).toBe("/v1/search?next=g");
    expect(typeof c.media.uploadPhoto).toBe("function");
  });
});

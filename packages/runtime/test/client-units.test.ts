/** Unit tables for the client runtime's pure parts: retry policy, bodies, auth choice, parsing, status keys. */
import { describe, expect, it } from "vitest";
import { applyAuth, chooseAlternative } from "../src/client/auth.js";
import { formUrlEncoded, serializeBody } from "../src/client/body.js";
import { parseResponseBody } from "../src/client/parse.js";
import { backoffDelay, delayForResponse, parseRetryAfter, retryPolicy } from "../src/client/retry.js";
import { declaredStatus } from "../src/client/validate.js";

describe("retry policy", () => {
  const policy = retryPolicy(undefined);

  it("defaults to 2 retries of idempotent methods on 408, 429 and 5xx except 501/505", () => {
    expect(policy.limit).toBe(2);
    expect([...policy.methods].sort()).toEqual(["delete", "get", "head", "options", "put", "trace"]);
    const retried = [400, 404, 408, 429, 500, 501, 502, 503, 504, 505, 599].filter((s) =>
      policy.retriesStatus(s),
    );
    expect(retried).toEqual([408, 429, 500, 502, 503, 504, 599]);
  });

  it("uses full jitter under an exponential cap", () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(policy, n, () => 0.999999))).toEqual([
      299, 599, 1199, 2399, 9999,
    ]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7000);
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")),
    ).toBe(5000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("waits for Retry-After up to maxRetryAfterMs, and not at all on other statuses", () => {
    const at = (status: number, retryAfter?: string) =>
      delayForResponse(
        policy,
        new Response(null, { status, headers: retryAfter ? { "retry-after": retryAfter } : {} }),
        0,
      );
    expect(at(503, "2")).toBe(2000);
    expect(at(429, "61")).toBeUndefined();
    expect(at(404)).toBeUndefined();
    expect(at(503)).toBeLessThan(300);
  });

  it("merges per-call options over the client's and can be switched off", () => {
    const merged = retryPolicy({ limit: 5 }, retryPolicy({ statuses: [418], baseDelayMs: 1 }));
    expect([merged.limit, merged.baseDelayMs, merged.retriesStatus(418), merged.retriesStatus(503)]).toEqual([
      5,
      1,
      true,
      false,
    ]);
    expect(retryPolicy(false).limit).toBe(0);
  });
});

describe("bodies", () => {
  it.each([
    ["application/json", { a: 1 }, '{"a":1}', "application/json"],
    ["application/vnd.api+json", [1], "[1]", "application/vnd.api+json"],
    ["text/plain", 42, "42", "text/plain"],
    ["*/*", { a: 1 }, '{"a":1}', "application/json"],
  ])("%s", (media, value, body, contentType) => {
    expect(serializeBody(media, value)).toEqual({ body, contentType, replayable: true });
  });

  it("passes wire bodies through and marks streams as not replayable", () => {
    const bytes = new Uint8Array([1]);
    expect(serializeBody("application/octet-stream", bytes).body).toBe(bytes);
    expect(serializeBody("application/octet-stream", new ReadableStream()).replayable).toBe(false);
  });

  it("form-encodes with the encoding object: style, explode, JSON content type", () => {
    expect(
      formUrlEncoded(
        { q: "a b", ids: [1, 2], f: { x: 1 }, meta: { k: "v" }, skip: undefined },
        {
          ids: { style: "spaceDelimited", explode: false },
          f: { style: "deepObject" },
          meta: { contentType: "application/json" },
        },
      ),
    ).toBe("q=a%20b&ids=1%202&f[x]=1&meta=%7B%22k%22%3A%22v%22%7D");
  });

  it("builds multipart parts: Blobs as is, arrays repeated, objects as JSON", async () => {
    const { body, contentType } = serializeBody("multipart/form-data", {
      file: new Blob(["xy"], { type: "image/png" }),
      tags: ["a", "b"],
      meta: { w: 1 },
      n: 3,
    });
    expect(contentType).toBeUndefined(); // fetch adds the boundary
    const form = body as FormData;
    expect(form.getAll("tags")).toEqual(["a", "b"]);
    expect(form.get("n")).toBe("3");
    expect((form.get("file") as Blob).type).toBe("image/png");
    const meta = form.get("meta") as Blob;
    expect([meta.type, await meta.text()]).toEqual(["application/json", '{"w":1}']);
  });
});

describe("auth", () => {
  it("picks the first fully configured alternative; {} means none is needed", () => {
    const alternatives = [["a", "b"], ["c"], []];
    expect(chooseAlternative(alternatives, { a: "1", c: "3" })).toEqual(["c"]);
    expect(chooseAlternative(alternatives, { a: "1", b: "2", c: "3" })).toEqual(["a", "b"]);
    expect(chooseAlternative(alternatives, { a: "1" })).toBeUndefined();
  });

  it("applies each scheme kind where it belongs", async () => {
    const target = { headers: {} as Record<string, string>, query: [] as string[], cookies: [] as string[] };
    await applyAuth(
      target,
      ["bearer", "key", "q", "c", "digest"],
      { bearer: () => Promise.resolve("t"), key: "k", q: "a b", c: "x;y", digest: "abc" },
      {
        bearer: { type: "openIdConnect" },
        key: { type: "apiKey", in: "header", name: "X-Key" },
        q: { type: "apiKey", in: "query", name: "api key" },
        c: { type: "apiKey", in: "cookie", name: "sid" },
        digest: { type: "http", scheme: "digest" },
      },
      "op",
    );
    expect(target).toEqual({
      headers: { authorization: "Digest abc", "x-key": "k" },
      query: ["api%20key=a%20b"],
      cookies: ["sid=x%3By"],
    });
  });
});

describe("response parsing", () => {
  const parse = (body: string | null, type: string | undefined, status = 200) =>
    parseResponseBody(
      // Bytes, so that Response adds no content type of its own.
      new Response(body === null ? null : new TextEncoder().encode(body), {
        status,
        headers: type ? { "content-type": type } : {},
      }),
      "auto",
      "get",
    );

  it.each([
    ['{"a":1}', "application/json; charset=utf-8", { a: 1 }],
    ['{"a":1}', "application/problem+json", { a: 1 }],
    ["", "application/json", undefined],
    ["hi", "text/plain", "hi"],
    ["<a/>", "application/xml", "<a/>"],
    ['{"a":1}', undefined, { a: 1 }],
    ["plain", undefined, "plain"],
  ])("%j as %s", async (body, type, want) => {
    expect(await parse(body, type)).toEqual(want);
  });

  it("returns Blobs for binary types and nothing for 204", async () => {
    expect(await parse("xx", "application/pdf")).toBeInstanceOf(Blob);
    expect(await parse(null, "application/json", 204)).toBeUndefined();
  });
});

describe("declared status keys", () => {
  it("prefers exact, then range, then default", () => {
    const responses = { "200": [], "4XX": [], default: [] };
    expect([200, 404, 500, 201].map((s) => declaredStatus(responses, s))).toEqual([
      "200",
      "4XX",
      "default",
      "default",
    ]);
    expect(declaredStatus({ "200": [] }, 500)).toBeUndefined();
  });
});

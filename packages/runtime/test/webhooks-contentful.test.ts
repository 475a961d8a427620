/**
 * Contentful's request verification, both ways against `@contentful/node-apps-toolkit`
 * (`signRequest`, `verifyRequest`): the canonical request over method, path, the signed headers
 * and the body, with its quirks (unsorted signed-header lists, extra headers signed, a query in the
 * path), and end to end through the receiver on 127.0.0.1.
 */
import { signRequest, verifyRequest } from "@contentful/node-apps-toolkit";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookSender } from "../src/sender/index.js";
import {
  contentfulPath,
  resolveSignatureScheme,
  signDelivery,
  type VerifyResult,
} from "../src/webhooks/index.js";
import { closeReceivers, oneWebhook, serveReceiver } from "./signed-receiver.js";

const SECRET = "aZbXcYdWeVfUgThSiRjQkPlOmNnMoLpKqJrIsHtGuFvEwDxCyBzA0123456789ab";
const BODY = JSON.stringify({
  sys: { type: "Entry", id: "5KsDBWseXY6QegucYAoacS" },
  fields: { title: { "en-US": "Zoë" } },
});
const URL_ = "https://hooks.example.com/contentful/entries?space=abc&env=master";
const PATH = "/contentful/entries?space=abc&env=master";
const reasonOf = (result: VerifyResult) => (result.ok ? "ok" : result.reason);

function verify(
  headers: Record<string, string>,
  options: { body?: string; url?: string; method?: string; secret?: string } = {},
) {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return resolveSignatureScheme("contentful", options.secret ?? SECRET).verify({
    headers: (name) => lower[name],
    body: new TextEncoder().encode(options.body ?? BODY),
    now: Date.now() / 1000,
    toleranceSeconds: 300,
    url: options.url ?? URL_,
    method: options.method ?? "POST",
  });
}

describe("contentful — @contentful/node-apps-toolkit", () => {
  it("what the toolkit signs passes ours, extra signed headers included", async () => {
    const plain = signRequest(SECRET, { method: "POST", path: PATH, body: BODY });
    expect(reasonOf(await verify(plain))).toBe("ok");
    const context = {
      "content-type": "application/json",
      "x-contentful-topic": "ContentManagement.Entry.publish",
    };
    const withHeaders = signRequest(SECRET, { method: "POST", path: PATH, headers: context, body: BODY });
    expect(withHeaders["x-contentful-signed-headers"]).toContain("x-contentful-topic");
    expect(reasonOf(await verify({ ...context, ...withHeaders }))).toBe("ok");
    // A signed header changed after signing fails, an unsigned one does not matter.
    expect(
      reasonOf(
        await verify({ ...context, ...withHeaders, "x-contentful-topic": "ContentManagement.Entry.delete" }),
      ),
    ).toBe("bad-signature");
    expect(reasonOf(await verify({ ...context, ...withHeaders, "x-other": "1" }))).toBe("ok");
    // The list of signed headers in another order: the toolkit sorts it again, and so do we.
    const reordered = {
      ...context,
      ...withHeaders,
      "x-contentful-signed-headers": withHeaders["x-contentful-signed-headers"]
        .split(",")
        .reverse()
        .join(","),
    };
    expect(verifyRequest(SECRET, { method: "POST", path: PATH, headers: reordered, body: BODY })).toBe(true);
    expect(reasonOf(await verify(reordered))).toBe("ok");
  });

  it("what we sign passes verifyRequest; a changed body, path, method or secret fails both", async () => {
    const { headers } = await signDelivery(resolveSignatureScheme("contentful", SECRET), {
      body: BODY,
      url: URL_,
    });
    const request = (over: Partial<{ method: "POST" | "PUT"; path: string; body: string }> = {}) => ({
      method: "POST" as const,
      path: PATH,
      headers,
      body: BODY,
      ...over,
    });
    expect(verifyRequest(SECRET, request())).toBe(true);
    expect(verifyRequest(SECRET, request({ body: `${BODY} ` }))).toBe(false);
    expect(verifyRequest(SECRET, request({ path: "/contentful/entries?space=xyz&env=master" }))).toBe(false);
    expect(verifyRequest(SECRET, request({ method: "PUT" }))).toBe(false);
    expect(verifyRequest(SECRET.replace("a", "b"), request())).toBe(false);
    expect(reasonOf(await verify(headers))).toBe("ok");
    expect(reasonOf(await verify(headers, { body: `${BODY} ` }))).toBe("bad-signature");
    expect(
      reasonOf(
        await verify(headers, { url: "https://hooks.example.com/contentful/entries?space=xyz&env=master" }),
      ),
    ).toBe("bad-signature");
    expect(reasonOf(await verify(headers, { method: "PUT" }))).toBe("bad-signature");
    expect(reasonOf(await verify(headers, { secret: SECRET.replace("a", "b") }))).toBe("bad-signature");
  });

  it("the path is written as the toolkit writes it: the query escaped whole, then URI-encoded", () => {
    expect(contentfulPath("/hooks")).toBe("/hooks");
    expect(contentfulPath("/hooks?a=1&b=x y")).toBe("/hooks?a%253D1%2526b%253Dx%2520y");
    expect(contentfulPath("/caf\u00e9")).toBe("/caf%C3%A9");
  });

  it("an old timestamp is refused by both; a missing or malformed header is refused", async () => {
    const old = signRequest(SECRET, { method: "POST", path: PATH, body: BODY }, Date.now() - 3_600_000);
    expect(() => verifyRequest(SECRET, { method: "POST", path: PATH, headers: old, body: BODY })).toThrow();
    expect(reasonOf(await verify(old))).toBe("stale-timestamp");
    const good = signRequest(SECRET, { method: "POST", path: PATH, body: BODY });
    const { "x-contentful-signature": _, ...unsigned } = good;
    expect(reasonOf(await verify(unsigned))).toBe("missing-signature");
    expect(reasonOf(await verify({ ...good, "x-contentful-signature": "abc" }))).toBe("malformed-signature");
    expect(reasonOf(await verify({ ...good, "x-contentful-timestamp": "soon" }))).toBe("malformed-signature");
    expect(reasonOf(await verify({ ...good, "x-contentful-signed-headers": "" }))).toBe(
      "malformed-signature",
    );
  });
});

afterEach(closeReceivers);

describe("contentful through the receiver", () => {
  it("our sender → our receiver, which checks the path the sender signed", async () => {
    const { url, handled } = await serveReceiver("entry", "contentful", SECRET);
    const sender = createWebhookSender<{ entry: unknown }>(oneWebhook("entry", "contentful"), {
      secret: SECRET,
      endpoints: `${url}?space=abc`,
      allowPrivateTargets: true,
    });
    expect(await sender.send("entry", JSON.parse(BODY))).toMatchObject({ ok: true, status: 200 });
    expect(handled).toHaveLength(1);
  });
});

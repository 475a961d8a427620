/**
 * `verifyPaths` pages through lists as their spec's pagination says, against a real node:http
 * server on 127.0.0.1 holding 7 things: a server that pages correctly gives no finding, and one
 * that ignores the cursor, hands back a cursor already used, or answers items that are not a list
 * gives the finding that names it, located at the operation's extension.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type LoadedSpec, loadSpecFromString } from "@contract/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyPaths } from "../src/index.js";

const SPEC = `openapi: 3.1.0
info: { title: things, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: cursor, in: query, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 3, default: 3 } }
      x-speakeasy-pagination:
        type: cursor
        inputs:
          - { name: cursor, in: parameters, type: cursor }
        outputs:
          nextCursor: $.next
          results: $.data
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                required: [data, next]
                properties:
                  data: { type: array, items: { type: string } }
                  next: { type: [string, "null"] }
  /pages:
    get:
      operationId: listPages
      parameters:
        - { name: page, in: query, schema: { type: integer, minimum: 1 } }
      x-fern-pagination:
        offset: $request.page
        results: $response.items
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: { type: array, items: { type: string } }
`;

const THINGS = ["a", "b", "c", "d", "e", "f", "g"];
type Mode = "good" | "stuck" | "loop" | "not-a-list";
let mode: Mode = "good";
const log: string[] = [];
let url = "";
let close: () => Promise<void>;
let spec: LoadedSpec;

beforeAll(async () => {
  spec = await loadSpecFromString(SPEC, { path: "/virtual/things.yaml" });
  const server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "/", "http://x");
    const q = target.searchParams;
    res.setHeader("content-type", "application/json");
    if (target.pathname === "/api/pages") {
      // Pages numbered from 1, 3 items each; past the end, an empty page.
      const page = Number(q.get("page") ?? "1");
      return res.end(JSON.stringify({ items: THINGS.slice((page - 1) * 3, page * 3) }));
    }
    const size = Number(q.get("limit") ?? "3");
    const cursor = q.get("cursor");
    const from = mode === "stuck" || cursor === null ? 0 : THINGS.indexOf(cursor) + 1;
    const data = THINGS.slice(from, from + size);
    const last = from + size >= THINGS.length;
    const next = mode === "loop" ? "c" : last ? null : (data.at(-1) ?? null);
    const items = mode === "not-a-list" && cursor !== null ? { first: data[0] } : data;
    res.end(JSON.stringify({ data: items, next }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});
afterAll(() => close?.());
beforeEach(() => {
  log.length = 0;
});

const run = (operations: string[]) =>
  verifyPaths(spec, { baseUrl: url, operations, samples: 1, negative: false, links: false, seed: 3 });
const rules = (report: Awaited<ReturnType<typeof run>>) =>
  report.findings.map((f) => `${f.rule} ${f.operation} ${f.specPointer}`);

describe("verifyPaths pages through lists as the spec says", () => {
  it("a server that pages correctly: first page without a cursor, then each page's next, no finding", async () => {
    mode = "good";
    const report = await run(["listThings", "listPages"]);
    expect(rules(report)).toEqual([]);
    const paged = log.filter((l) => l.startsWith("GET /api/things"));
    // The sample, then the first page (its synthesized cursor left out) and two pages after it.
    expect(paged.length).toBe(4);
    expect(paged[1]).not.toContain("cursor=");
    expect(paged[2]).toMatch(/cursor=[a-g]/);
    expect(log).toEqual(expect.arrayContaining(["GET /api/pages?page=2", "GET /api/pages?page=3"]));
  });

  it("a server that ignores the cursor: pagination-stuck, at the operation's extension", async () => {
    mode = "stuck";
    const report = await run(["listThings"]);
    expect(rules(report)).toEqual(["pagination-stuck listThings /paths/~1things/get/x-speakeasy-pagination"]);
    expect(report.findings[0]?.message).toMatch(/page 2 has the same \d item\(s\) as page 1/);
    expect(report.findings[0]?.specLocation).toMatchObject({ file: "/virtual/things.yaml", line: 10 });
    expect(report.findings[0]?.request?.url).toMatch(/cursor=/);
  });

  it("a server that hands back a cursor already used: pagination-loop", async () => {
    mode = "loop";
    const report = await run(["listThings"]);
    expect(rules(report)).toEqual(["pagination-loop listThings /paths/~1things/get/x-speakeasy-pagination"]);
    expect(report.findings[0]?.message).toMatch(/the next cursor "c" was already used/);
  });

  it("items that are not a list: the schema finding and pagination-unreadable", async () => {
    mode = "not-a-list";
    const report = await run(["listThings"]);
    expect(rules(report)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^response-schema listThings /),
        "pagination-unreadable listThings /paths/~1things/get/x-speakeasy-pagination",
      ]),
    );
  });

  it("pagination: false sends no page past the sample", async () => {
    mode = "stuck";
    const report = await verifyPaths(spec, {
      baseUrl: url,
      operations: ["listThings"],
      samples: 1,
      negative: false,
      links: false,
      pagination: false,
    });
    expect(report.findings).toEqual([]);
    expect(log).toHaveLength(1);
  });
});

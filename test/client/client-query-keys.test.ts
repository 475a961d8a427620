/**
 * Path keys with a query string (fixtures/query-keys.yaml): the spec generates, the client compiles
 * under strict tsc with every variable of a query part typed as a required path parameter, sends the
 * key as written with those variables filled, `contract mock` routes each request to the key whose
 * query pairs it holds, and `contract verify` checks every operation against that mock.
 */
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { loadSpec } from "@contract/core";
import { createMock, type RunningMock, serveMock } from "@contract/mock";
import { verifyPaths } from "@contract/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GeneratedClient, generateInto, typecheck } from "./helpers/generate.js";
import { fixturesDir } from "./helpers/paths.js";

type AnyClient = Record<string, (args?: unknown) => Promise<{ ok: boolean; status: number; data: any }>>;
let generated: GeneratedClient;
let createClient: (options: Record<string, unknown>) => AnyClient;

beforeAll(async () => {
  generated = await generateInto("query-keys", path.join(fixturesDir, "query-keys.yaml"), {
    withAjvValidators: true,
  });
  ({ createClient } = await import(pathToFileURL(path.join(generated.dir, "client.ts")).href));
});

describe("path keys with a query string", () => {
  it("types every variable of a query part as a required path parameter (strict tsc)", async () => {
    await writeFile(
      path.join(generated.dir, "usage.ts"),
      [
        'import { createClient } from "./client.js";',
        "const api = createClient();",
        'await api.searchArticles({ path: { query: "x" }, query: { limit: 2 } });',
        'await api.latestIcons({ path: { term: "cat", amount: 3 } });',
        'await api.getReport({ path: { id: "r1" } });',
        "await api.listReports();",
        "// @ts-expect-error `term` is declared nowhere in the spec and is still required",
        "await api.latestIcons({ path: { amount: 3 } });",
        "// @ts-expect-error `query` fills the key: it is no query parameter any more",
        'await api.searchArticles({ path: { query: "x" }, query: { query: "x" } });',
        "",
      ].join("\n"),
    );
    const result = await typecheck(generated.dir, ["client.ts", "usage.ts"]);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });

  describe("on the wire", () => {
    let server: Server;
    const urls: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        urls.push(req.url ?? "");
        res.writeHead(200, { "content-type": "application/json" }).end('{"count":1}');
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("sends the key as written, its variables filled and encoded, other query parameters after", async () => {
      const { port } = server.address() as AddressInfo;
      const api = createClient({ baseUrl: `http://127.0.0.1:${port}/api` });
      await api.searchArticles!({ path: { query: "a b&c=d" }, query: { limit: 2 } });
      await api.latestIcons!({ path: { term: "cat?", amount: 3 } });
      await api.listReports!();
      await api.getReport!({ path: { id: "r7" } });
      expect(urls).toEqual([
        "/api/search/articles?query=a%20b%26c%3Dd&limit=2",
        "/api/icons?term=cat%3F&amount=3",
        "/api/reports?action=list",
        "/api/reports?action=get&id=r7",
      ]);
    });
  });

  describe("contract mock", () => {
    let running: RunningMock;
    beforeAll(async () => {
      running = await serveMock(createMock(generated.ir, { seed: 3 }));
    });
    afterAll(() => running?.close());

    it("answers every operation called through the client, with responses that validate", async () => {
      const api = createClient({ baseUrl: `${running.url}/api`, validateResponses: true, retry: false });
      const calls: Array<[string, unknown]> = [
        ["searchArticles", { path: { query: "tea" } }],
        ["latestIcons", { path: { term: "cat", amount: 2 } }],
        ["faxHistorySince", { path: { date_from: "2026-01-02" } }],
        ["faxHistory", undefined],
        ["listReports", undefined],
        ["getReport", { path: { id: "r12" } }],
      ];
      for (const [name, args] of calls) {
        const result = await api[name]!(args);
        expect({ name, ok: result.ok, status: result.status }).toEqual({ name, ok: true, status: 200 });
      }
    });

    it("routes by the query pairs a key writes: the most pairs matched wins, a key without any last", async () => {
      const get = async (url: string) => {
        const response = await fetch(`${running.url}${url}`);
        return { status: response.status, body: await response.json() };
      };
      expect((await get("/api/fax/history?date_from=2026-01-02")).body).toEqual({ since: "since" });
      expect((await get("/api/fax/history")).body).toEqual({ all: true });
      expect((await get("/api/fax/history?other=1")).body).toEqual({ all: true });
      expect(Array.isArray((await get("/api/reports?action=list")).body)).toBe(true);
      expect((await get("/api/reports?id=r5&action=get")).body).toMatchObject({ id: expect.any(String) });
      // The query pairs a key writes are part of its path: without them, no key matches.
      expect((await get("/api/reports")).status).toBe(404);
      expect((await get("/api/reports?action=delete")).status).toBe(404);
    });

    it("passes `verify`: valid requests answered as declared, invalid ones refused", async () => {
      const loaded = await loadSpec(path.join(fixturesDir, "query-keys.yaml"));
      const report = await verifyPaths(loaded, { baseUrl: `${running.url}/api`, seed: 5, concurrency: 1 });
      expect(report.findings).toEqual([]);
      expect(report.skipped).toEqual([]);
      expect(report.checked).toHaveLength(6);
    });

    it("checks a variable of the query part against its parameter's schema", async () => {
      const response = await fetch(`${running.url}/api/reports?action=get&id=nope`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("id");
    });
  });
});

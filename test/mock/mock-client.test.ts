/**
 * The generated client, with `validateResponses` on, calls every operation of several contracts
 * against `contract mock` served on 127.0.0.1: every answer must be a declared 2xx whose body passes
 * the contract's validators, and every request built from the contract must be accepted.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { nameOperations } from "@contract/codegen";
import { createMock, PROBLEM_HEADER, type RunningMock, serveMock } from "@contract/mock";
import { paginate, paginateItems } from "@contract/runtime/client";
import { FERRIES, fixture } from "@contract/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GeneratedClient, generateInto } from "../client/helpers/generate.js";
import { repoRoot } from "../client/helpers/paths.js";
import { credentialsFor, validArgsFactory } from "./helpers/valid-args.js";

const cases: { name: string; spec: string; unsatisfiable?: string[] }[] = [
  { name: "shop", spec: path.join(repoRoot, "examples/shop/openapi.yaml") },
  { name: "ferries", spec: fixture(FERRIES) },
  { name: "museum", spec: fixture("redocly-museum/openapi.yaml") },
  { name: "listennotes", spec: fixture("apis-guru/listennotes.com.json") },
  { name: "spotify", spec: fixture("apis-guru/spotify.com.json") },
  {
    name: "vercel",
    spec: fixture("apis-guru/vercel.com.json"),
    // These answers hold a property whose schema is `type: "null"` next to a `oneOf` of non-null
    // types (EdgeConfigItemValue, gitAccount.namespaceId): no value passes it, and the mock says so.
    unsatisfiable: [
      "GET /v1/edge-config/{edgeConfigId}/item/{edgeConfigItemKey}: /value must be string",
      "GET /v1/edge-config/{edgeConfigId}/items: /value must be string",
      "GET /v1/integrations/search-repo: /gitAccount/namespaceId must be string",
    ],
  },
  { name: "discourse", spec: fixture("apis-guru/discourse.local.json") },
  // Path keys with a query string: Medium's variables are `in: query`, Icons8's `in: path` or undeclared.
  { name: "medium", spec: fixture("apis-guru/medium.com.json") },
  { name: "icons8", spec: fixture("apis-guru/icons8.com.json") },
];

for (const c of cases) {
  describe(`contract mock of ${path.basename(path.dirname(c.spec))}/${path.basename(c.spec)}`, () => {
    let running: RunningMock;
    let generated: GeneratedClient;
    let createClient: (options: Record<string, unknown>) => Record<string, (args: unknown) => Promise<any>>;

    beforeAll(async () => {
      generated = await generateInto(`mock-${c.name}`, c.spec, { withAjvValidators: true });
      running = await serveMock(createMock(generated.ir, { seed: 7 }));
      ({ createClient } = await import(pathToFileURL(path.join(generated.dir, "client.ts")).href));
    });
    afterAll(async () => {
      await running?.close();
    });

    it("answers every operation with a declared 2xx that validates", async () => {
      const client = createClient({
        baseUrl: running.url,
        auth: credentialsFor(generated.ir),
        validateResponses: true,
        retry: false,
      });
      const argsFor = validArgsFactory(generated.ir);
      const named = nameOperations(generated.ir.operations, false);
      expect(named.length).toBeGreaterThanOrEqual(3);
      const failures: string[] = [];
      const flagged: string[] = [];
      for (const { name, op } of named) {
        const label = `${op.method.toUpperCase()} ${op.path}`;
        // The mock's default answer is the lowest declared 2xx; only operations declaring none get another status.
        const declaresSuccess = op.responses.some((r) => /^2/.test(r.status) || r.status === "default");
        try {
          const result = await (client[name] as (args: unknown) => Promise<any>)(argsFor(op));
          if (declaresSuccess && !(result.status >= 200 && result.status < 300))
            failures.push(`${label} → ${result.status} ${JSON.stringify(result.error)}`);
        } catch (error) {
          const e = error as Error & { errors?: unknown; response?: Response };
          const problem = e.response?.headers.get(PROBLEM_HEADER);
          // A schema no value satisfies: the mock cannot answer validly, and must say so in its answer.
          if (e.name === "ResponseValidationError" && problem) flagged.push(`${label}: ${problem}`);
          else failures.push(`${label} → threw ${e.name}: ${e.message} ${JSON.stringify(e.errors ?? "")}`);
        }
      }
      expect(flagged).toEqual(c.unsatisfiable ?? []);
      expect(failures).toEqual([]);
    });

    it("is caught by the client's validation once an answer is tampered with", async () => {
      const named = nameOperations(generated.ir.operations, false);
      const target = named.find(({ op }) =>
        op.responses.some((r) => r.status.startsWith("2") && r.content.some((m) => m.schemaPointer)),
      );
      expect(target).toBeDefined();
      const { name, op } = target as (typeof named)[number];
      const tampering = createClient({
        baseUrl: running.url,
        auth: credentialsFor(generated.ir),
        validateResponses: true,
        retry: false,
        middleware: [{ onResponse: () => Response.json(12345, { status: 200 }) }],
      });
      await expect(
        (tampering[name] as (args: unknown) => Promise<unknown>)(validArgsFactory(generated.ir)(op)),
      ).rejects.toMatchObject({ name: "ResponseValidationError" });
    });
  });
}

describe("contract mock pages a list as the spec's pagination says", () => {
  let running: RunningMock;
  let generated: GeneratedClient;
  let createClient: (options: Record<string, unknown>) => Record<string, (args?: unknown) => Promise<any>>;

  beforeAll(async () => {
    generated = await generateInto("mock-shop-pages", path.join(repoRoot, "examples/shop/openapi.yaml"), {});
    running = await serveMock(createMock(generated.ir, { seed: 7 }));
    ({ createClient } = await import(pathToFileURL(path.join(generated.dir, "client.ts")).href));
  });
  afterAll(async () => {
    await running?.close();
  });

  it("the shop's listOrders: a first page that points at a next one, and that next one the last", async () => {
    const client = createClient({
      baseUrl: running.url,
      auth: credentialsFor(generated.ir),
      validateResponses: false,
      retry: false,
    });
    const pages: Array<{ data: unknown[]; next_cursor: string | null }> = [];
    for await (const page of paginate(client.listOrders as never, {} as never))
      pages.push((page as { data: { data: unknown[]; next_cursor: string | null } }).data);
    expect(pages).toHaveLength(2);
    expect(pages[0]?.data.length).toBeGreaterThan(0);
    expect(typeof pages[0]?.next_cursor).toBe("string");
    expect(pages[1]).toEqual({ ...pages[1], data: [], next_cursor: null });
    const items: unknown[] = [];
    for await (const order of paginateItems(client.listOrders as never, {} as never)) items.push(order);
    expect(items).toEqual(pages[0]?.data);
  });
});

describe("contract mock pages a list whose spec links the next page by URL", () => {
  let running: RunningMock;
  let createClient: (options: Record<string, unknown>) => Record<string, (args?: unknown) => Promise<any>>;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "contract-mock-url-pages-"));
    const spec = path.join(dir, "openapi.yaml");
    await writeFile(
      spec,
      [
        "openapi: 3.1.0",
        "info: { title: Events, version: '1' }",
        "paths:",
        "  /events:",
        "    get:",
        "      operationId: listEvents",
        "      parameters: [{ name: limit, in: query, schema: { type: integer, default: 2 } }]",
        "      x-speakeasy-pagination: { type: url, outputs: { nextUrl: $.links.next, results: $.items } }",
        "      responses:",
        "        '200':",
        "          description: A page of events",
        "          content:",
        "            application/json:",
        "              schema:",
        "                type: object",
        "                required: [items, links]",
        "                properties:",
        "                  items: { type: array, items: { type: object, properties: { id: { type: string } } } }",
        "                  links: { type: object, required: [next], properties: { next: { type: [string, 'null'], format: uri } } }",
        "              example: { items: [{ id: ev_1 }, { id: ev_2 }], links: { next: null } }",
      ].join("\n"),
    );
    const generated = await generateInto("mock-url-pages", spec, {});
    running = await serveMock(createMock(generated.ir, { seed: 7 }));
    ({ createClient } = await import(pathToFileURL(path.join(generated.dir, "client.ts")).href));
  });
  afterAll(async () => {
    await running?.close();
  });

  it("the first page links to a second on the mock, which is the last", async () => {
    const client = createClient({ baseUrl: running.url, retry: false, validateResponses: false });
    const pages: Array<{ items: unknown[]; links: { next: string | null } }> = [];
    for await (const page of paginate(client.listEvents as never, {} as never))
      pages.push((page as { data: { items: unknown[]; links: { next: string | null } } }).data);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toEqual({
      items: [{ id: "ev_1" }, { id: "ev_2" }],
      links: { next: expect.stringMatching(/contract-mock-page=2/) },
    });
    expect(new URL(pages[0]?.links.next ?? "").origin).toBe(new URL(running.url).origin);
    expect(pages[1]).toEqual({ items: [], links: { next: null } });
  });
});

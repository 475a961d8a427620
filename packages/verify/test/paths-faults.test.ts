import { type LoadedSpec, loadSpecFromString } from "@contract/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Finding, type VerifyPathsOptions, verifyPaths } from "../src/index.js";
import { type ItemsServer, startItemsServer } from "./items-server.js";
import { ITEMS_SPEC } from "./items-spec.js";

let spec: LoadedSpec;
let server: ItemsServer;
let elsewhere: ItemsServer;

beforeAll(async () => {
  spec = await loadSpecFromString(ITEMS_SPEC, { path: "/virtual/items.yaml" });
  server = await startItemsServer();
  elsewhere = await startItemsServer();
  server.redirectTo = elsewhere.url;
});
afterAll(async () => {
  await Promise.all([server?.close(), elsewhere?.close()]);
});
beforeEach(() => {
  server.fault = "none";
  server.log.length = 0;
  elsewhere.log.length = 0;
});

const run = (options: Partial<VerifyPathsOptions> = {}) =>
  verifyPaths(spec, { baseUrl: server.url, seed: 7, concurrency: 2, ...options });
const summary = (findings: Finding[]) =>
  findings.map((f) => ({
    rule: f.rule,
    operation: f.operation,
    status: f.status,
    instancePointer: f.instancePointer,
    specPointer: f.specPointer,
  }));

describe("verifyPaths against a provider that keeps its contract", () => {
  it("finds nothing, covers every operation and follows the links with the created id", async () => {
    const report = await run();
    expect(summary(report.findings), JSON.stringify(report.findings.map((f) => f.request))).toEqual([]);
    expect(report.checked).toEqual(["addNote", "createItem", "deleteItem", "getItem", "health", "listItems"]);
    // The multipart bodies arrived as fields the server could read (a 400 would pass unnoticed).
    expect(server.notes.length).toBeGreaterThan(0);
    expect(server.notes.every((n) => n.length > 0)).toBe(true);
    expect(report.exchanges).toBe(server.log.length);
    // createItem's 201 links to getItem then deleteItem with the id from the body; three creates.
    for (const id of ["it_9000001", "it_9000002", "it_9000003"]) {
      const get = server.log.indexOf(`GET /api/items/${id}`);
      expect(get).toBeGreaterThan(-1);
      expect(server.log.indexOf(`DELETE /api/items/${id}`)).toBeGreaterThan(get);
    }
    // Negative cases reached the server: the create without a required property, list without limit.
    expect(server.log).toContain("GET /api/items");
  });
});

describe("verifyPaths against injected faults", () => {
  it("a missing required response field: response-schema at the object, pointing at `required`", async () => {
    server.fault = "missing-field";
    const report = await run({ operations: ["createItem"], links: false });
    const found = summary(report.findings);
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f).toEqual({
        rule: "response-schema",
        operation: "createItem",
        status: 201,
        instancePointer: "",
        specPointer: "/components/schemas/Item/required",
      });
    }
    expect(report.findings[0]?.message).toBe('missing required property "name"');
    // The loader's source map places the pointer in the spec text (Item's `required:` line).
    const line =
      ITEMS_SPEC.split("\n").findIndex((l) => l.includes("required: [id, name, quantity, secret]")) + 1;
    expect(report.findings[0]?.specLocation).toMatchObject({ file: "/virtual/items.yaml", line });
  });

  it("an undeclared status", async () => {
    server.fault = "undeclared-status";
    const report = await run({ operations: ["health"] });
    expect(summary(report.findings)[0]).toEqual({
      rule: "undeclared-status",
      operation: "health",
      status: 202,
      instancePointer: undefined,
      specPointer: "/paths/~1health/get/responses",
    });
  });

  it("a wrong content type", async () => {
    server.fault = "wrong-content-type";
    const report = await run({ operations: ["health"] });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(summary(report.findings).map((f) => `${f.rule} ${f.specPointer}`))).toEqual(
      new Set(["wrong-content-type /paths/~1health/get/responses/200/content"]),
    );
  });

  it("a 2xx to invalid requests: accepted-invalid-request, pointing at the rule that was broken", async () => {
    server.fault = "accepts-invalid";
    const report = await run({ tags: ["items"], links: false });
    const accepted = report.findings.filter((f) => f.rule === "accepted-invalid-request");
    const pointers = new Set(accepted.map((f) => `${f.operation} ${f.specPointer}`));
    expect(pointers).toContain("createItem /components/schemas/NewItem/required");
    expect(pointers).toContain("createItem /components/schemas/NewItem/properties/name/type");
    expect(pointers).toContain("listItems /paths/~1items/get/parameters/0/required");
    expect(pointers).toContain("listItems /paths/~1items/get/parameters/1/required");
    // `?limit=not-a-number` where an integer is declared.
    expect(pointers).toContain("listItems /paths/~1items/get/parameters/0/schema/type");
    expect(pointers).toContain(
      "addNote /paths/~1notes/post/requestBody/content/multipart~1form-data/schema/required",
    );
    for (const f of accepted) {
      expect(f.status).toBeGreaterThanOrEqual(200);
      expect(f.status).toBeLessThan(300);
      expect(f.request?.curl).toMatch(/^curl -sS -X (POST|GET) /);
    }
    expect(report.findings.filter((f) => f.rule !== "accepted-invalid-request")).toEqual([]);
  });

  it("a missing required response header", async () => {
    server.fault = "missing-header";
    const report = await run({ operations: ["health"] });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(summary(report.findings).map((f) => `${f.rule} ${f.status} ${f.specPointer}`))).toEqual(
      new Set(["missing-response-header 200 /paths/~1health/get/responses/200/headers/X-Request-Id"]),
    );
  });

  it("a response header whose value breaks its schema: invalid-response-header at the failing keyword", async () => {
    server.fault = "bad-header-value";
    const report = await run({ operations: ["health"] });
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(summary(report.findings).map((f) => `${f.rule} ${f.status} ${f.specPointer}`))).toEqual(
      new Set([
        "invalid-response-header 200 /paths/~1health/get/responses/200/headers/X-Rate-Limit/schema/type",
      ]),
    );
    expect(report.findings[0]?.message).toMatch(/^response header X-Rate-Limit: "abc" /);
    const line =
      ITEMS_SPEC.split("\n").findIndex((l) => l.includes("schema: { type: integer, minimum: 0 }")) + 1;
    expect(report.findings[0]?.specLocation).toMatchObject({ file: "/virtual/items.yaml", line });
  });

  it("no answer before --timeout is a no-response finding, not an unreachable provider", async () => {
    server.fault = "hang";
    const report = await run({ operations: ["health"], timeoutMs: 100, samples: 1 });
    expect(summary(report.findings)).toEqual([
      {
        rule: "no-response",
        operation: "health",
        status: undefined,
        instancePointer: undefined,
        specPointer: "/paths/~1health/get",
      },
    ]);
    expect(report.findings[0]?.message).toBe("no answer before the timeout");
  });

  it("a required header the user sends with every request is not left out as a negative case", async () => {
    server.fault = "accepts-invalid";
    const report = await run({ operations: ["listItems"], headers: { "x-tenant": "t1" } });
    const pointers = report.findings.map((f) => f.specPointer);
    expect(pointers).toContain("/paths/~1items/get/parameters/0/required");
    expect(pointers).not.toContain("/paths/~1items/get/parameters/1/required");
    expect(server.log.length).toBeGreaterThan(0);
  });

  it("an answer larger than maxResponseBytes is not read", async () => {
    server.fault = "huge";
    const report = await run({ operations: ["health"], maxResponseBytes: 1024, samples: 1 });
    expect(new Set(report.findings.map((f) => `${f.rule}: ${f.message}`))).toEqual(
      new Set(["response-too-large: the answer is larger than 1024 bytes"]),
    );
  });

  it("a 5xx is a server-error", async () => {
    server.fault = "delete-crashes";
    const report = await run({ operations: ["deleteItem"] });
    const rules = new Set(report.findings.map((f) => f.rule));
    expect(rules).toEqual(new Set(["server-error", "undeclared-status"]));
    expect(report.findings.every((f) => f.status === 500)).toBe(true);
  });

  it("a redirect to another host is not followed", async () => {
    server.fault = "redirect-elsewhere";
    const report = await run({ operations: ["health"] });
    expect(elsewhere.log).toEqual([]);
    expect(server.log.length).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({ rule: "undeclared-status", status: 302 });
  });
});

describe("verifyPaths bounds and filters", () => {
  it("sends no more than --max-requests and says what it left out", async () => {
    const report = await run({ maxRequests: 3 });
    expect(server.log).toHaveLength(3);
    expect(report.exchanges).toBe(3);
    expect(report.skipped.some((s) => s.operation === "(run)" && s.reason.includes("--max-requests 3"))).toBe(
      true,
    );
  });

  it("filters by operationId, tag and path, and lists the rest as skipped", async () => {
    const byOperation = await run({ operations: ["health"] });
    expect(byOperation.checked).toEqual(["health"]);
    expect(byOperation.skipped.map((s) => s.operation).sort()).toEqual([
      "addNote",
      "createItem",
      "deleteItem",
      "getItem",
      "listItems",
    ]);
    expect(server.log.every((l) => l.startsWith("GET /api/health"))).toBe(true);

    const byTag = await run({ tags: ["health"] });
    expect(byTag.checked).toEqual(["health"]);
    const byPath = await run({ paths: ["/items/{itemId}"], links: false });
    expect(byPath.checked).toEqual(["deleteItem", "getItem"]);
  });

  it("the same seed sends the same requests", async () => {
    await run({ operations: ["listItems"], negative: false });
    const first = [...server.log];
    server.log.length = 0;
    await run({ operations: ["listItems"], negative: false });
    expect(server.log).toEqual(first);
  });

  it("refuses to run when nothing answers at the base URL", async () => {
    const closed = await startItemsServer();
    const url = closed.url;
    await closed.close();
    await expect(verifyPaths(spec, { baseUrl: url, operations: ["health"] })).rejects.toThrow(
      /nothing answered/,
    );
  });
});

/**
 * Every real spec of the test fixtures loads without error diagnostics; every 3.0 one comes out
 * with 3.1 semantics (no `nullable`, no boolean `exclusiveMinimum/Maximum`, no `x-webhooks`).
 */
import { FERRIES, fixture, fixturesIn, GITHUB, oasSchemaTests } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../src/load/index.js";
import { errors } from "./support/load-helpers.js";

const realSpecs = [
  ...fixturesIn("apis-guru"),
  FERRIES,
  GITHUB.webhooksPrevious,
  GITHUB.webhooks,
  ...fixturesIn("oai/examples/v3.0"),
  ...fixturesIn("oai/examples/v3.1"),
  ...fixturesIn("oai/examples/v3.2"),
  ...oasSchemaTests("pass"),
  "redocly-museum/openapi.yaml",
];

type Obj = Record<string, unknown>;

/**
 * Every 3.0-only keyword left, found by a plain walk that skips example/default/enum data and
 * extensions (`x-` content is opaque to OpenAPI: GitHub keeps 3.0 schema patches in one).
 */
function leftovers(document: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${path}/${i}`);
      return;
    }
    for (const [key, value] of Object.entries(node as Obj)) {
      if (key === "example" || key === "examples" || key === "default" || key === "enum" || key === "const")
        continue;
      if (key.startsWith("x-") && key !== "x-webhooks") continue;
      // A keyword holds a boolean; a property *named* nullable holds a schema object.
      if (
        (key === "nullable" || key === "exclusiveMinimum" || key === "exclusiveMaximum") &&
        typeof value === "boolean"
      ) {
        found.push(`${path}/${key}`);
      }
      walk(value, `${path}/${key}`);
    }
  };
  walk(document, "");
  return found;
}

describe("real specs", () => {
  it("an OAI schema-test fixture with a deliberately unreachable remote ref gets a warning, not an error", async () => {
    const spec = await loadSpec(fixture("oai/schema-tests/pass/security-scheme-object-examples.yaml"));
    expect(spec.diagnostics).toMatchObject([
      {
        severity: "warning",
        code: "remote-ref-refused",
        pointer: "/components/securitySchemes/external/$ref",
      },
    ]);
  });

  it.each(realSpecs)("%s loads without error diagnostics", async (file) => {
    const spec = await loadSpec(fixture(file));
    expect(errors(spec.diagnostics)).toEqual([]);
    expect(spec.document.openapi).toMatch(/^3\.1\.\d+$/);
    if (spec.sourceVersion.startsWith("3.0")) {
      expect(leftovers(spec.document)).toEqual([]);
      // Only extensions of the x-webhooks map itself (`x-...` keys) may stay behind.
      const legacy = Object.keys((spec.document["x-webhooks"] as object | undefined) ?? {});
      expect(legacy.filter((k) => !k.startsWith("x-"))).toEqual([]);
      expect(spec.diagnostics.filter((d) => d.code === "upgraded-from-3.0")).toHaveLength(1);
    }
  });

  it.each(oasSchemaTests("fail"))("%s (invalid by design) still loads", async (file) => {
    const spec = await loadSpec(fixture(file));
    expect(spec.document.openapi).toMatch(/^3\.1\./);
  });

  it("the ferries spec keeps its Markdown x-topics ref with an info", async () => {
    const spec = await loadSpec(fixture(FERRIES));
    expect(spec.diagnostics.filter((d) => d.code === "non-spec-ref")).toHaveLength(1);
  });

  it("3.0 specs had the keywords the upgrade removes (the check above is not vacuous)", async () => {
    const { readFile } = await import("node:fs/promises");
    for (const file of ["apis-guru/apideck.com_crm.json", "apis-guru/spotify.com.json"]) {
      const raw = JSON.parse(await readFile(fixture(file), "utf8"));
      expect(leftovers(raw).length, file).toBeGreaterThan(0);
    }
  });

  it("codat (3.1 with nullable) gets one warning and its nullable keywords are read as 3.0's", async () => {
    const spec = await loadSpec(fixture("apis-guru/codat.io_assess.json"));
    const warnings = spec.diagnostics.filter((d) => d.code === "nullable-in-3.1");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.location?.file).toBe(fixture("apis-guru/codat.io_assess.json"));
    expect(JSON.stringify(spec.document)).not.toContain('"nullable":');
  });

  it("apideck: x-webhooks become webhooks, the map's own extension stays an extension", async () => {
    const spec = await loadSpec(fixture("apis-guru/apideck.com_crm.json"));
    expect(Object.keys(spec.document.webhooks ?? {})).toHaveLength(18);
    expect(spec.document["x-webhooks"]).toEqual({ "x-sdk-exclude": true });
  });

  it("the GitHub REST spec (3.0.3, 12 MB) is upgraded fully and located lazily", async () => {
    const entry = fixture(GITHUB.rest);
    const spec = await loadSpec(entry);
    expect(errors(spec.diagnostics)).toEqual([]);
    expect(spec.sourceVersion).toBe("3.0.3");
    expect(leftovers(spec.document)).toEqual([]);
    expect(Object.keys(spec.document.webhooks ?? {}).length).toBeGreaterThan(250);
    expect(spec.document["x-webhooks"]).toBeUndefined();
    const location = spec.locate("/paths/~1repos~1{owner}~1{repo}/get/operationId");
    const text = spec.sourceText(entry) ?? "";
    expect(text.slice(location?.offset, location?.endOffset)).toBe('"operationId": "repos/get"');
    expect(location?.file).toBe(entry);
  });
});

/**
 * Diff compares meaning, not spelling: the same contract written differently (YAML instead of JSON,
 * keys in another order, a component inlined, 3.0 spellings of nullability) has no changes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffSpecs, loadSpec } from "@contract/core";
import { fixture } from "@contract/test-fixtures";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diff, PLACES } from "./diff-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "contract-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every object's keys in reverse order, recursively. */
function reverseKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((k) => [k, reverseKeys(value[k]!)]),
  );
}

/** Refs to `#/components/schemas/<name>` reachable from `value`. */
function refsIn(value: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object") {
    const ref = value.$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) out.add(ref.slice(21));
    for (const v of Object.values(value)) refsIn(v, out);
  }
  return out;
}

/** A component used at least twice through bare `$ref`s, not on a cycle: safe to inline. */
function inlinable(doc: { components: { schemas: Record<string, Json> } } & Record<string, Json>): string {
  const schemas = doc.components.schemas;
  const reaches = (from: string, target: string, seen = new Set<string>()): boolean => {
    for (const next of refsIn(schemas[from] ?? null)) {
      if (next === target) return true;
      if (!seen.has(next)) {
        seen.add(next);
        if (reaches(next, target, seen)) return true;
      }
    }
    return false;
  };
  const text = JSON.stringify(doc);
  for (const name of Object.keys(schemas)) {
    const bare = text.split(`{"$ref":"#/components/schemas/${name}"}`).length - 1;
    const all = text.split(`"#/components/schemas/${name}"`).length - 1;
    if (bare >= 2 && bare === all && !reaches(name, name)) return name;
  }
  throw new Error("no component to inline");
}

function inline(value: Json, name: string, schema: Json): Json {
  if (Array.isArray(value)) return value.map((v) => inline(v, name, schema));
  if (value === null || typeof value !== "object") return value;
  if (value.$ref === `#/components/schemas/${name}` && Object.keys(value).length === 1)
    return structuredClone(schema);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, name, schema)]));
}

describe.each([
  "apis-guru/codat.io_assess.json",
  "apis-guru/vercel.com.json",
  // OpenAPI 3.0.3: nullable, discriminators, allOf; the copy is written from the upgraded document.
  "apis-guru/spotify.com.json",
  "oai/examples/v3.1/tictactoe.yaml",
])("%s against a reformatted copy", (file) => {
  it("finds no change against itself", async () => {
    const spec = await loadSpec(fixture(file));
    const copy = await loadSpec(fixture(file));
    expect(diffSpecs(spec, copy).changes).toEqual([]);
  });

  it("finds no change against YAML with reordered keys and a component inlined", async () => {
    const base = await loadSpec(fixture(file));
    const doc = JSON.parse(JSON.stringify(base.document)) as Parameters<typeof inlinable>[0];
    const name = inlinable(doc);
    const target = doc.components.schemas[name]!;
    const rewritten = inline(doc, name, target) as typeof doc;
    delete rewritten.components.schemas[name];
    const path = join(dir, `${file.replaceAll("/", "_")}.yaml`);
    writeFileSync(path, stringify(reverseKeys(rewritten), { aliasDuplicateObjects: false }));
    expect(readFileSync(path, "utf8")).not.toContain(`#/components/schemas/${name}"`);
    const head = await loadSpec(path);
    expect(diffSpecs(base, head).changes).toEqual([]);
  });
});

describe("3.0 and 3.1 spellings of the same schema", () => {
  const pairs: Array<[string, unknown, unknown]> = [
    ["nullable: true vs type array", { type: "string", nullable: true }, { type: ["string", "null"] }],
    [
      "nullable allOf wrapper vs anyOf with null",
      { nullable: true, allOf: [{ type: "object", properties: { a: { type: "string" } } }] },
      { anyOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "null" }] },
    ],
    [
      "boolean exclusiveMaximum vs numeric",
      { type: "number", maximum: 5, exclusiveMaximum: true },
      { type: "number", exclusiveMaximum: 5 },
    ],
    ["const vs one-value enum", { type: "string", const: "a" }, { type: "string", enum: ["a"] }],
    [
      "allOf of parts vs one merged object",
      {
        allOf: [
          { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
          { properties: { b: { type: "integer" } } },
        ],
      },
      { type: "object", properties: { b: { type: "integer" }, a: { type: "string" } }, required: ["a"] },
    ],
    [
      "single oneOf vs the schema",
      { oneOf: [{ type: "string", maxLength: 3 }] },
      { type: "string", maxLength: 3 },
    ],
  ];
  it.each(pairs)("%s", (_name, base, head) => {
    for (const place of Object.values(PLACES)) expect(diff(place.wrap(base), place.wrap(head))).toEqual([]);
  });
});

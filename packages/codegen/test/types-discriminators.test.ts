/**
 * The types generator scans discriminators with its own copy of openapi-typescript's
 * `scanDiscriminators` (a cheaper walk, same statements). Both are run on copies of the same document:
 * the discriminators found and every write into the document must be the same.
 */
import { loadSpec } from "@contract/core";
import { fixture } from "@contract/test-fixtures";
import type { OpenAPI3 } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { scanDiscriminators } from "../src/generators/types/discriminators.js";
import { scanDiscriminators as theirScan } from "../src/generators/types/openapi-typescript.js";

function bothScans(document: unknown) {
  const mine = structuredClone(document) as OpenAPI3;
  const theirs = structuredClone(document) as OpenAPI3;
  return {
    mine: { result: scanDiscriminators(mine, { silent: true }), document: mine },
    theirs: { result: theirScan(theirs, { silent: true }), document: theirs },
  };
}

const pet = (type: string) => ({
  type: "object",
  properties: { kind: { type: "string", description: `the ${type}` }, [type]: { type: "boolean" } },
});

/** Discriminators of every shape scanDiscriminators handles, and a few it warns about. */
const SYNTHETIC = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/pets": {
      get: {
        responses: {
          "200": {
            description: "ok",
            content: {
              "application/json": {
                schema: {
                  oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }],
                  discriminator: { propertyName: "kind" },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      // Derived schemas met before the base they extend.
      Lizard: {
        allOf: [{ $ref: "#/components/schemas/Reptile" }, { properties: { legs: { type: "integer" } } }],
      },
      Reptile: {
        type: "object",
        required: ["family"],
        properties: { family: { type: "string" } },
        discriminator: {
          propertyName: "family",
          mapping: { lizard: "#/components/schemas/Lizard", snake: "#/components/schemas/Snake" },
        },
      },
      Snake: { allOf: [{ $ref: "#/components/schemas/Reptile" }] },
      Cat: pet("purrs"),
      Dog: pet("barks"),
      // A mapping value that is a chain of refs, one that resolves nowhere, one to a non-object.
      Alias: { $ref: "#/components/schemas/Dog" },
      Animal: {
        oneOf: [
          { $ref: "#/components/schemas/Alias" },
          { $ref: "#/components/schemas/Missing" },
          { $ref: "#/components/schemas/Text" },
          { type: "null" },
        ],
        discriminator: {
          propertyName: "kind",
          mapping: { dog: "#/components/schemas/Alias", cat: "#/components/schemas/Cat", gone: "" },
        },
      },
      Text: { type: "string" },
      // A discriminator inside an allOf member, and schemas extending it.
      Vehicle: { allOf: [{ type: "object", discriminator: { propertyName: "wheels" } }] },
      Car: { allOf: [{ $ref: "#/components/schemas/Vehicle" }, { type: "object" }] },
      "Odd~Name/1": {
        type: "object",
        discriminator: { propertyName: "tag", mapping: { odd: "#/components/schemas/Odd~0Name~11" } },
      },
    },
  },
};

const withSchemas = (schemas: Record<string, unknown>) => ({
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {},
  components: { schemas },
});

const BASE = {
  type: "object",
  properties: { kind: { type: "string" } },
  discriminator: { propertyName: "kind", mapping: { a: "#/components/schemas/A" } },
};

/**
 * The second pass replays the `allOf` holders the first met. Here the first pass replaces
 * `A.properties.kind` (Holder maps to A) after meeting the `allOf` inside it: a second walk would not
 * see that `allOf` any more.
 */
const HOLDER_UNDER_REPLACED_PROPERTY = withSchemas({
  Base: BASE,
  A: {
    type: "object",
    properties: {
      kind: { description: "k", allOf: [{ type: "object", discriminator: { propertyName: "x" } }] },
    },
  },
  Holder: { oneOf: [{ $ref: "#/components/schemas/A" }], discriminator: { propertyName: "kind" } },
});

/**
 * A `$ref` beside an `allOf` in the second pass: its pointer resolves to D, whose `t` property (the
 * one being walked) is replaced; a walk still visits the rest of the old property, a replay would not.
 */
const PATCH_INTO_THE_PROPERTY_BEING_WALKED = withSchemas({
  Base2: {
    type: "object",
    discriminator: { propertyName: "t", mapping: { c: "#/components/schemas/D/properties/t/anyOf/0" } },
  },
  D: {
    type: "object",
    properties: {
      t: {
        anyOf: [
          { $ref: "#/components/schemas/D", allOf: [{ $ref: "#/components/schemas/Base2" }] },
          { allOf: [{ $ref: "#/components/schemas/Base2" }] },
        ],
      },
    },
  },
});

describe("scanDiscriminators ≡ openapi-typescript's", () => {
  it.each([
    ["an allOf under a property the first pass replaces", HOLDER_UNDER_REPLACED_PROPERTY],
    ["a patch into the property the second pass is walking", PATCH_INTO_THE_PROPERTY_BEING_WALKED],
  ])("%s", (_, document) => {
    const { mine, theirs } = bothScans(document);
    expect(theirs.document).not.toEqual(document); // the scan patched something
    expect(mine.result).toEqual(theirs.result);
    expect(mine.document).toEqual(theirs.document);
  });

  it("a document with discriminators of every shape", () => {
    const { mine, theirs } = bothScans(SYNTHETIC);
    expect(Object.keys(theirs.result.objects).length).toBeGreaterThan(4);
    expect(theirs.result.refsHandled.length).toBeGreaterThan(3);
    expect(mine.result).toEqual(theirs.result);
    expect(mine.document).toEqual(theirs.document);
    expect(mine.document).not.toEqual(SYNTHETIC); // the scan writes into the document
  });

  it.each([
    "apis-guru/spotify.com.json",
    "apis-guru/apideck.com_crm.json",
    "oai/schema-tests/pass/mega.yaml",
    "github/octokit-openapi-webhooks-12.1.0.api.github.com.json",
  ])("%s", async (spec) => {
    const document = (await loadSpec(fixture(spec))).document;
    const { mine, theirs } = bothScans(document);
    expect(mine.result).toEqual(theirs.result);
    expect(mine.document).toEqual(theirs.document);
  });

  it("throws where openapi-typescript's does (a oneOf member that is not an object)", () => {
    const document = {
      ...SYNTHETIC,
      components: { schemas: { Bad: { oneOf: [null], discriminator: { propertyName: "k" } } } },
    };
    const { mine, theirs } = (() => {
      const run = (scan: typeof scanDiscriminators) => {
        try {
          scan(structuredClone(document) as unknown as OpenAPI3, { silent: true });
          return "no error";
        } catch (error) {
          return String(error);
        }
      };
      return { mine: run(scanDiscriminators), theirs: run(theirScan as typeof scanDiscriminators) };
    })();
    expect(theirs).toMatch(/TypeError/);
    expect(mine).toBe(theirs);
  });
});

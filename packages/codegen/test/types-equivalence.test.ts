/**
 * The types generator drives openapi-typescript's transforms directly instead of calling openapiTS()
 * (which would parse, lint and bundle the document a second time). These tests hold it to printing
 * exactly what openapiTS() prints for the same document and options.
 */

import { loadSpec } from "@contract/core";
import { fixture } from "@contract/test-fixtures";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { describe, expect, it } from "vitest";
import { printedInPieces, printedWhole } from "../src/generators/types/index.js";
import { optionalDefaultsInRequests, repairForTypeScript } from "../src/generators/types/repair.js";
import { renderTypes, type TypesOptions } from "../src/index.js";

/** A fresh copy of the loaded document for each consumer (openapiTS() may modify what it is given). */
const readSpec = async (relative: string): Promise<OpenAPI3> =>
  (await loadSpec(fixture(relative))).document as unknown as OpenAPI3;

async function viaOpenapiTS(document: OpenAPI3, options: TypesOptions = {}): Promise<string> {
  return astToString(await openapiTS(document, { ...options, silent: true }));
}

const SPECS = [
  "redocly-museum/openapi.yaml",
  "apis-guru/spotify.com.json", // discriminators: exercises the document-patching path
  "apis-guru/apideck.com_crm.json", // 3.0 with x-webhooks
  "oai/examples/v3.1/tictactoe.yaml",
  "oai/examples/v3.1/webhook-example.yaml",
  "github/octokit-openapi-webhooks-12.1.0.api.github.com.json",
];

describe("types generator ≡ openapiTS()", () => {
  it.each(SPECS)("%s: byte-identical output", async (spec) => {
    const mine = renderTypes(await readSpec(spec));
    const theirs = await viaOpenapiTS(await readSpec(spec));
    expect(mine.length).toBeGreaterThan(100);
    expect(mine === theirs).toBe(true);
  });

  // Specs openapi-typescript prints non-compiling types for (see repair.ts): the only deviation from
  // openapiTS() is the repair itself.
  it.each([
    ["apis-guru/vercel.com.json", /EdgeConfigItemValue: .*unknown\[\]/],
    ["apis-guru/codat.io_assess.json", /dataIntegrityByAmount|byAmount\?: \{/],
  ])("%s: openapiTS() output of the repaired document", async (spec, repaired) => {
    const mine = renderTypes(await readSpec(spec));
    expect(mine === (await viaOpenapiTS(repairForTypeScript(await readSpec(spec))))).toBe(true);
    expect(mine === (await viaOpenapiTS(await readSpec(spec)))).toBe(false);
    expect(mine).toMatch(repaired);
    expect(mine).not.toMatch(/\["definitions"\]/);
  });

  // Request bodies that reference component schemas with defaults: those are inlined in requests,
  // where openapi-typescript leaves defaulted properties optional (see repair.ts).
  it.each([
    ["apis-guru/listennotes.com.json", 'urlencoded": components["schemas"]["GetPodcastsInBatchForm"]'],
  ])("%s: openapiTS() output with request defaults optional", async (spec, named) => {
    const mine = renderTypes(await readSpec(spec));
    const view = optionalDefaultsInRequests(repairForTypeScript(await readSpec(spec)) as never);
    expect(mine === (await viaOpenapiTS(view as unknown as OpenAPI3))).toBe(true);
    expect(mine === (await viaOpenapiTS(await readSpec(spec)))).toBe(false);
    expect(mine).not.toContain(named);
    expect(mine).toContain("show_latest_episodes?: 0 | 1;");
  });

  const OPTION_SETS: TypesOptions[] = [
    { enum: true, dedupeEnums: true },
    { enum: true, enumValues: true },
    { immutable: true, exportType: true },
    { rootTypes: true, rootTypesNoSchemaPrefix: true },
    { alphabetize: true, additionalProperties: true, emptyObjectsUnknown: true },
    { defaultNonNullable: false, propertiesRequiredByDefault: true, arrayLength: true },
  ];
  it.each(OPTION_SETS)("options %o: byte-identical output", async (options) => {
    for (const spec of ["apis-guru/spotify.com.json", "redocly-museum/openapi.yaml"]) {
      const mine = renderTypes(await readSpec(spec), options);
      const theirs = await viaOpenapiTS(await readSpec(spec), options);
      expect(mine === theirs, `${spec} with ${JSON.stringify(options)}`).toBe(true);
    }
  });

  it("options change the output (they reach openapi-typescript)", async () => {
    const plain = renderTypes(await readSpec("apis-guru/spotify.com.json"));
    expect(renderTypes(await readSpec("apis-guru/spotify.com.json"), { immutable: true })).not.toBe(plain);
    expect(renderTypes(await readSpec("apis-guru/spotify.com.json"), { enum: true })).toMatch(/export enum /);
  });

  it("leaves the shared document untouched (openapi-typescript patches discriminator targets)", async () => {
    const document = await readSpec("apis-guru/spotify.com.json");
    const before = JSON.stringify(document);
    const first = renderTypes(document);
    expect(JSON.stringify(document)).toBe(before);
    // and a second run on the same object gives the same result
    expect(renderTypes(document)).toBe(first);
  });
});

// types.ts is printed one entry at a time (pieces.ts) unless it cannot be; the whole AST printed at
// once is the reference.
describe("types printed in pieces ≡ the whole AST printed", () => {
  const OPTIONS: TypesOptions[] = [
    {},
    { enum: true, dedupeEnums: true },
    { enum: true, enumValues: true },
    { immutable: true, exportType: true },
    { alphabetize: true, additionalProperties: true },
  ];
  it.each(SPECS)("%s", async (spec) => {
    for (const options of OPTIONS) {
      const pieces = printedInPieces(await readSpec(spec), options);
      expect(pieces, `${spec} with ${JSON.stringify(options)}`).toBeTypeOf("string");
      expect(
        pieces === printedWhole(await readSpec(spec), options),
        `${spec} with ${JSON.stringify(options)}`,
      ).toBe(true);
    }
  });

  it("declares an operationId met twice once (a path item in components and webhooks)", () => {
    const operation = { operationId: "ping", responses: { "204": { description: "none" } } };
    const document = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: { "/ping": { $ref: "#/components/pathItems/Ping" } },
      // as inlined by webhook-refs.ts before the transform
      webhooks: { ping: { post: operation } },
      components: { pathItems: { Ping: { post: operation } } },
    } as unknown as OpenAPI3;
    const text = printedInPieces(document, {});
    expect(text).toBe(printedWhole(document, {}));
    const operations = text?.split("export interface operations {\n")[1];
    expect(operations?.match(/^ {4}ping: \{$/gm)).toHaveLength(1);
  });
});

/**
 * Multi-file shapes seen in public specs that the bundler used to get wrong: each test writes its
 * own minimal tree of files.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffSpecs } from "../src/diff/index.js";
import { loadSpec, loadSpecFromString } from "../src/load/index.js";
import { getAtPointer } from "../src/pointer.js";
import { synthesize } from "../src/synthesize/index.js";
import { validateSpec } from "../src/validate/index.js";
import { errors, writeTree } from "./support/load-helpers.js";

type Obj = Record<string, any>;

describe("discriminator mapping values written inside a referenced file", () => {
  it("resolve against that file, like $refs, and are rewritten to where their targets landed", async () => {
    const dir = await writeTree({
      "openapi.yaml": [
        "openapi: 3.1.0",
        "info: {title: t, version: '1'}",
        "paths: {}",
        "components:",
        "  schemas:",
        "    Pet: {$ref: 'models/pets.yml#/Pet'}",
        "    Cat: {$ref: 'models/pets.yml#/Cat'}",
        "    Dog: {$ref: 'models/dog.yml'}",
        "    Animal:",
        "      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: 'models/dog.yml'}]",
        "      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: models/dog.yml}}",
        "",
      ].join("\n"),
      "models/pets.yml": [
        "Pet:",
        "  oneOf: [{$ref: '#/Cat'}, {$ref: 'dog.yml'}]",
        "  discriminator:",
        "    propertyName: kind",
        "    mapping:",
        "      cat: '#/Cat'",
        "      dog: 'dog.yml'",
        "      bird: Bird",
        "Cat:",
        "  type: object",
        "  properties: {kind: {type: string}}",
        "",
      ].join("\n"),
      "models/dog.yml": "type: object\nproperties: {kind: {type: string}}\n",
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    expect(errors(spec.diagnostics)).toEqual([]);
    const pet = (spec.document as Obj).components.schemas.Pet;
    expect(pet.oneOf).toEqual([{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }]);
    expect(pet.discriminator.mapping).toEqual({
      cat: "#/components/schemas/Cat",
      dog: "#/components/schemas/Dog",
      bird: "Bird",
    });
    expect((spec.document as Obj).components.schemas.Animal.discriminator.mapping).toEqual({
      cat: "#/components/schemas/Cat",
      dog: "#/components/schemas/Dog",
    });
    const found = validateSpec(spec).filter((d) => d.code === "discriminator-mapping-target");
    expect(found.map((d) => d.message)).toEqual([expect.stringContaining('"Bird"')]);
  });
});

describe("a 3.0 spec whose x-webhooks point several times at the same external file", () => {
  it("keeps the bundler's refs into x-webhooks valid when the upgrade moves them to webhooks", async () => {
    const hook = (name: string) => [
      `  ${name}:`,
      "    post:",
      "      requestBody:",
      "        content:",
      "          application/json:",
      "            schema: {$ref: 'schemas/event.yaml'}",
      "      responses: {'200': {description: ok}}",
    ];
    const dir = await writeTree({
      "openapi.yaml": [
        "openapi: 3.0.3",
        "info: {title: t, version: '1'}",
        "paths: {}",
        "x-webhooks:",
        ...hook("created"),
        ...hook("deleted"),
        "  updated: {$ref: 'hooks/updated.yaml'}",
        "  renamed: {$ref: 'hooks/updated.yaml'}",
        "",
      ].join("\n"),
      "schemas/event.yaml": "type: object\nproperties: {id: {type: string}}\n",
      "hooks/updated.yaml": [
        "post:",
        "  requestBody:",
        "    content:",
        "      application/json:",
        "        schema: {$ref: '../schemas/event.yaml'}",
        "  responses: {'200': {description: ok}}",
        "",
      ].join("\n"),
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    expect(errors(spec.diagnostics)).toEqual([]);
    expect(errors(validateSpec(spec))).toEqual([]);
    const webhooks = (spec.document as Obj).webhooks;
    expect(Object.keys(webhooks)).toEqual(["created", "deleted", "updated", "renamed"]);
    expect(webhooks.deleted.post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/webhooks/created/post/requestBody/content/application~1json/schema",
    });
    expect(webhooks.renamed).toEqual({ $ref: "#/webhooks/updated" });
    expect((spec.document as Obj)["x-webhooks"]).toBeUndefined();
  });
});

describe("nullable in a 3.1 document, read as 3.0 meant it", () => {
  const spec = (owner: string) =>
    [
      "openapi: 3.1.0",
      "info: {title: t, version: '1'}",
      "paths:",
      "  /pets:",
      "    get:",
      "      responses:",
      "        '200':",
      "          description: ok",
      "          content:",
      "            application/json:",
      "              schema:",
      "                type: object",
      "                required: [owner]",
      `                properties: {owner: ${owner}}`,
      "components:",
      "  schemas:",
      "    Owner: {type: object}",
      "",
    ].join("\n");

  it("diff sees the same schema as the 3.1 spelling, and synthesize produces null where it prefers it", async () => {
    const nullable = await loadSpecFromString(spec("{$ref: '#/components/schemas/Owner', nullable: true}"));
    const spelled = await loadSpecFromString(
      spec("{anyOf: [{$ref: '#/components/schemas/Owner'}, {type: 'null'}]}"),
    );
    const plain = await loadSpecFromString(spec("{$ref: '#/components/schemas/Owner'}"));
    expect(diffSpecs(nullable, spelled).changes).toEqual([]);
    expect(diffSpecs(plain, nullable).changes.map((c) => c.code)).toEqual([
      expect.stringContaining("became-nullable"),
    ]);
    const owner = "/paths/~1pets/get/responses/200/content/application~1json/schema/properties/owner";
    // Past maxDepth the synthesizer prefers null wherever the schema allows it.
    const deep = (loaded: typeof plain) =>
      synthesize(getAtPointer(loaded.document, owner) as never, loaded.document, { maxDepth: 0 });
    expect(deep(nullable)).toBeNull();
    expect(deep(plain)).toEqual({});
  });
});

describe("enum: []", () => {
  it("is warned about once per schema, in 3.1 and 3.0, but not once nullable has added null", async () => {
    const spec = (version: string) =>
      [
        `openapi: ${version}`,
        "info: {title: t, version: '1'}",
        "paths: {}",
        "components:",
        "  schemas:",
        "    None: {enum: []}",
        "    OnlyNull: {type: string, nullable: true, enum: []}",
        "",
      ].join("\n");
    for (const version of ["3.1.0", "3.0.3"]) {
      const loaded = await loadSpecFromString(spec(version));
      expect(
        loaded.diagnostics.filter((d) => d.code === "enum-empty"),
        version,
      ).toMatchObject([{ severity: "warning", pointer: "/components/schemas/None/enum" }]);
      expect((loaded.document as Obj).components.schemas.OnlyNull.enum).toEqual([null]);
    }
  });
});

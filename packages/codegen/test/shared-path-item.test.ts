/**
 * One path item referenced from `paths` and `webhooks` (the same operations, hence the same
 * operationIds, which the duplicate-operation-id rule accepts): each operation is declared once in
 * types.ts and each validator key once in validators.d.ts, or the output does not compile.
 */
import { loadSpecFromString } from "@contract/core";
import { describe, expect, it } from "vitest";
import { generateContract } from "../src/index.js";

const SPEC = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
    $ref: "#/components/pathItems/Pets"
webhooks:
  petAdopted:
    $ref: "#/components/pathItems/Pets"
components:
  pathItems:
    Pets:
      get:
        operationId: listPets
        responses:
          "200":
            description: ok
            content:
              application/json:
                schema: {type: array, items: {type: string}}
      post:
        operationId: addPet
        requestBody:
          content:
            application/json:
              schema: {type: string}
        responses:
          "201": {description: added}
`;

const count = (text: string, needle: RegExp) => text.match(needle)?.length ?? 0;

describe("a path item shared by paths and webhooks", () => {
  it("declares each operation and each validator key once", async () => {
    const loaded = await loadSpecFromString(SPEC, { path: "/virtual/openapi.yaml" });
    const files = await generateContract(loaded, { generators: { types: true, validators: true } });
    const text = (path: string) => files.find((f) => f.path === path)?.contents ?? "";
    const types = text("types.ts");
    const operations = types.slice(types.indexOf("export interface operations"));
    expect(count(operations, /^ {4}listPets: \{/gm)).toBe(1);
    expect(count(operations, /^ {4}addPet: \{/gm)).toBe(1);
    expect(count(text("validators.d.ts"), /"response:listPets:200:application\/json":/g)).toBe(1);
    expect(count(text("validators.d.ts"), /"request:addPet:application\/json":/g)).toBe(1);
  });
});

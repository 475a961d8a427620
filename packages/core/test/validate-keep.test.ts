/**
 * `validateSpec(loaded, { keep })`: what `contract gen` asks for (the findings it prints). The result
 * is exactly the full result filtered, in the same order, and the dropped findings are never located
 * (locating means scanning the text of a large file).
 */
import { type Diagnostic, loadSpecFromString, validateSpec } from "@contract/core";
import { describe, expect, it } from "vitest";

const SPEC = `openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /a/{id}:
    get:
      operationId: same
      responses: { "200": { description: ok } }
  /b:
    get:
      operationId: same
      parameters:
        - { name: q, in: querry }
      responses: { "200": { description: ok } }
    post:
      operationId: post
      responses: { "400": { description: no } }
components:
  schemas:
    Unused: { type: string, nullable: true }
  securitySchemes:
    Unused: { type: http, scheme: bearer }
`;

const errorsOnly = (d: Omit<Diagnostic, "location">) => d.severity === "error";

describe("validateSpec keep", () => {
  it("returns the kept findings of the full result, in its order, locating only those", async () => {
    const full = validateSpec(await loadSpecFromString(SPEC, { path: "/virtual/openapi.yaml" }));
    const kept = full.filter(errorsOnly);
    // Both kinds are there: some findings are dropped, some kept.
    expect(kept.length).toBeGreaterThan(1);
    expect(full.length).toBeGreaterThan(kept.length);

    const loaded = await loadSpecFromString(SPEC, { path: "/virtual/openapi.yaml" });
    const located: string[] = [];
    const locate = loaded.locate;
    loaded.locate = (pointer) => {
      located.push(pointer);
      return locate(pointer);
    };
    const result = validateSpec(loaded, { keep: errorsOnly });
    expect(result).toEqual(kept);
    const keptPointers = new Set(kept.map((d) => d.pointer));
    expect(located.length).toBeGreaterThan(0);
    expect(located.filter((pointer) => !keptPointers.has(pointer))).toEqual([]);
  });
});

/**
 * A YAML alias of an object holding an external `$ref`: every place the alias puts it gets the
 * bundled result, not the original external `$ref` (which generators would then meet unbundled).
 */
import { join } from "node:path";
import { loadSpec } from "@contract/core";
import { describe, expect, it } from "vitest";
import { writeTree } from "./support/load-helpers.js";

describe("bundling through YAML aliases", () => {
  it("an aliased external $ref is bundled wherever the alias appears", async () => {
    const dir = await writeTree({
      "openapi.yaml": `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Owner"}
components:
  schemas:
    Pet: &shared
      $ref: schemas/owner.yaml#/Owner
    Owner: *shared
`,
      "schemas/owner.yaml": "Owner:\n  type: object\n  properties:\n    name: {type: string}\n",
    });
    const loaded = await loadSpec(join(dir, "openapi.yaml"));
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(JSON.stringify(loaded.document)).not.toContain("owner.yaml");
    const schemas = (loaded.document.components as { schemas: Record<string, unknown> }).schemas;
    for (const name of ["Pet", "Owner"]) {
      const schema = schemas[name] as { $ref?: string; type?: string };
      expect(schema.type === "object" || schema.$ref?.startsWith("#/"), name).toBe(true);
    }
  });
});

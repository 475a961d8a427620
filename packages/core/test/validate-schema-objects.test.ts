/**
 * Schema Objects are checked against JSON Schema 2020-12 (3.0 documents: the 3.0 Schema Object
 * rules), one located error per wrong keyword, at the keyword's own pointer.
 */
import { type Diagnostic, loadSpecFromString, validateSpec } from "@contract/core";
import { describe, expect, it } from "vitest";

const spec = (version: string, schema: string) => `openapi: ${version}
info:
  title: t
  version: "1"
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/A"
components:
  schemas:
    A:
${schema
  .split("\n")
  .map((l) => `      ${l}`)
  .join("\n")}
`;

const BAD = `type: object
required: x
properties:
  n:
    type: integr
  m:
    type: number
    minimum: "one"
  s:
    type: string
    pattern: "(["
  u:
    type: string
    pattern: "\\\\-"
  list:
    type: array
    items:
      type: string
      maxLength: -1
`;

async function schemaErrors(version: string, schema: string): Promise<Diagnostic[]> {
  const loaded = await loadSpecFromString(spec(version, schema), { path: "/virtual/openapi.yaml" });
  return validateSpec(loaded).filter((d) => d.code === "schema-object");
}

describe("schema-object", () => {
  for (const version of ["3.1.0", "3.0.3"]) {
    it(`reports each wrong keyword, located (${version})`, async () => {
      const found = await schemaErrors(version, BAD);
      expect(found.map((d) => d.pointer)).toEqual([
        "/components/schemas/A/required",
        "/components/schemas/A/properties/n/type",
        "/components/schemas/A/properties/m/minimum",
        "/components/schemas/A/properties/s/pattern",
        "/components/schemas/A/properties/u/pattern",
        "/components/schemas/A/properties/list/items/maxLength",
      ]);
      for (const d of found) {
        expect(d.severity).toBe("error");
        expect(d.location?.file).toBe("/virtual/openapi.yaml");
      }
      expect(found.map((d) => d.location?.line)).toEqual([19, 22, 25, 28, 31, 36]);
      expect(found[1]?.message).toMatch(/integr/);
      expect(found[3]?.message).toMatch(/regular expression/);
    });
  }

  it("accepts what 2020-12 allows in 3.1 and what 3.0 allows in 3.0", async () => {
    expect(
      await schemaErrors(
        "3.1.0",
        `type: [string, "null"]
exclusiveMinimum: 1
const: a
prefixItems: [{type: string}, true]
items: false
patternProperties:
  "^\\\\p{L}+$": {type: string}
dependentRequired: {a: [b]}
examples: [a]
discriminator: {propertyName: kind}
`,
      ),
    ).toEqual([]);
    expect(
      await schemaErrors(
        "3.0.3",
        `type: string
nullable: true
minimum: 1
exclusiveMinimum: true
example: a
pattern: "^[a-z]+$"
`,
      ),
    ).toEqual([]);
  });

  it("applies 3.0 rules to 3.0 documents", async () => {
    const found = await schemaErrors("3.0.3", `type: [string, "null"]\nexclusiveMinimum: 3\nminimum: 1\n`);
    expect(found.map((d) => d.pointer)).toEqual([
      "/components/schemas/A/type",
      "/components/schemas/A/exclusiveMinimum",
    ]);
  });

  it("a $ref to the whole document is an error (found by the fuzzer: gen failed on it)", async () => {
    for (const version of ["3.1.0", "3.0.3"]) {
      const loaded = await loadSpecFromString(
        spec(version, `type: object\nproperties:\n  a: {$ref: "#"}\n`),
        {
          path: "/virtual/openapi.yaml",
        },
      );
      const found = validateSpec(loaded).filter((d) => d.severity === "error");
      expect(found.map((d) => [d.code, d.pointer])).toEqual([
        ["unresolved-ref", "/components/schemas/A/properties/a/$ref"],
      ]);
    }
  });

  it("so is an empty $ref on a response (found by the fuzzer)", async () => {
    const text = spec("3.1.0", "type: string").replace(
      "description: ok\n          content:",
      'description: ok\n        "404": {$ref: ""}\n        "201":\n          description: created\n          content:',
    );
    const loaded = await loadSpecFromString(text, { path: "/virtual/openapi.yaml" });
    const found = validateSpec(loaded).filter((d) => d.severity === "error");
    expect(found.map((d) => [d.code, d.pointer])).toEqual([
      ["unresolved-ref", "/paths/~1a/get/responses/404/$ref"],
    ]);
  });

  it("can be skipped", async () => {
    const loaded = await loadSpecFromString(spec("3.1.0", BAD), { path: "/virtual/openapi.yaml" });
    expect(validateSpec(loaded, { skip: ["schema-object"] }).filter((d) => d.severity === "error")).toEqual(
      [],
    );
  });
});

describe("schema-annotation", () => {
  it("wrong annotations are warnings: no generated code depends on them", async () => {
    const loaded = await loadSpecFromString(
      spec("3.1.0", `type: string\nexamples: {a: {value: x}}\ntitle: 3\n`),
      { path: "/virtual/openapi.yaml" },
    );
    const found = validateSpec(loaded).filter((d) => d.code.startsWith("schema-"));
    expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ["schema-annotation", "warning", "/components/schemas/A/examples"],
      ["schema-annotation", "warning", "/components/schemas/A/title"],
    ]);
  });
});

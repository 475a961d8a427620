/**
 * Schema Objects are checked against JSON Schema 2020-12 (3.0 documents: the 3.0 Schema Object
 * rules), one located error per wrong keyword, at the keyword's own pointer.
 */
import { blocksGeneration, type Diagnostic, loadSpecFromString, validateSpec } from "@contract/core";
import { describe, expect, it } from "vitest";
import { patternProblem } from "../src/load/pattern-check.js";

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
    pattern: "\\\\p{XDigit}+"
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
      const loaded = await loadSpecFromString(spec(version, BAD), { path: "/virtual/openapi.yaml" });
      const found = validateSpec(loaded).filter(
        (d) => d.code === "schema-object" || d.code.startsWith("pattern-"),
      );
      expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
        ["schema-object", "error", "/components/schemas/A/required"],
        ["schema-object", "error", "/components/schemas/A/properties/n/type"],
        ["schema-object", "error", "/components/schemas/A/properties/m/minimum"],
        // Patterns have rules of their own (see below).
        ["pattern-unsupported", "error", "/components/schemas/A/properties/s/pattern"],
        ["pattern-dialect", "warning", "/components/schemas/A/properties/u/pattern"],
        ["schema-object", "error", "/components/schemas/A/properties/list/items/maxLength"],
      ]);
      for (const d of found) expect(d.location?.file).toBe("/virtual/openapi.yaml");
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
    expect(
      validateSpec(loaded, { skip: ["schema-object", "pattern-unsupported"] }).filter(
        (d) => d.severity === "error",
      ),
    ).toEqual([]);
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

describe("pattern-non-unicode", () => {
  // Each is invalid with the `u` flag and valid without it, as found in public API descriptions
  // (AWS, SendGrid, Ably...); without the flag each means what its author wrote.
  const SAME_WITHOUT_U = [
    "^[a-zA-Z0-9\\-\\_]+$", // identity escapes of punctuation
    "^[a-z0-9\\/\\+\\=]{0,20}$",
    "^[\\w-.+]+@[\\w-.+]+$", // a class escape as a range end: \w, "-", "."
    "[^/:|\\000-\\037]+", // octal escapes
    "^\\{[a-z]*}$", // a lone "}"
    "^(\\/(?!\\.)+[a-z]+)$", // a quantified lookahead
  ];
  // Without the flag these mean something else than their author meant (or nothing). Those in
  // another dialect's spelling are translated (warnings); the others are errors validators skip.
  const DIFFERENT_WITHOUT_U = [
    "\\p{XDigit}{8}", // \p is a plain "p" without the flag
    "^[A-Za-z \\p{Han}]*$",
    "[a-zA-Z]{1-70}", // "{1-70}" is literal text without the flag
    "(?P<name>.*)", // invalid either way
    "\\A[\\p{Print}]+\\z", // Java's input anchors and POSIX classes
  ];
  const RULE_OF_DIFFERENT = [
    ["pattern-dialect", "warning"],
    ["pattern-unsupported", "error"],
    ["pattern-unsupported", "error"],
    ["pattern-unsupported", "error"],
    ["pattern-dialect", "warning"],
  ];
  // OpenAPI 3.0's Schema Object has no `patternProperties`: only 3.1 documents check its keys.
  const keyChecked = (version: string) => version.startsWith("3.1");
  const schemaWith = (patterns: string[]) => `type: object
properties:
${patterns.map((p, i) => `  p${i}:\n    type: string\n    pattern: ${JSON.stringify(p)}`).join("\n")}
patternProperties:
  ${JSON.stringify(patterns[0])}: {type: string}
`;

  for (const version of ["3.1.0", "3.0.3"]) {
    it(`one that means the same without the flag is a warning; gen proceeds (${version})`, async () => {
      const loaded = await loadSpecFromString(spec(version, schemaWith(SAME_WITHOUT_U)), {
        path: "/virtual/openapi.yaml",
      });
      const found = validateSpec(loaded).filter(
        (d) => d.code === "pattern-non-unicode" || d.code.startsWith("schema-"),
      );
      expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
        ...SAME_WITHOUT_U.map((_, i) => [
          "pattern-non-unicode",
          "warning",
          `/components/schemas/A/properties/p${i}/pattern`,
        ]),
        ...(keyChecked(version)
          ? [
              [
                "pattern-non-unicode",
                "warning",
                `/components/schemas/A/patternProperties/${SAME_WITHOUT_U[0]}`,
              ],
            ]
          : []),
      ]);
      expect(found[0]?.message).toMatch(/without the `u` flag/);
      expect(found[0]?.location?.line).toBeGreaterThan(0);
      expect(found.some((d) => blocksGeneration(d))).toBe(false);
    });

    it(`one that means something else without the flag is translated, or not checked; as a key it stays an error (${version})`, async () => {
      const loaded = await loadSpecFromString(spec(version, schemaWith(DIFFERENT_WITHOUT_U)), {
        path: "/virtual/openapi.yaml",
      });
      const found = validateSpec(loaded).filter(
        (d) => d.code === "schema-object" || d.code.startsWith("pattern-"),
      );
      expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
        ...DIFFERENT_WITHOUT_U.map((_, i) => [
          ...(RULE_OF_DIFFERENT[i] ?? []),
          `/components/schemas/A/properties/p${i}/pattern`,
        ]),
        ...(keyChecked(version)
          ? [["schema-object", "error", `/components/schemas/A/patternProperties/${DIFFERENT_WITHOUT_U[0]}`]]
          : []),
      ]);
      expect(found.filter((d) => blocksGeneration(d)).map((d) => d.code)).toEqual(
        keyChecked(version) ? ["schema-object"] : [],
      );
      expect(found[0]?.message).toMatch(/`\\p`/);
      expect(found[0]?.message).toMatch(/Java's `\\p\{XDigit\}` is `\[0-9A-Fa-f\]` in JavaScript/);
      expect(found[2]?.message).toMatch(/\{1-70\}/);
      expect(found[3]?.message).not.toMatch(/Java's/);
      expect(found[4]?.message).toMatch(/Java's `\\A` is `\^` in JavaScript/);
      expect(found[4]?.message).toMatch(/validators read it as `\^\[ -~\]\+\$`/);
      expect(found[3]?.message).toMatch(/validators do not check it/);
    });
  }

  it("names the JavaScript for Java's POSIX classes, and that JavaScript means what Java's does", () => {
    const java: Record<string, (code: number) => boolean> = {
      Digit: (c) => c >= 0x30 && c <= 0x39,
      Alnum: (c) => /^[A-Za-z0-9]$/.test(String.fromCharCode(c)),
      Punct: (c) => c >= 0x21 && c <= 0x7e && !/^[A-Za-z0-9]$/.test(String.fromCharCode(c)),
      Graph: (c) => c >= 0x21 && c <= 0x7e,
      Print: (c) => c >= 0x20 && c <= 0x7e,
      Blank: (c) => c === 0x20 || c === 0x09,
      Cntrl: (c) => c <= 0x1f || c === 0x7f,
      XDigit: (c) => /^[0-9A-Fa-f]$/.test(String.fromCharCode(c)),
      Space: (c) => [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d].includes(c),
    };
    for (const [name, inClass] of Object.entries(java)) {
      const message = patternProblem(`^\\p{${name}}+$`)?.message ?? "";
      const suggested = /is `(\[.*\])` in JavaScript/.exec(message)?.[1];
      expect(suggested, name).toBeDefined();
      const regex = new RegExp(`^${suggested}$`, "u");
      for (let code = 0; code < 0x100; code++)
        expect(regex.test(String.fromCharCode(code)), `${name} ${code}`).toBe(inClass(code));
    }
  });
});

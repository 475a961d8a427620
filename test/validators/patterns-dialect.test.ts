/**
 * Patterns written in another regular-expression dialect, as descriptions generated from Java or
 * Smithy models write them (AWS: `\p{XDigit}`, `\A…\z`, `[\p{Alnum}_]`; `{,2}`): `check` warns
 * (`pattern-dialect`), `gen` proceeds, and the generated validators, the document's own checker
 * (mock, verify) and the mock's synthesized values all read the JavaScript translation. A pattern
 * JavaScript cannot read at all is an error that does not stop `gen` (`pattern-unsupported`), and
 * nothing checks it — rather than a check against something its author did not write.
 */
import { join } from "node:path";
import { renderValidators } from "@contract/codegen";
import {
  blocksGeneration,
  buildIR,
  createSchemaChecker,
  loadSpecFromString,
  synthesize,
  validateSpec,
} from "@contract/core";
import type { Validator } from "@contract/runtime/validation";
import { describe, expect, it } from "vitest";
import { importFresh, writeOut } from "./helpers.js";

const SCHEMAS = {
  // Java's POSIX class, as in AWS's OpenSearch and Elasticsearch descriptions.
  Uuid: String.raw`\p{XDigit}{8}-\p{XDigit}{4}-\p{XDigit}{4}-\p{XDigit}{4}-\p{XDigit}{12}`,
  // Java's input anchors and a POSIX class in a class (SageMaker Runtime).
  Printable: String.raw`\A\S[\p{Print}]*\z`,
  // A POSIX class beside other class members (OpsWorks CM).
  Name: String.raw`^[\-\p{Alnum}_:.]+$`,
  // `{,2}`: literal text in JavaScript, "0 to 2" where it was written.
  Level: String.raw`^1[0-9]{,2}$`,
  // Java's `\Z`: the end, or before a final line break.
  Digits: String.raw`^\d+\Z`,
  // Inline flags: JavaScript has no reading of this at all.
  CaseFree: "(?i)^abc$",
};

const spec = (version: string) => `openapi: ${version}
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
${Object.entries(SCHEMAS)
  .map(([name, pattern]) => `    ${name}: {type: string, pattern: ${JSON.stringify(pattern)}}`)
  .join("\n")}
`;

/** Each pattern's verdicts: every value in `accepted` passes, every one in `rejected` fails. */
const CASES: Record<keyof typeof SCHEMAS, { accepted: unknown[]; rejected: unknown[] }> = {
  Uuid: {
    accepted: ["0123abcd-ABCD-0000-ffff-0123456789ab"],
    rejected: ["0123abcg-ABCD-0000-ffff-0123456789ab", "pXDigit"],
  },
  Printable: { accepted: ["a b~", "x"], rejected: [" a", "a\u0001", "a\u00e9"] },
  Name: { accepted: ["db-1_a:b.c"], rejected: ["a b", "é"] },
  Level: { accepted: ["1", "19", "199"], rejected: ["1999", "1{,2}", "2"] },
  Digits: { accepted: ["12", "12\n"], rejected: ["12a", "12\n\n"] },
  // Not checked: any string passes; the type still holds.
  CaseFree: { accepted: ["abc", "ABC", "anything"], rejected: [5] },
};

describe("patterns in another dialect", () => {
  for (const version of ["3.1.0", "3.0.3"]) {
    it(`are located warnings (unreadable ones errors) that do not stop gen (${version})`, async () => {
      const loaded = await loadSpecFromString(spec(version), { path: "/virtual/openapi.yaml" });
      const found = validateSpec(loaded).filter(
        (d) => d.code.startsWith("pattern-") || d.code.startsWith("schema-"),
      );
      expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
        ["pattern-dialect", "warning", "/components/schemas/Uuid/pattern"],
        ["pattern-dialect", "warning", "/components/schemas/Printable/pattern"],
        ["pattern-dialect", "warning", "/components/schemas/Name/pattern"],
        ["pattern-dialect", "warning", "/components/schemas/Level/pattern"],
        ["pattern-dialect", "warning", "/components/schemas/Digits/pattern"],
        ["pattern-unsupported", "error", "/components/schemas/CaseFree/pattern"],
      ]);
      expect(found.every((d) => (d.location?.line ?? 0) > 0)).toBe(true);
      expect(found[0]?.message).toMatch(/validators read it as `\[0-9A-Fa-f\]\{8\}-/);
      expect(found[1]?.message).toMatch(/validators read it as `\^\\S\[ -~\]\*\$`/);
      expect(found[5]?.message).toMatch(/validators do not check it/);
      expect(found.filter((d) => blocksGeneration(d))).toEqual([]);
      expect(found.filter((d) => blocksGeneration(d, { strict: true })).map((d) => d.code)).toEqual([
        "pattern-unsupported",
      ]);
    });
  }

  it("generated validators check the translation, and skip what JavaScript cannot read", async () => {
    const loaded = await loadSpecFromString(spec("3.1.0"), { path: "/virtual/openapi.yaml" });
    const rendered = renderValidators(buildIR(loaded.document));
    const dir = writeOut("patterns-dialect", { "validators.js": rendered.js });
    const module = await importFresh<{ validators: Record<string, Validator> }>(join(dir, "validators.js"));
    for (const [name, { accepted, rejected }] of Object.entries(CASES)) {
      const validator = module.validators[`schema:${name}`];
      if (!validator) throw new Error(`no validator schema:${name}`);
      for (const value of accepted) expect(validator(value), `${name} ${JSON.stringify(value)}`).toBe(true);
      for (const value of rejected) expect(validator(value), `${name} ${JSON.stringify(value)}`).toBe(false);
    }
  });

  it("the document's own checker (mock, verify) reads them the same way", async () => {
    const loaded = await loadSpecFromString(spec("3.1.0"), { path: "/virtual/openapi.yaml" });
    const checker = createSchemaChecker(loaded.document);
    for (const [name, { accepted, rejected }] of Object.entries(CASES)) {
      const check = checker(`/components/schemas/${name}`);
      for (const value of accepted) expect(check(value), `${name} ${JSON.stringify(value)}`).toEqual([]);
      for (const value of rejected)
        expect(check(value).length, `${name} ${JSON.stringify(value)}`).toBeGreaterThan(0);
    }
  });

  it("synthesized values match the translation", async () => {
    const loaded = await loadSpecFromString(spec("3.1.0"), { path: "/virtual/openapi.yaml" });
    const checker = createSchemaChecker(loaded.document);
    for (const name of ["Uuid", "Printable", "Name", "Level", "Digits"]) {
      for (let seed = 1; seed <= 5; seed++) {
        const schema = { $ref: `#/components/schemas/${name}` };
        const value = synthesize(schema, loaded.document, { seed });
        expect(typeof value, name).toBe("string");
        expect(checker(`/components/schemas/${name}`)(value), `${name} ${JSON.stringify(value)}`).toEqual([]);
      }
    }
  });
});

describe("patternProperties keys in another dialect", () => {
  it("stay errors that stop gen: a key left unchecked would change which properties it covers", async () => {
    const loaded = await loadSpecFromString(
      `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Labels:
      type: object
      patternProperties:
        "^\\\\p{Alnum}+$": {type: integer}
`,
      { path: "/virtual/openapi.yaml" },
    );
    const found = validateSpec(loaded).filter((d) => d.severity !== "info");
    expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ["schema-object", "error", "/components/schemas/Labels/patternProperties/^\\p{Alnum}+$"],
    ]);
    expect(found[0]?.message).not.toMatch(/validators/);
    expect(blocksGeneration(found[0] as (typeof found)[number])).toBe(true);
  });
});

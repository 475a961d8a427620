/**
 * Patterns JavaScript compiles only without the `u` flag, as public API descriptions write them
 * (AWS: `[\-\.\_0-9A-Za-z]`, SendGrid: `[\-\_]`, `[\w-.]`): `check` warns (`pattern-non-unicode`),
 * `gen` proceeds, and the generated validators read them as their authors meant.
 */
import { join } from "node:path";
import { renderValidators } from "@contract/codegen";
import { blocksGeneration, buildIR, loadSpecFromString, validateSpec } from "@contract/core";
import type { Validator } from "@contract/runtime/validation";
import { describe, expect, it } from "vitest";
import { importFresh, writeOut } from "./helpers.js";

const spec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    TemplateName:
      type: string
      pattern: "^[0-9A-Za-z][\\\\-\\\\.\\\\_0-9A-Za-z]{0,126}$"
    Email:
      type: string
      pattern: "^[\\\\w-.+]+@[\\\\w-.+]+$"
    Token:
      type: string
      pattern: "^[a-zA-Z0-9\\\\/\\\\+\\\\=]{0,20}$"
`;

describe("patterns valid only without the u flag", () => {
  it("are warnings, validators generate and accept and reject as the pattern says", async () => {
    const loaded = await loadSpecFromString(spec, { path: "/virtual/openapi.yaml" });
    const diagnostics = validateSpec(loaded);
    expect(diagnostics.filter((d) => d.code === "pattern-non-unicode")).toHaveLength(3);
    expect(diagnostics.filter((d) => blocksGeneration(d))).toEqual([]);

    const rendered = renderValidators(buildIR(loaded.document));
    const dir = writeOut("patterns-non-unicode", { "validators.js": rendered.js });
    const module = await importFresh<{ validators: Record<string, Validator> }>(join(dir, "validators.js"));
    const verdicts = (key: string, values: string[]) => {
      const validator = module.validators[key];
      if (!validator) throw new Error(`no validator ${key}`);
      return values.map((v) => validator(v));
    };
    expect(verdicts("schema:TemplateName", ["my-template_1.0", "a", "-lead", "has space"])).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(verdicts("schema:Email", ["a.b-c+d@x-y.z", "a@b", "a b@c", "@b"])).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(verdicts("schema:Token", ["ab/+=", "", "a-b"])).toEqual([true, true, false]);
  });
});

describe("patternProperties keys valid only without the u flag", () => {
  it("select the properties their pattern says", async () => {
    const loaded = await loadSpecFromString(
      `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Labels:
      type: object
      patternProperties:
        "^x\\\\-[a-z\\\\_]+$": {type: integer}
      additionalProperties: {type: string}
`,
      { path: "/virtual/openapi.yaml" },
    );
    const diagnostics = validateSpec(loaded).filter((d) => d.severity !== "info");
    expect(diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ["pattern-non-unicode", "/components/schemas/Labels/patternProperties/^x\\-[a-z\\_]+$"],
    ]);
    const rendered = renderValidators(buildIR(loaded.document));
    const dir = writeOut("pattern-properties-non-unicode", { "validators.js": rendered.js });
    const module = await importFresh<{ validators: Record<string, Validator> }>(join(dir, "validators.js"));
    const labels = module.validators["schema:Labels"];
    if (!labels) throw new Error("no validator schema:Labels");
    expect(labels({ "x-my_label": 1, other: "a" })).toBe(true);
    expect(labels({ "x-my_label": "not a number" })).toBe(false);
    expect(labels({ "y-my_label": 1 })).toBe(false);
  });
});

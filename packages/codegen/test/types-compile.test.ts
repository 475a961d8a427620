/**
 * Generated types.ts must compile under the strictest settings users run (strict,
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes) for every real spec of the test fixtures. One
 * TypeScript program holds all of them: far cheaper than a program per spec.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSpec, loadSpecFromString } from "@contract/core";
import { fixture, realSpecs } from "@contract/test-fixtures";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { writeMultiFileSpec } from "../../core/test/support/multi-file-spec.mjs";
import { renderTypes } from "../src/generators/types/index.js";
import { generateContract, writeFiles } from "../src/index.js";

let out: string | undefined;
afterAll(() => (out ? rm(out, { recursive: true, force: true }) : undefined));

describe("generated types.ts compiles", () => {
  it("for every real spec of the test fixtures, in one strict tsc program", {
    timeout: 120_000,
  }, async () => {
    out = await mkdtemp(join(tmpdir(), "contract-types-"));
    // plus a multi-file spec (cross-file refs, a ref cycle across files), bundled by the loader
    const multiFile = await writeMultiFileSpec(join(out, "multi-file-spec"), { files: 60, webhooks: 5 });
    const specs = [...realSpecs().map(fixture), multiFile.entry];
    const roots: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const files = await generateContract(await loadSpec(spec), { generators: { types: true } });
      const folder = join(out, String(i));
      await writeFiles(folder, files);
      roots.push(join(folder, "types.ts"));
    }
    const program = ts.createProgram(roots, {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: false,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      lib: ["lib.es2022.d.ts"],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${specs[roots.indexOf(d.file.fileName)] ?? d.file.fileName}` : "";
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    expect(diagnostics).toEqual([]);
    // every spec really contributed a module to the program
    expect(roots.every((r) => program.getSourceFile(r)?.statements.length)).toBe(true);
  });
});

/** A schema that extends a discriminator's schema and declares the discriminator property itself (Apple's SiriKit). */
const REDECLARED_DISCRIMINATOR = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Result:
      type: object
      discriminator: {propertyName: class}
      properties:
        class: {type: string}
    MediaResult:
      allOf: [{$ref: "#/components/schemas/Result"}]
      type: object
      properties:
        class: {type: string, enum: [MediaResult]}
        success: {type: boolean}
`;

describe("a schema that redeclares its inherited discriminator property", () => {
  for (const rootTypes of [false, true]) {
    it(`holds it once, required, and compiles (${rootTypes ? "whole AST" : "in pieces"})`, async () => {
      const loaded = await loadSpecFromString(REDECLARED_DISCRIMINATOR, { path: "/virtual/openapi.yaml" });
      const text = renderTypes(loaded.document as never, { rootTypes });
      const media = text.slice(
        text.indexOf("MediaResult: {"),
        text.indexOf("};", text.indexOf("MediaResult: {")),
      );
      expect(media.match(/\bclass\??:/g)).toEqual(["class:"]);
      expect(media).toMatch(/class: "MediaResult";/);
      expect(media).toMatch(/success\?: boolean;/);
      const host = ts.createCompilerHost({ strict: true, noEmit: true });
      const file = "/virtual/types.ts";
      const read = host.getSourceFile.bind(host);
      host.getSourceFile = (name, version) =>
        name === file ? ts.createSourceFile(file, text, version) : read(name, version);
      const program = ts.createProgram(
        [file],
        { strict: true, noEmit: true, types: [], lib: ["lib.es2022.d.ts"] },
        host,
      );
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diagnostics).toEqual([]);
    });
  }
});

import type { Diagnostic } from "@contract/core";
import { describe, expect, it } from "vitest";
import {
  codeFrame,
  escapeData,
  escapeProperty,
  formatGithub,
  formatHuman,
  formatJson,
  type SpecReport,
} from "../src/format/index.js";

const source = [
  "openapi: 3.1.0",
  "paths:",
  "  /a:",
  "    get:",
  "      operationId: dup",
  "      responses: {}",
  "",
].join("\n");

const error: Diagnostic = {
  severity: "error",
  code: "duplicate-operation-id",
  message: 'operationId "dup" is already used',
  pointer: "/paths/~1a/get/operationId",
  location: { file: "/work/api.yaml", line: 5, col: 7, offset: 56, endOffset: 67 },
};
const warning: Diagnostic = {
  severity: "warning",
  code: "request-body-method",
  message: "GET has a body",
  pointer: "/paths/~1a/get/requestBody",
};
const info: Diagnostic = {
  severity: "info",
  code: "component-unused",
  message: "unused",
  pointer: "/components/schemas/X",
};

const report = (diagnostics: Diagnostic[], passed = false): SpecReport => ({
  spec: "/work/api.yaml",
  diagnostics,
  sourceText: (f) => (f === "/work/api.yaml" ? source : undefined),
  passed,
});
const options = { cwd: "/work", color: false };

describe("codeFrame", () => {
  it("shows the lines around the location with a caret under the node", () => {
    expect(codeFrame(source, error.location!, { context: 1 })).toBe(
      [
        "  4 |     get:",
        "> 5 |       operationId: dup",
        "    |       ^^^^^^^^^^^",
        "  6 |       responses: {}",
      ].join("\n"),
    );
  });

  it("keeps a window around the column of a very long line", () => {
    const long = `${"x".repeat(5000)}BAD${"y".repeat(5000)}`;
    const frame = codeFrame(long, { file: "f", line: 1, col: 5001 }, { maxWidth: 60 });
    const [line, caret] = frame.split("\n");
    expect(line!.length).toBeLessThan(80);
    expect(line!.indexOf("BAD")).toBe(caret!.indexOf("^"));
  });

  it("returns nothing for a line outside the text", () => {
    expect(codeFrame(source, { file: "f", line: 99, col: 1 })).toBe("");
  });
});

describe("human format", () => {
  it("prints file:line:col severity code message, the pointer, a frame and a summary", () => {
    const out = formatHuman([report([error, warning, info])], { ...options, elapsedMs: 1234 });
    expect(out).toContain('api.yaml:5:7 error duplicate-operation-id operationId "dup" is already used');
    expect(out).toContain("  at #/paths/~1a/get/operationId");
    expect(out).toContain("  > 5 |       operationId: dup\n      |       ^^^^^^^^^^^\n");
    expect(out).toContain("api.yaml warning request-body-method GET has a body");
    expect(out).toContain("api.yaml info component-unused unused");
    expect(out.trimEnd().split("\n").at(-1)).toBe(
      "1 spec checked in 1.23 s: 1 failed (1 error, 1 warning, 1 info)",
    );
    expect(out).not.toContain("\u001b[");
  });

  it("uses colors only when asked", () => {
    expect(formatHuman([report([error])], { ...options, color: true })).toContain("\u001b[31m");
  });

  it("hides what is below the minimum severity", () => {
    const out = formatHuman([report([error, warning, info])], { ...options, minSeverity: "error" });
    expect(out).not.toContain("request-body-method");
    expect(out).not.toContain("component-unused");
  });

  it("reports a spec that could not be read", () => {
    const out = formatHuman(
      [{ spec: "/work/missing.yaml", diagnostics: [], failure: "File not found", passed: false }],
      options,
    );
    expect(out).toContain("error missing.yaml: could not read: File not found");
    expect(out).toContain("1 spec checked: 1 could not be read");
    expect(out).not.toContain("failed");
  });
});

describe("json format", () => {
  it("has a stable, versioned shape", () => {
    const parsed = JSON.parse(formatJson([report([error, warning]), report([], true)], options));
    expect(parsed).toEqual({
      version: 1,
      results: [
        {
          spec: "api.yaml",
          valid: false,
          errors: 1,
          warnings: 1,
          infos: 0,
          diagnostics: [
            {
              severity: "error",
              code: "duplicate-operation-id",
              message: 'operationId "dup" is already used',
              pointer: "/paths/~1a/get/operationId",
              file: "api.yaml",
              line: 5,
              col: 7,
            },
            {
              severity: "warning",
              code: "request-body-method",
              message: "GET has a body",
              pointer: "/paths/~1a/get/requestBody",
            },
          ],
        },
        { spec: "api.yaml", valid: true, errors: 0, warnings: 0, infos: 0, diagnostics: [] },
      ],
    });
  });
});

describe("github format", () => {
  it("escapes data and property values like @actions/core", () => {
    expect(escapeData("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext: a,b");
    expect(escapeProperty("100% done\r\nnext: a,b")).toBe("100%25 done%0D%0Anext%3A a%2Cb");
  });

  it("prints one workflow command per finding, infos left out", () => {
    const tricky: Diagnostic = {
      ...error,
      code: "odd,code:x",
      message: "50% of\nthis",
      location: { file: "/work/specs/a,b:c.yaml", line: 3, col: 9 },
    };
    expect(formatGithub([report([tricky, warning, info])], options).split("\n")).toEqual([
      "::error file=specs/a%2Cb%3Ac.yaml,line=3,col=9,title=odd%2Ccode%3Ax::50%25 of%0Athis%0A(at #/paths/~1a/get/operationId)",
      "::warning file=api.yaml,title=request-body-method::GET has a body%0A(at #/paths/~1a/get/requestBody)",
      "",
    ]);
  });

  it("annotates infos as notices when the minimum severity is info", () => {
    expect(formatGithub([report([info])], { ...options, minSeverity: "info" })).toMatch(
      /^::notice file=api\.yaml,title=component-unused::/,
    );
  });

  it("reports a spec that could not be read as an error annotation", () => {
    const out = formatGithub(
      [{ spec: "/work/x.yaml", diagnostics: [], failure: "File not found: x", passed: false }],
      options,
    );
    expect(out).toBe("::error file=x.yaml,title=contract::File not found: x\n");
  });
});

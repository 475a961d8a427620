/**
 * The generated module in a browser bundle: esbuild bundles it for the browser platform (ESM in,
 * no Node built-ins, no `require`), and the bundle runs in a fresh JavaScript realm that has no
 * `require`, `module` or `process`.
 */
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { renderValidators } from "@contract/codegen";
import { buildIR, type OpenApiDocument } from "@contract/core";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { fixtureDocument } from "./fixture.js";
import { writeOut } from "./helpers.js";

describe("browser bundle", () => {
  it("bundles for the browser platform and validates in a realm without Node globals", async () => {
    const rendered = renderValidators(
      buildIR(structuredClone(fixtureDocument) as unknown as OpenApiDocument),
    );
    const dir = writeOut("browser", {
      "validators.js": rendered.js,
      "entry.js": 'export { validatorFor, validatorsWithoutFormats } from "./validators.js";\n',
    });
    const result = await build({
      entryPoints: [join(dir, "entry.js")],
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "contractValidators",
      conditions: ["@contract/source"],
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code).not.toMatch(/\brequire\s*\(/);

    const realm: Record<string, unknown> = {};
    runInNewContext(
      `${code}\nglobalThis.result = {
      valid: contractValidators.validatorFor("schema:Problem")({ title: "t" }),
      invalid: contractValidators.validatorFor("schema:Problem").validate({}),
      lenient: contractValidators.validatorsWithoutFormats["schema:User"]({ id: 1, name: "A", password: "p", createdAt: "x" }),
      hasRequire: typeof require, hasProcess: typeof process,
    };`,
      realm,
    );
    expect(realm.result).toEqual({
      valid: true,
      invalid: {
        ok: false,
        errors: [{ pointer: "/title", keyword: "required", message: "must have required property 'title'" }],
      },
      lenient: true,
      hasRequire: "undefined",
      hasProcess: "undefined",
    });
  });
});

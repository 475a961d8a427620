/**
 * standaloneExportsCode is a linear-time copy of ajv's standaloneCode for an export map: it must
 * emit exactly ajv's text, on real documents (many exports, shared definitions, recursion) and on
 * the recursive shapes that make ajv emit `root`/`wrapper` references.
 */
import { fileURLToPath } from "node:url";
import { buildIR, loadSpec } from "@contract/core";
import { FERRIES, fixture, GITHUB } from "@contract/test-fixtures";
import standaloneModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { createValidatorAjv, mentionsInheritedName, usedFeatures } from "../src/generators/validators/ajv.js";
import { collectValidatorRoots } from "../src/generators/validators/roots.js";
import { shareSchemas } from "../src/generators/validators/share.js";
import { standaloneExportsCode } from "../src/generators/validators/standalone-code.js";

const SHOP = fileURLToPath(new URL("../../../examples/shop/openapi.yaml", import.meta.url));

/** The ajv instance and export map the validators generator builds for a spec file. */
async function generatorAjv(path: string) {
  const ir = buildIR((await loadSpec(path)).document);
  const shared = shareSchemas(
    ir.document,
    collectValidatorRoots(ir).map((r) => r.root),
    { minShareSize: 4 },
  );
  const ajv = createValidatorAjv({
    ownProperties: mentionsInheritedName(shared.definitions.values()),
    ...usedFeatures(shared.definitions.values()),
    sourceOnly: true,
  });
  for (const [name, schema] of shared.definitions) ajv.addSchema(schema as object, name);
  const exports = Object.fromEntries([...new Set(shared.roots)].map((name) => [name, name]));
  return { ajv, exports };
}

describe("standaloneExportsCode", () => {
  it.each([
    ["examples/shop", SHOP],
    ["ferries", fixture(FERRIES)],
    ["redocly museum", fixture("redocly-museum/openapi.yaml")],
    ["GitHub webhooks", fixture(GITHUB.webhooks)],
  ])("emits ajv's standaloneCode text for %s", async (_name, path) => {
    const { ajv, exports } = await generatorAjv(path);
    const ours = standaloneExportsCode(ajv, exports);
    expect(Object.keys(exports).length).toBeGreaterThan(0);
    expect(ours).toBe(standaloneModule.default(ajv, exports));
  });

  it("emits ajv's text for recursive schemas referenced through roots and wrappers", () => {
    const ajv = createValidatorAjv({ sourceOnly: true });
    ajv.addSchema(
      {
        $id: "https://example.test/tree",
        type: "object",
        properties: { children: { type: "array", items: { $ref: "#" } }, label: { $ref: "label" } },
      },
      "tree",
    );
    ajv.addSchema({ $id: "https://example.test/label", type: "string", minLength: 1 }, "label");
    ajv.addSchema(
      { type: "object", properties: { root: { $ref: "tree" }, again: { $ref: "tree" } } },
      "forest",
    );
    const exports = { forest: "forest", tree: "tree", label: "label" };
    const ours = standaloneExportsCode(ajv, exports);
    expect(ours).toContain("exports.tree");
    expect(ours).toBe(standaloneModule.default(ajv, exports));
  });
});

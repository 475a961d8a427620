/**
 * The contract.config validator the build ships (`dist/config.validator.cjs`, ajv standalone code
 * written by scripts/precompile-config-validator.mjs) is the one ./config-schema.ts describes: its
 * code is what compiling the current schema gives, and it reports exactly the errors the in-process
 * compilation reports (the config messages, tested in ./config.test.ts through the compiled
 * validator, are built from those errors).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { configSchema } from "../src/config-schema.js";
import { configAjv, PRECOMPILED_CONFIG_VALIDATOR } from "../src/config-validator.js";

const shipped = new URL(`../dist/${PRECOMPILED_CONFIG_VALIDATOR}`, import.meta.url);

/** Configs with every kind of error the schema can report, and valid ones. */
const CONFIGS: unknown[] = [
  {},
  null,
  "contracts",
  { contracts: [] },
  { contracts: [{ spec: "a.yaml", out: "gen", generators: { typs: true } }] },
  { contracts: [{ spec: "a.yaml", generators: { types: { enum: "yes-please" } } }] },
  { contracts: [{ name: "bad name", spec: "", out: "gen" }] },
  { contracts: [{ spec: "a", out: "b", generators: { types: "maybe", client: 1 } }] },
  {
    contracts: [
      {
        name: "a",
        spec: "./api.yaml",
        out: "./gen",
        generators: {
          types: { enm: true },
          webhooks: {
            signature: { type: "stripe", headr: "X" },
            route: { by: "body", feld: "type" },
            drift: { payload: "reject", format: "report" },
          },
          sender: { signature: { type: "hmac", header: "X-Sig", encodng: "hex" } },
          client: { groupByTag: "yes" },
        },
        load: { allowRemoteRef: true },
        validate: { skip: ["a", "a", 3] },
      },
      { name: "a", spec: "./api.yaml", out: "./gen", extra: 1 },
    ],
    $schema: 1,
    more: true,
  },
  {
    $schema: "./node_modules/@contract/cli/schema/config.schema.json",
    contracts: [
      {
        name: "shop",
        spec: "openapi.yaml",
        out: "gen",
        generators: {
          types: { enum: true },
          client: true,
          validators: true,
          webhooks: { signature: "standard-webhooks", route: { by: "body", field: "type" } },
        },
        validate: { skip: ["path-template-ambiguous"] },
        load: { allowRemoteRefs: true, allowRefsOutsideRoot: false },
      },
    ],
  },
];

/** Everything config-diagnostics.ts reads from an error, and the rest of it. */
const errorsOf = (validate: ValidateFunction, data: unknown): ErrorObject[] =>
  validate(data) ? [] : [...(validate.errors ?? [])];

describe("precompiled contract.config validator (what the build ships)", () => {
  it("is the standalone code of the current config schema (run `pnpm build` if not)", () => {
    const ajv = configAjv({ standalone: true });
    expect(readFileSync(shipped, "utf8")).toBe(standaloneModule.default(ajv, ajv.compile(configSchema())));
  });

  it("reports exactly the errors the compiled validator reports", () => {
    const precompiled = createRequire(import.meta.url)(shipped.pathname) as ValidateFunction;
    const compiled = configAjv().compile(configSchema());
    let failing = 0;
    for (const config of CONFIGS) {
      const want = errorsOf(compiled, config);
      if (want.length > 0) failing++;
      expect(errorsOf(precompiled, config), JSON.stringify(config)).toEqual(want);
    }
    expect(failing).toBe(CONFIGS.length - 1);
  });
});

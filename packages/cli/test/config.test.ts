import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, findConfig, loadConfig } from "../src/config.js";
import { configSchema } from "../src/config-schema.js";
import { tempDir } from "./helpers-gen.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function configError(name: string, text: string): Promise<ConfigError> {
  await writeFile(join(dir, name), text);
  const error = await loadConfig(join(dir, name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const where = (e: ConfigError) =>
  e.diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.pointer} ${d.message}`);

describe("contract.config", () => {
  it("loads JSON with paths relative to the config file and generator options", async () => {
    await writeFile(
      join(dir, "contract.config.json"),
      JSON.stringify({
        contracts: [
          {
            name: "shop",
            spec: "api/openapi.yaml",
            out: "src/gen",
            generators: { types: { enum: true } },
            validate: { skip: ["path-template-ambiguous"] },
          },
          { spec: "other.json", out: "/abs/out", load: { allowRemoteRefs: true } },
        ],
      }),
    );
    const config = await loadConfig(join(dir, "contract.config.json"));
    expect(config.contracts).toEqual([
      {
        name: "shop",
        spec: join(dir, "api/openapi.yaml"),
        out: join(dir, "src/gen"),
        generators: { types: { enum: true } },
        load: {},
        skipRules: ["path-template-ambiguous"],
        configHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      {
        name: "other.json",
        spec: join(dir, "other.json"),
        out: "/abs/out",
        load: { allowRemoteRefs: true },
        skipRules: [],
        configHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it("loads YAML", async () => {
    await writeFile(
      join(dir, "contract.config.yaml"),
      "contracts:\n  - spec: a.yaml\n    out: gen\n    generators:\n      types: true\n",
    );
    const config = await loadConfig(join(dir, "contract.config.yaml"));
    expect(config.contracts[0]).toMatchObject({
      name: "a.yaml",
      out: join(dir, "gen"),
      generators: { types: true },
    });
  });

  it("finds the config in a folder, and refuses two", async () => {
    expect(await findConfig(dir)).toBeUndefined();
    await writeFile(join(dir, "contract.config.yml"), "contracts: []\n");
    expect(await findConfig(dir)).toBe(join(dir, "contract.config.yml"));
    await writeFile(join(dir, "contract.config.json"), "{}");
    await expect(findConfig(dir)).rejects.toThrow(/Several config files/);
  });

  it("locates an unknown generator at its key, naming the known ones", async () => {
    const e = await configError(
      "contract.config.json",
      '{\n  "contracts": [\n    {\n      "spec": "a.yaml",\n      "out": "gen",\n      "generators": { "typs": true }\n    }\n  ]\n}\n',
    );
    expect(where(e)).toEqual([
      `6:23 /contracts/0/generators/typs unknown generator "typs"; expected one of: ${Object.keys((configSchema() as any).properties.contracts.items.properties.generators.properties).join(", ")}`,
    ]);
    expect(e.diagnostics[0]!.location?.file).toBe(join(dir, "contract.config.json"));
  });

  it("locates a missing property, a wrong type in generator options and a bad name (YAML)", async () => {
    const e = await configError(
      "contract.config.yaml",
      [
        "contracts:",
        "  - spec: a.yaml",
        "    generators:",
        "      types:",
        "        enum: yes-please",
        "  - name: 'bad name'",
        "    spec: b.yaml",
        "    out: gen",
        "",
      ].join("\n"),
    );
    expect(where(e)).toEqual([
      `2:5 /contracts/0 missing required property "out"`,
      "5:15 /contracts/0/generators/types/enum must be boolean",
      `6:11 /contracts/1/name must match pattern "^[A-Za-z0-9][A-Za-z0-9._-]*$"`,
    ]);
  });

  it("says 'boolean or object' for a generator given a string", async () => {
    const e = await configError(
      "contract.config.yaml",
      "contracts:\n  - spec: a\n    out: b\n    generators:\n      types: maybe\n",
    );
    expect(where(e)).toEqual(["5:14 /contracts/0/generators/types must be boolean or object"]);
  });

  it("locates YAML syntax errors and duplicate keys", async () => {
    const dup = await configError(
      "contract.config.yaml",
      "contracts:\n  - spec: a\n    spec: b\n    out: c\n",
    );
    expect(dup.diagnostics[0]!.location?.line).toBe(3);
    expect(dup.diagnostics[0]!.code).toBe("config-syntax");
    const broken = await configError("contract.config.json", '{ "contracts": [ { "spec": "a", } ');
    expect(broken.diagnostics[0]!.code).toBe("config-syntax");
    expect(broken.diagnostics[0]!.location?.line).toBe(1);
  });

  it("refuses duplicate contract names and an empty generator selection", async () => {
    const e = await configError(
      "contract.config.yaml",
      "contracts:\n  - {name: a, spec: x, out: o1}\n  - {name: a, spec: y, out: o2, generators: {types: false}}\n",
    );
    expect(where(e)).toEqual([
      '3:12 /contracts/1/name duplicate contract name "a"',
      "3:45 /contracts/1/generators no generator selected: set at least one to true or an options object",
    ]);
  });

  it("refuses two contracts writing to the same folder (one manifest per folder)", async () => {
    const e = await configError(
      "contract.config.yaml",
      "contracts:\n  - {name: a, spec: x, out: gen}\n  - {name: b, spec: y, out: ./gen/}\n",
    );
    expect(where(e)).toEqual([
      '3:29 /contracts/1/out same output folder as contract "a": give each contract its own `out`',
    ]);
  });

  it("refuses an empty config and a config without contracts", async () => {
    expect(where(await configError("contract.config.yaml", ""))).toEqual(["1:1  must be object"]);
    expect(where(await configError("contract.config.json", '{ "contracts": [] }'))).toEqual([
      "1:16 /contracts must NOT have fewer than 1 items",
    ]);
  });

  it("validates every option: unknown keys anywhere, all problems in one run, located", async () => {
    const text = `{
  "contracts": [
    {
      "name": "a",
      "spec": "./api.yaml",
      "out": "./gen",
      "generators": {
        "types": { "enm": true },
        "webhooks": {
          "signature": { "type": "stripe", "headr": "X" },
          "route": { "by": "body", "feld": "type" },
          "drift": { "payload": "reject", "format": "report" }
        },
        "sender": { "signature": { "type": "hmac", "header": "X-Sig", "encodng": "hex" } },
        "client": { "groupByTag": "yes" }
      },
      "load": { "allowRemoteRef": true }
    },
    { "name": "a", "spec": "./api.yaml", "out": "./gen", "extra": 1 }
  ]
}
`;
    const error = await configError("contract.config.json", text);
    expect(where(error)).toEqual([
      '8:20 /contracts/0/generators/types/enm unknown property "enm"; expected one of: enum, enumValues, dedupeEnums, exportType, immutable, rootTypes, rootTypesNoSchemaPrefix, alphabetize, additionalProperties, emptyObjectsUnknown, defaultNonNullable, propertiesRequiredByDefault, arrayLength',
      '10:44 /contracts/0/generators/webhooks/signature/headr unknown property "headr"; expected one of: type, header, scheme',
      '11:20 /contracts/0/generators/webhooks/route missing required property "field"',
      '11:36 /contracts/0/generators/webhooks/route/feld unknown property "feld"; expected one of: by, field, normalize, map',
      '12:43 /contracts/0/generators/webhooks/drift/format unknown property "format"; expected one of: payload, formats',
      '14:71 /contracts/0/generators/sender/signature/encodng unknown property "encodng"; expected one of: type, header, algorithm, encoding, prefix, secretEncoding, timestampHeader, timestampSeparator, deliveryIdHeader, name',
      "15:35 /contracts/0/generators/client/groupByTag must be boolean",
      '17:17 /contracts/0/load/allowRemoteRef unknown property "allowRemoteRef"; expected one of: allowRemoteRefs, allowRefsOutsideRoot',
      '19:15 /contracts/1/name duplicate contract name "a"',
      '19:49 /contracts/1/out same output folder as contract "a": give each contract its own `out`',
      '19:58 /contracts/1/extra unknown property "extra"; expected one of: name, spec, out, generators, validate, load',
    ]);
    expect(error.diagnostics.every((d) => d.location?.file === join(dir, "contract.config.json"))).toBe(true);
  });

  it("refuses an unknown rule code in validate.skip, located, naming close matches", async () => {
    const error = await configError(
      "contract.config.yaml",
      "contracts:\n  - spec: a.yaml\n    out: gen\n    validate:\n      skip: [component-unused, path-template-ambigous]\n",
    );
    expect(where(error)).toEqual([
      '5:32 /contracts/0/validate/skip/1 unknown rule "path-template-ambigous"; did you mean path-template-ambiguous? (`contract check --list-rules`)',
    ]);
  });

  it("accepts every routing kind and signature scheme with its own options", async () => {
    const hooks = (route: object, signature: object | string) => ({ webhooks: { route, signature } });
    const contracts = [
      hooks({ by: "body", field: "type", normalize: "kebab", map: { a: "b" } }, "github"),
      hooks({ by: "header", header: "X-Event", bodyField: "action", separator: "." }, { type: "github" }),
      hooks(
        { by: "template", templates: ["{header:X-Event}.{body:action}"] },
        { type: "stripe", header: "S" },
      ),
      hooks({ by: "path", pattern: "/hooks/{webhook}" }, { type: "standard-webhooks", headerPrefix: "svix" }),
      hooks({ by: "validators" }, { type: "hmac", header: "X-Sig", encoding: "base64", prefix: "sha256=" }),
      hooks(
        { by: "validators" },
        { type: "hmac", header: "X-Hub-Signature", prefix: "sha1=", algorithm: "sha1" },
      ),
      hooks({ by: "validators" }, "twitch"),
      hooks({ by: "validators" }, "gitlab"),
      hooks({ by: "validators" }, "hubspot"),
    ].map((generators, i) => ({ name: `c${i}`, spec: "api.yaml", out: `out${i}`, generators }));
    await writeFile(join(dir, "contract.config.json"), JSON.stringify({ contracts }));
    expect((await loadConfig(join(dir, "contract.config.json"))).contracts).toHaveLength(9);
  });

  it("publishes the same JSON Schema it validates with (rerun `pnpm --filter @contract/cli schema` if not)", async () => {
    const published = JSON.parse(
      await readFile(new URL("../schema/config.schema.json", import.meta.url), "utf8"),
    );
    expect(published).toEqual(configSchema());
  });
});

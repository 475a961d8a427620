/**
 * What a user of a generated `validators.js` relies on, checked on the module itself (imported as
 * ESM): the key scheme, readOnly/writeOnly per direction, the OpenAPI dialect keywords, the three
 * API forms, the format switch, `__proto__`/`constructor` safety and spec strings that try to
 * break out of the generated code.
 */
import { join } from "node:path";
import { renderValidators } from "@contract/codegen";
import { buildIR, type OpenApiDocument } from "@contract/core";
import { ValidationError, type Validator } from "@contract/runtime/validation";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureDocument, hostileName } from "./fixture.js";
import { importFresh, writeOut } from "./helpers.js";

interface ValidatorsModule {
  validators: Record<string, Validator>;
  validatorFor: (key: string) => Validator | undefined;
  validatorsWithoutFormats: Record<string, Validator>;
  validatorForWithoutFormats: (key: string) => Validator | undefined;
}

let module: ValidatorsModule;
let js: string;
const get = (key: string): Validator => {
  const validator = module.validatorFor(key);
  if (!validator) throw new Error(`no validator ${key}`);
  return validator;
};

beforeAll(async () => {
  const rendered = renderValidators(buildIR(structuredClone(fixtureDocument) as unknown as OpenApiDocument));
  js = rendered.js;
  const dir = writeOut("behaviour", { "validators.js": rendered.js, "validators.d.ts": rendered.dts });
  module = await importFresh<ValidatorsModule>(join(dir, "validators.js"));
});

describe("key scheme", () => {
  it("registers components, parameters, bodies, responses, webhook payloads and headers", () => {
    expect(Object.keys(module.validators).sort()).toEqual(
      [
        "parameters:getUser:path",
        "parameters:getUser:query",
        "parameters:putUser:path",
        "parameters:user.created:header",
        "request:putUser:application/json",
        "response:getUser:200:application/json",
        "response:getUser:default:application/problem+json",
        "schema:Address",
        "schema:Cat",
        "schema:Closed",
        "schema:Dictionary",
        "schema:Dog",
        `schema:${hostileName}`,
        "schema:Pet",
        "schema:Problem",
        "schema:User",
        "schema:UserEvent",
        "webhook-headers:user.created",
        "webhook:user.created:application/json",
      ].sort(),
    );
    expect(module.validatorFor("schema:Nope")).toBeUndefined();
    expect(module.validatorFor("__proto__")).toBeUndefined();
    expect(module.validatorFor("constructor")).toBeUndefined();
  });

  it("validates parameters as one object per location, path-level ones included", () => {
    expect(get("parameters:getUser:path")({ id: 3 })).toBe(true);
    expect(get("parameters:getUser:path")({ id: 0 })).toBe(false);
    expect(get("parameters:getUser:path")({})).toBe(false);
    expect(get("parameters:getUser:query")({})).toBe(true);
    expect(get("parameters:getUser:query")({ expand: "yes" })).toBe(false);
  });

  it("validates webhook headers under lower-case names, as HTTP delivers them", () => {
    expect(get("webhook-headers:user.created")({ "x-signature": "abcdefgh", other: "x" })).toBe(true);
    expect(get("webhook-headers:user.created")({ "x-signature": "short" })).toBe(false);
    expect(get("parameters:user.created:header")({ "X-Signature": "abcdefgh" })).toBe(true);
  });
});

describe("readOnly and writeOnly per direction", () => {
  const user = { id: 1, name: "Ada", password: "secret" };
  it("a request need not send readOnly properties (and may)", () => {
    const { id: _id, ...withoutId } = user;
    expect(get("request:putUser:application/json")(withoutId)).toBe(true);
    expect(get("request:putUser:application/json")(user)).toBe(true);
    expect(get("request:putUser:application/json")({ id: 1, name: "Ada" })).toBe(false);
  });
  it("a response need not carry writeOnly properties", () => {
    const { password: _password, ...withoutPassword } = user;
    expect(get("response:getUser:200:application/json")(withoutPassword)).toBe(true);
    expect(get("response:getUser:200:application/json")({ name: "Ada", password: "x" })).toBe(false);
  });
  it("the component as written requires both", () => {
    expect(get("schema:User")(user)).toBe(true);
    expect(get("schema:User")({ name: "Ada", password: "x" })).toBe(false);
    expect(get("schema:User")({ id: 1, name: "Ada" })).toBe(false);
  });
  it("applies the direction through $refs, in nested and recursive positions", () => {
    const friend = { name: "Bob", password: "p" };
    expect(get("request:putUser:application/json")({ name: "Ada", password: "x", friends: [friend] })).toBe(
      true,
    );
    expect(get("schema:User")({ ...user, friends: [friend] })).toBe(false);
  });
});

describe("OpenAPI dialect and JSON Schema 2020-12", () => {
  it("accepts discriminator, xml, externalDocs and example as annotations", () => {
    expect(get("schema:Pet")({ kind: "cat", lives: 9 })).toBe(true);
    expect(get("schema:Pet")({ kind: "bird" })).toBe(false);
    expect(get("schema:Address")({ city: "Berlin", zip: "10115" })).toBe(true);
    expect(get("schema:Address")({ city: "Berlin", zip: "1011" })).toBe(false);
  });
  it("shares structurally identical subschemas", () => {
    const event = {
      user: { id: 1, name: "A", password: "p" },
      before: { a: "x", b: 1 },
      after: { a: "x", b: "1" },
    };
    const result = get("webhook:user.created:application/json").validate(event);
    expect(result).toEqual({
      ok: false,
      errors: [{ pointer: "/after/b", keyword: "type", message: "must be integer" }],
    });
  });
});

describe("API forms", () => {
  it("type guard, result form and assert", () => {
    const problem: Validator = get("response:getUser:default:application/problem+json");
    const value: unknown = { title: "boom" };
    expect(problem(value)).toBe(true);
    expect(problem.validate(value)).toEqual({ ok: true, value });
    expect(problem.validate({})).toEqual({
      ok: false,
      errors: [{ pointer: "/title", keyword: "required", message: "must have required property 'title'" }],
    });
    expect(() => problem.assert({})).toThrow(ValidationError);
    try {
      problem.assert({ title: 3 });
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).validatorName).toBe(
        "operation getUser response default (application/problem+json)",
      );
      expect((error as ValidationError).errors[0]).toMatchObject({ pointer: "/title", keyword: "type" });
    }
  });
  it("points at the additional property that is not allowed", () => {
    expect(get("schema:Closed").validate({ a: "x", "b/c": 1 })).toEqual({
      ok: false,
      errors: [
        { pointer: "/b~1c", keyword: "additionalProperties", message: "must NOT have additional properties" },
      ],
    });
  });
});

describe("output", () => {
  it("is minified by default; minify: false keeps ajv's code readable and gives the same results", async () => {
    const readable = renderValidators(
      buildIR(structuredClone(fixtureDocument) as unknown as OpenApiDocument),
      { minify: false },
    );
    expect(readable.js).toMatch(/function validate\d+\(data, \{instancePath/);
    expect(js).not.toMatch(/function validate\d+\(data, \{instancePath/);
    expect(js.length).toBeLessThan(readable.js.length * 0.8);
    const dir = writeOut("behaviour-readable", { "validators.js": readable.js });
    const other = await importFresh<ValidatorsModule>(join(dir, "validators.js"));
    const samples: Array<[string, unknown]> = [
      ["schema:Pet", { kind: "cat", lives: 9 }],
      ["schema:Pet", { kind: "bird" }],
      ["schema:Address", { city: "Berlin", zip: "1011" }],
      ["schema:Closed", { a: "x", "b/c": 1 }],
      ["response:getUser:default:application/problem+json", {}],
    ];
    for (const [key, value] of samples) {
      expect(other.validatorFor(key)?.validate(value)).toEqual(get(key).validate(value));
    }
  });
});

describe("format checks can be switched off at run time", () => {
  it("checks formats by default, not in the format-free set", () => {
    const user = { id: 1, name: "A", password: "p", createdAt: "yesterday" };
    expect(module.validators["schema:User"]?.(user)).toBe(false);
    expect(module.validatorsWithoutFormats["schema:User"]?.(user)).toBe(true);
    expect(module.validatorForWithoutFormats("schema:User")?.({ ...user, createdAt: 5 })).toBe(false);
    expect(module.validators["schema:User"]?.({ ...user, createdAt: "2024-02-29T10:00:00Z" })).toBe(true);
  });
});

describe("safety", () => {
  it("is real ESM with no require() and no code built from spec text", () => {
    expect(js).not.toMatch(/\brequire\s*\(/);
    expect(js).not.toMatch(/new Function|eval\(/);
    expect(js).toMatch(/^import \{/m);
  });
  it("a __proto__ key is validated as data and pollutes nothing", () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}, "a": "x"}') as unknown;
    expect(get("schema:Closed")(payload)).toBe(false);
    expect(get("schema:Closed").validate(payload)).toMatchObject({
      ok: false,
      errors: [{ pointer: "/__proto__", keyword: "additionalProperties" }],
    });
    expect(get("schema:Problem")(JSON.parse('{"__proto__": {"title": "inherited?"}}'))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
  it("properties named like Object.prototype members are not satisfied by inheritance", () => {
    expect(get("schema:Dictionary")({})).toBe(false);
    expect(get("schema:Dictionary")({ constructor: "c" })).toBe(true);
    expect(get("schema:Dictionary")({ constructor: 1 })).toBe(false);
    expect(get("schema:Dictionary")({ constructor: "c", toString: 2 })).toBe(false);
    expect(get("schema:Dictionary")({ constructor: "c", extra: 2 })).toBe(true);
  });
  it("spec strings stay data: hostile names and property names validate literally", () => {
    const hostile = get(`schema:${hostileName}`);
    expect(hostile.validatorName).toBe(`schema ${hostileName}`);
    expect(hostile({ '");process.exit(1);("': "*/\u2028`" })).toBe(true);
    expect(hostile({ '");process.exit(1);("': "other" })).toBe(false);
    expect(hostile({})).toBe(false);
  });
});

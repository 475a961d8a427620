/**
 * Unit tests of the validators generator's transformations: sharing (hash-consing), pruning of
 * schema literals, compaction of error sites and calls. Behaviour of whole generated modules is
 * tested in test/validators.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildIR, type OpenApiDocument } from "@contract/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { ajvOptionsFor, createValidatorAjv } from "../src/generators/validators/ajv.js";
import { compactCalls } from "../src/generators/validators/compact-calls.js";
import { compactErrorSites } from "../src/generators/validators/compact-errors.js";
import { renderValidators, renderValidatorsAsync } from "../src/generators/validators/index.js";
import { minifyFunctions, minifyFunctionsAsync } from "../src/generators/validators/minify.js";
import { pruneSchemaLiterals, skipString } from "../src/generators/validators/prune-literals.js";
import { findUnsupportedKeyword, shareSchemas } from "../src/generators/validators/share.js";

const address = {
  type: "object",
  required: ["city"],
  properties: { city: { type: "string" }, zip: { type: "string" } },
};

describe("ajvOptionsFor", () => {
  it("turns each option on only for a schema that may need it, wherever the name stands", () => {
    const none = { ownProperties: false, unevaluated: false, dynamicRef: false };
    expect(ajvOptionsFor([address, true])).toEqual(none);
    expect(ajvOptionsFor([address, { required: ["constructor"] }])).toEqual({ ...none, ownProperties: true });
    expect(ajvOptionsFor([{ properties: { __proto__x: {} } }])).toEqual(none);
    expect(ajvOptionsFor([{ unevaluatedItems: false }])).toEqual({ ...none, unevaluated: true });
    expect(ajvOptionsFor([address, { $dynamicRef: "#node" }, { enum: ["toString"] }])).toEqual({
      ...none,
      dynamicRef: true,
      ownProperties: true,
    });
  });
});

describe("shareSchemas", () => {
  it("turns structurally identical subschemas into one definition, prose aside", () => {
    const document = {
      type: "object",
      properties: {
        home: { ...address, description: "home" },
        work: { ...address, title: "work", examples: [{ city: "x" }] },
      },
    };
    const { definitions, roots } = shareSchemas(document, [{ pointer: "", direction: "asWritten" }], {
      minShareSize: 2,
    });
    expect(definitions.size).toBe(2);
    const root = definitions.get(roots[0] as string) as Record<string, any>;
    expect(root.properties.home).toEqual(root.properties.work);
    expect(definitions.get(root.properties.home.$ref)).toEqual(address);
  });

  it("inlines repeats below the minimum size", () => {
    const document = { anyOf: [{ type: "string" }, { type: "string" }] };
    const { definitions } = shareSchemas(document, [{ pointer: "", direction: "asWritten" }], {
      minShareSize: 2,
    });
    expect([...definitions.values()]).toEqual([{ anyOf: [{ type: "string" }, { type: "string" }] }]);
  });

  it("keeps recursive references as references between definitions", () => {
    const document = {
      $defs: { node: { type: "object", properties: { next: { $ref: "#/$defs/node" } } } },
      $ref: "#/$defs/node",
    };
    const { definitions, roots } = shareSchemas(document, [{ pointer: "", direction: "asWritten" }]);
    // `{ $ref }` wrappers may share a definition of their own; follow them to the object.
    const target = (name: string): string => {
      const definition = definitions.get(name) as { $ref?: string; properties?: unknown };
      return definition.properties === undefined && definition.$ref ? target(definition.$ref) : name;
    };
    const node = target(roots[0] as string);
    const next = (definitions.get(node) as { properties: { next: { $ref: string } } }).properties.next.$ref;
    expect(target(next)).toBe(node);
    expect(definitions.get(node)).toMatchObject({ type: "object" });
  });

  it("keeps __proto__ as an ordinary property name", () => {
    const document = JSON.parse(
      '{"properties": {"__proto__": {"type": "number"}}, "required": ["__proto__"]}',
    );
    const { definitions, roots } = shareSchemas(document, [{ pointer: "", direction: "asWritten" }]);
    const root = definitions.get(roots[0] as string) as { properties: Record<string, unknown> };
    expect(Object.hasOwn(root.properties, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(root.properties)).toBe(Object.prototype);
  });

  it("drops required readOnly properties for requests and writeOnly ones for responses", () => {
    const document = {
      components: {
        schemas: {
          Id: { type: "integer", readOnly: true },
          User: {
            type: "object",
            required: ["id", "password", "name"],
            properties: { id: { $ref: "#/components/schemas/Id" }, password: { writeOnly: true }, name: {} },
          },
        },
      },
    };
    const pointer = "/components/schemas/User";
    const { definitions, roots } = shareSchemas(document, [
      { pointer, direction: "request" },
      { pointer, direction: "response" },
      { pointer, direction: "asWritten" },
    ]);
    const required = roots.map((r) => (definitions.get(r) as { required: string[] }).required);
    expect(required).toEqual([
      ["password", "name"],
      ["id", "name"],
      ["id", "password", "name"],
    ]);
  });

  it("merges definitions that reference different pointers with equal content", () => {
    // Two operations, each with its own (equal) header parameter schema: one definition each for
    // the parameters, one for the two header objects once their references read the same.
    const document = { a: { type: "string", minLength: 1 }, b: { type: "string", minLength: 1 } };
    const headers = (pointer: string) => ({
      schema: {
        type: "object",
        properties: { "user-agent": { $ref: `#${pointer}` } },
        required: ["user-agent"],
      },
      direction: "request" as const,
    });
    const { definitions, roots } = shareSchemas(document, [headers("/a"), headers("/b")]);
    expect(roots[0]).toBe(roots[1]);
    expect(definitions.size).toBe(2);
    const root = definitions.get(roots[0] as string) as { properties: Record<string, { $ref: string }> };
    expect(definitions.get(root.properties["user-agent"]?.$ref as string)).toEqual(document.a);
  });

  it("keeps definitions apart when their references lead to different content", () => {
    const document = { a: { type: "string" }, b: { type: "integer" } };
    const wrap = (pointer: string) => ({
      schema: { type: "object", properties: { x: { $ref: `#${pointer}` } } },
      direction: "asWritten" as const,
    });
    const { roots } = shareSchemas(document, [wrap("/a"), wrap("/b")]);
    expect(roots[0]).not.toBe(roots[1]);
  });

  it("refuses $refs that do not resolve, naming where", () => {
    expect(() => shareSchemas({ $ref: "#/nowhere" }, [{ pointer: "", direction: "asWritten" }])).toThrow(
      /does not resolve/,
    );
  });

  it("finds keywords that make pointers depend on nested base URIs", () => {
    expect(findUnsupportedKeyword({ properties: { a: { $id: "x" } } })).toBe("/properties/a/$id");
    expect(findUnsupportedKeyword({ $ref: "other.json" })).toBe("/$ref");
    expect(findUnsupportedKeyword({ $id: "root", $ref: "#/$defs/a", $defs: { a: {} } })).toBeUndefined();
  });
});

describe("pruneSchemaLiterals", () => {
  it("keeps only what the code reads and drops unread literals", () => {
    const code =
      'const schema1 = {"properties":{"a":{"enum":[1,2]},"b":{"type":"string"}}};const schema2 = {"x":1};' +
      "function f(d){return schema1.properties.a.enum.includes(d);}";
    expect(pruneSchemaLiterals(code)).toBe(
      'const schema1 = {"properties":{"a":{"enum":[1,2]}}};function f(d){return schema1.properties.a.enum.includes(d);}',
    );
  });
  it("leaves string literals that look like declarations alone", () => {
    const code = 'const schema1 = {"a":"const schema2 = {};"};f(schema1["a"]);';
    expect(pruneSchemaLiterals(code)).toBe(code);
  });
});

describe("renderValidatorsAsync", () => {
  it("writes what renderValidators writes, minified or not", async () => {
    const document = {
      openapi: "3.1.0",
      info: { title: "T", version: "1" },
      paths: {},
      components: { schemas: { Address: address, Home: { type: "object", properties: { address } } } },
    } as unknown as OpenApiDocument;
    for (const minify of [true, false]) {
      const ir = buildIR(document);
      const expected = renderValidators(ir, { minify });
      const rendered = await renderValidatorsAsync(ir, { minify });
      expect(rendered.js).toBe(expected.js);
      expect(rendered.dts).toBe(expected.dts);
    }
  });

  it("minifies the same without a writable temporary folder, and leaves no file behind", async () => {
    const source = "function build(a) { const longName = a + 1; return longName * 2; }";
    const expected = minifyFunctions(source);
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith("contract-minify-"));
    expect(await minifyFunctionsAsync(source)).toBe(expected);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith("contract-minify-"))).toEqual(before);
    const saved = process.env.TMPDIR;
    // A file where the temporary folder should be: no folder can be made in it.
    const notAFolder = join(mkdtempSync(join(tmpdir(), "validators-test-")), "file");
    writeFileSync(notAFolder, "");
    process.env.TMPDIR = notAFolder;
    try {
      expect(tmpdir()).toBe(notAFolder);
      expect(await minifyFunctionsAsync(source)).toBe(expected);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(dirname(notAFolder), { recursive: true, force: true });
    }
  });
});

describe("createValidatorAjv", () => {
  it("resolves references as ajv's own URI resolver does, definition names included", () => {
    const general = new Ajv2020().opts.uriResolver;
    const shortcut = createValidatorAjv().opts.uriResolver;
    expect(shortcut).not.toBe(general);
    const ids = ["d0", "d12", "Pet_2", "a/b", "../d1", "d1#/properties/x", "#/$defs/a", "HTTP:x", "d.1", ""];
    const bases = [...ids, "https://example.test/schemas/d3", "urn:x:d4"];
    for (const base of bases) {
      for (const id of ids)
        expect([base, id, shortcut.resolve(base, id)]).toEqual([base, id, general.resolve(base, id)]);
    }
  });
});

describe("skipString", () => {
  it("ends a literal at the first quote that an even run of backslashes precedes", () => {
    expect(skipString('x"a\\"b"y', 1)).toBe(7);
    expect(skipString('"a\\\\"y', 0)).toBe(5);
    expect(skipString('"\\\\\\"\\\\"y', 0)).toBe(8);
    expect(() => skipString('"a\\"', 0)).toThrow("unterminated");
  });
});

describe("compaction", () => {
  it("rewrites error sites to the runtime's fail()", () => {
    const code =
      'if(x){validate3.errors = [{instancePath:instancePath+"/a,b",schemaPath:"#/p",keyword:"type",params:{type: "string"}}];return false;}';
    expect(compactErrorSites(code)).toBe(
      'if(x){return __fail(validate3,instancePath+"/a,b","type",{type: "string"});}',
    );
  });
  it("shortens calls only when $data and $dynamicRef are not in play, and never inside strings", () => {
    const call =
      'if(!(validate2(data.a, {instancePath:instancePath+"/a",parentData:data,parentDataProperty:"a",rootData,dynamicAnchors}))){vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);errors = vErrors.length;}';
    const text = '"vErrors = vErrors === null ? validate2.errors : vErrors.concat(validate2.errors);"';
    expect(compactCalls(`${call}f(${text});`)).toBe(
      `if(!(validate2(data.a,{instancePath:instancePath+"/a"}))){vErrors = __concatErrors(vErrors,validate2.errors);errors = vErrors.length;}f(${text});`,
    );
    const dynamic = `${call}if(!dynamicAnchors.meta){}`;
    expect(compactCalls(dynamic)).toBe(dynamic);
  });
  it("writes a property checked by another definition as one expression, also for quoted names", () => {
    const site = (access: string, path: string) =>
      `if(data${access} !== undefined){let data3 = data${access};const _errs4 = errors;if(!(validate9(data3, {instancePath:instancePath+${path},parentData:data,parentDataProperty:${path},rootData}))){vErrors = vErrors === null ? validate9.errors : vErrors.concat(validate9.errors);errors = vErrors.length;}else {}var valid0 = _errs4 === errors;}else {var valid0 = true;}`;
    expect(compactCalls(site(".a", '"/a"'))).toBe(
      'var valid0 = data.a === undefined || validate9(data.a,{instancePath:instancePath+"/a"}) || (vErrors = __concatErrors(vErrors,validate9.errors), errors = vErrors.length, false);',
    );
    expect(compactCalls(site('["x-y"]', '"/x-y"'))).toBe(
      'var valid0 = data["x-y"] === undefined || validate9(data["x-y"],{instancePath:instancePath+"/x-y"}) || (vErrors = __concatErrors(vErrors,validate9.errors), errors = vErrors.length, false);',
    );
    // Reading one property and checking another is not this construct.
    const mismatched = site('["x-y"]', '"/x-y"').replace(
      'let data3 = data["x-y"]',
      'let data3 = data["x-z"]',
    );
    expect(compactCalls(mismatched)).not.toContain("var valid0 = data");
  });
});

import { describe, expect, it } from "vitest";
import { needsNullableWithRequired, repairForTypeScript } from "../src/generators/types/repair.js";

const doc = (schemas: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: "3.1.0",
  components: { schemas },
  ...extra,
});

describe("repairForTypeScript", () => {
  it("returns the very same object when nothing needs repair", () => {
    const given = doc({
      A: { type: "object", properties: { b: { $ref: "#/components/schemas/B" } } },
      B: { type: "object", properties: { a: { $ref: "#/components/schemas/A" } } }, // via members: fine
      C: { type: "array", items: { $ref: "#/components/schemas/A" } },
    });
    expect(repairForTypeScript(given)).toBe(given);
  });

  it("inlines refs to places that are not named types, siblings win, input untouched", () => {
    const given = doc({
      A: {
        allOf: [{ $ref: "#/components/schemas/A/definitions/Inner", description: "outer" }],
        definitions: { Inner: { type: "string", description: "inner" } },
      },
    });
    const before = JSON.stringify(given);
    const want = repairForTypeScript(given) as any;
    expect(want.components.schemas.A.allOf[0]).toEqual({ type: "string", description: "outer" });
    expect(JSON.stringify(given)).toBe(before);
  });

  it("turns a ref cycle through unnamed places into unknown where it closes", () => {
    const given = doc({
      A: {
        definitions: {
          Node: { type: "object", properties: { next: { $ref: "#/components/schemas/A/definitions/Node" } } },
        },
        properties: { head: { $ref: "#/components/schemas/A/definitions/Node" } },
      },
    });
    const head = (repairForTypeScript(given) as any).components.schemas.A.properties.head;
    expect(head).toEqual({ type: "object", properties: { next: {} } });
  });

  it("cuts direct self-reference outside object members (TypeScript rejects it as circular)", () => {
    const given = doc({
      Value: {
        oneOf: [{ type: "string" }, { type: "array", items: { $ref: "#/components/schemas/Value" } }],
      },
    });
    const value = (repairForTypeScript(given) as any).components.schemas.Value;
    expect(value.oneOf[1]).toEqual({ type: "array", items: {} });
    expect((given.components.schemas.Value as any).oneOf[1].items.$ref).toBe("#/components/schemas/Value");
  });

  it("cuts exactly one ref of a two-schema direct cycle", () => {
    const given = doc({
      A: { anyOf: [{ $ref: "#/components/schemas/B" }, { type: "null" }] },
      B: { type: "array", items: { $ref: "#/components/schemas/A" } },
    });
    const out = JSON.stringify(repairForTypeScript(given));
    expect(out.match(/\$ref/g)?.length).toBe(1);
  });
});

describe("needsNullableWithRequired", () => {
  const base = (type: unknown) => ({ type, properties: { id: { type: "string" } } });
  const derived = { allOf: [{ $ref: "#/components/schemas/Base" }], required: ["id"] };
  it("only for allOf + required over a base that admits null", () => {
    expect(needsNullableWithRequired(doc({ Base: base("object"), Derived: derived }))).toBe(false);
    expect(needsNullableWithRequired(doc({ Base: base(["object", "null"]), Derived: derived }))).toBe(true);
    expect(
      needsNullableWithRequired(doc({ Base: base(["object", "null"]), D: { allOf: derived.allOf } })),
    ).toBe(false);
  });
});

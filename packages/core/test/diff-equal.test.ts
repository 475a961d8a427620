/** The structural equality that lets diff skip unchanged schemas: it must never call a change equal. */

import type { OpenApiDocument } from "@contract/core";
import { describe, expect, it } from "vitest";
import { SchemaEquality } from "../src/diff/schema-equal.js";

const doc = (schemas: Record<string, unknown>) =>
  ({ openapi: "3.1.0", info: { title: "t", version: "1" }, components: { schemas } }) as OpenApiDocument;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const node = (leaf: unknown) => ({
  type: "object",
  properties: { value: leaf, children: { type: "array", items: ref("Node") } },
});

describe("SchemaEquality", () => {
  it("follows refs on either side and ignores component names and annotations", () => {
    const base = doc({
      Pet: { type: "object", description: "a pet", properties: { a: { type: "string" } } },
    });
    const head = doc({
      Animal: { type: "object", title: "x", "x-internal": true, properties: { a: { type: "string" } } },
    });
    const eq = new SchemaEquality(base, head);
    expect(eq.equal(ref("Pet"), ref("Animal"))).toBe(true);
    expect(eq.equal(ref("Pet"), { properties: { a: { type: "string" } }, type: "object" })).toBe(true);
    expect(eq.equal({ ...ref("Pet"), description: "why" }, ref("Animal"))).toBe(true);
  });

  it("tells apart any difference in a keyword that validates", () => {
    const base = doc({ Pet: { type: "object", properties: { a: { type: "string" } } } });
    const head = doc({ Pet: { type: "object", properties: { a: { type: "string", maxLength: 3 } } } });
    const eq = new SchemaEquality(base, head);
    expect(eq.equal(ref("Pet"), ref("Pet"))).toBe(false);
    // A constraint beside a $ref is not dropped.
    const same = new SchemaEquality(base, base);
    expect(same.equal({ ...ref("Pet"), minProperties: 1 }, base.components!.schemas!.Pet)).toBe(false);
    expect(same.equal({ enum: ["a", "b"] }, { enum: ["b", "a"] })).toBe(false);
  });

  it("compares recursive schemas, equal or different deep inside", () => {
    const base = doc({ Node: node({ type: "string" }) });
    expect(
      new SchemaEquality(base, doc({ Node: node({ type: "string" }) })).equal(ref("Node"), ref("Node")),
    ).toBe(true);
    const changed = new SchemaEquality(base, doc({ Node: node({ type: "integer" }) }));
    expect(changed.equal(ref("Node"), ref("Node"))).toBe(false);
    // A failed comparison leaves no wrong `true` behind for parts that assumed the pair equal.
    expect(
      changed.equal(
        base.components!.schemas!.Node,
        doc({ Node: node({ type: "integer" }) }).components!.schemas!.Node,
      ),
    ).toBe(false);
  });
});

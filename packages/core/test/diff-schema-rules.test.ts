/**
 * Every schema rule on every message side: the same schema change is breaking, a warning or info
 * depending on who writes the message (the consumer writes requests and webhook acknowledgements,
 * reads responses and webhook payloads).
 */
import { describe, expect, it } from "vitest";
import { diff, PLACES, summary } from "./diff-helpers.js";

type Severity = "breaking" | "warning" | "info";
interface Case {
  rule: string;
  base: unknown;
  head: unknown;
  input: Severity;
  output: Severity;
  /** Pointer suffixes (after the schema's own pointer) of the change on each side. */
  at: [string, string];
}

const str = { type: "string" };
const obj = (properties: Record<string, unknown>, required: string[] = [], extra = {}) => ({
  type: "object",
  properties,
  required,
  ...extra,
});

const CASES: Case[] = [
  {
    rule: "type-changed",
    base: str,
    head: { type: "integer" },
    input: "breaking",
    output: "breaking",
    at: ["/type", "/type"],
  },
  {
    rule: "type-narrowed",
    base: { type: ["string", "integer"] },
    head: str,
    input: "breaking",
    output: "info",
    at: ["/type", "/type"],
  },
  {
    rule: "type-widened",
    base: { type: "integer" },
    head: { type: "number" },
    input: "info",
    output: "breaking",
    at: ["/type", "/type"],
  },
  { rule: "type-narrowed", base: {}, head: str, input: "breaking", output: "info", at: ["", "/type"] },
  {
    rule: "became-nullable",
    base: str,
    head: { type: ["string", "null"] },
    input: "info",
    output: "breaking",
    at: ["", ""],
  },
  {
    rule: "became-non-nullable",
    base: { type: ["string", "null"] },
    head: str,
    input: "breaking",
    output: "info",
    at: ["", ""],
  },
  {
    rule: "became-nullable",
    base: str,
    head: { anyOf: [str, { type: "null" }] },
    input: "info",
    output: "breaking",
    at: ["", ""],
  },
  {
    rule: "enum-value-removed",
    base: { type: "string", enum: ["a", "b"] },
    head: { type: "string", enum: ["a"] },
    input: "breaking",
    output: "info",
    at: ["/enum", "/enum"],
  },
  {
    rule: "enum-value-added",
    base: { type: "string", enum: ["a"] },
    head: { type: "string", enum: ["a", "b"] },
    input: "info",
    output: "warning",
    at: ["/enum", "/enum"],
  },
  {
    rule: "enum-added",
    base: str,
    head: { type: "string", enum: ["a"] },
    input: "breaking",
    output: "info",
    at: ["", "/enum"],
  },
  {
    rule: "enum-removed",
    base: { type: "string", enum: ["a"] },
    head: str,
    input: "info",
    output: "breaking",
    at: ["/enum", ""],
  },
  {
    rule: "enum-value-added",
    base: { type: "string", const: "a" },
    head: { type: "string", enum: ["a", "b"] },
    input: "info",
    output: "warning",
    at: ["/const", "/enum"],
  },
  {
    rule: "pattern-added",
    base: str,
    head: { ...str, pattern: "^a" },
    input: "breaking",
    output: "info",
    at: ["", "/pattern"],
  },
  {
    rule: "pattern-changed",
    base: { ...str, pattern: "^a" },
    head: { ...str, pattern: "^b" },
    input: "breaking",
    output: "warning",
    at: ["/pattern", "/pattern"],
  },
  {
    rule: "pattern-removed",
    base: { ...str, pattern: "^a" },
    head: str,
    input: "info",
    output: "warning",
    at: ["/pattern", ""],
  },
  {
    rule: "format-added",
    base: str,
    head: { ...str, format: "email" },
    input: "warning",
    output: "info",
    at: ["", "/format"],
  },
  {
    rule: "format-changed",
    base: { ...str, format: "email" },
    head: { ...str, format: "uri" },
    input: "warning",
    output: "warning",
    at: ["/format", "/format"],
  },
  {
    rule: "format-removed",
    base: { ...str, format: "uri" },
    head: str,
    input: "info",
    output: "warning",
    at: ["/format", ""],
  },
  {
    rule: "default-changed",
    base: { ...str, default: "a" },
    head: { ...str, default: "b" },
    input: "breaking",
    output: "info",
    at: ["/default", "/default"],
  },
  {
    rule: "default-added",
    base: str,
    head: { ...str, default: "a" },
    input: "info",
    output: "info",
    at: ["", "/default"],
  },
  {
    rule: "default-removed",
    base: { ...str, default: "a" },
    head: str,
    input: "warning",
    output: "info",
    at: ["/default", ""],
  },
  {
    rule: "property-removed",
    base: obj({ a: str, b: str }),
    head: obj({ a: str }),
    input: "warning",
    output: "breaking",
    at: ["/properties/b", "/properties"],
  },
  {
    rule: "required-property-added",
    base: obj({ a: str }),
    head: obj({ a: str, b: str }, ["b"]),
    input: "breaking",
    output: "info",
    at: ["/properties", "/properties/b"],
  },
  {
    rule: "optional-property-added",
    base: obj({ a: str }),
    head: obj({ a: str, b: str }),
    input: "info",
    output: "info",
    at: ["/properties", "/properties/b"],
  },
  {
    rule: "property-became-required",
    base: obj({ a: str }),
    head: obj({ a: str }, ["a"]),
    input: "breaking",
    output: "info",
    at: ["/properties/a", "/properties/a"],
  },
  {
    rule: "property-became-optional",
    base: obj({ a: str }, ["a"]),
    head: obj({ a: str }),
    input: "info",
    output: "breaking",
    at: ["/properties/a", "/properties/a"],
  },
  {
    rule: "additional-properties-restricted",
    base: obj({ a: str }),
    head: obj({ a: str }, [], { additionalProperties: false }),
    input: "breaking",
    output: "info",
    at: ["/additionalProperties", "/additionalProperties"],
  },
  {
    rule: "additional-properties-allowed",
    base: obj({ a: str }, [], { additionalProperties: false }),
    head: obj({ a: str }),
    input: "info",
    output: "warning",
    at: ["/additionalProperties", "/additionalProperties"],
  },
  {
    rule: "alternative-removed",
    base: { oneOf: [str, { type: "integer" }] },
    head: str,
    input: "breaking",
    output: "info",
    at: ["/oneOf/1", ""],
  },
  {
    rule: "alternative-added",
    base: { anyOf: [str, obj({ a: str })] },
    head: { anyOf: [str, obj({ a: str }), { type: "array" }] },
    input: "info",
    output: "breaking",
    at: ["/anyOf", "/anyOf/2"],
  },
  {
    rule: "max-length-tightened",
    base: { ...str, maxLength: 10 },
    head: { ...str, maxLength: 5 },
    input: "breaking",
    output: "info",
    at: ["/maxLength", "/maxLength"],
  },
  {
    rule: "max-length-tightened",
    base: str,
    head: { ...str, maxLength: 5 },
    input: "breaking",
    output: "info",
    at: ["", "/maxLength"],
  },
  {
    rule: "max-length-loosened",
    base: { ...str, maxLength: 5 },
    head: { ...str, maxLength: 10 },
    input: "info",
    output: "breaking",
    at: ["/maxLength", "/maxLength"],
  },
  {
    rule: "maximum-tightened",
    base: { type: "integer", maximum: 100 },
    head: { type: "integer", maximum: 50 },
    input: "breaking",
    output: "info",
    at: ["/maximum", "/maximum"],
  },
  {
    rule: "minimum-tightened",
    base: { type: "integer", minimum: 1 },
    head: { type: "integer", minimum: 2 },
    input: "breaking",
    output: "info",
    at: ["/minimum", "/minimum"],
  },
  {
    rule: "min-length-loosened",
    base: { ...str, minLength: 3 },
    head: { ...str, minLength: 1 },
    input: "info",
    output: "breaking",
    at: ["/minLength", "/minLength"],
  },
  {
    rule: "max-items-loosened",
    base: { type: "array", items: str, maxItems: 3 },
    head: { type: "array", items: str },
    input: "info",
    output: "breaking",
    at: ["/maxItems", ""],
  },
  {
    rule: "min-items-tightened",
    base: { type: "array", items: str },
    head: { type: "array", items: str, minItems: 1 },
    input: "breaking",
    output: "info",
    at: ["", "/minItems"],
  },
  {
    rule: "exclusive-maximum-tightened",
    base: { type: "number", exclusiveMaximum: 10 },
    head: { type: "number", exclusiveMaximum: 9 },
    input: "breaking",
    output: "info",
    at: ["/exclusiveMaximum", "/exclusiveMaximum"],
  },
  {
    rule: "unique-items-added",
    base: { type: "array", items: str },
    head: { type: "array", items: str, uniqueItems: true },
    input: "breaking",
    output: "info",
    at: ["", "/uniqueItems"],
  },
  {
    rule: "multiple-of-changed",
    base: { type: "number", multipleOf: 2 },
    head: { type: "number", multipleOf: 3 },
    input: "breaking",
    output: "warning",
    at: ["/multipleOf", "/multipleOf"],
  },
  // Keywords without a rule of their own still surface.
  {
    rule: "keyword-changed",
    base: { ...str, not: { enum: ["x"] } },
    head: { ...str, not: { enum: ["y"] } },
    input: "warning",
    output: "warning",
    at: ["/not", "/not"],
  },
  {
    rule: "keyword-changed",
    base: { type: "object", properties: { a: str } },
    head: { type: "object", properties: { a: str }, unevaluatedProperties: false },
    input: "warning",
    output: "warning",
    at: ["", "/unevaluatedProperties"],
  },
  // Changes deep inside: pointers name the nested keyword on both sides.
  {
    rule: "type-changed",
    base: obj({ a: obj({ b: str }) }),
    head: obj({ a: obj({ b: { type: "boolean" } }) }),
    input: "breaking",
    output: "breaking",
    at: ["/properties/a/properties/b/type", "/properties/a/properties/b/type"],
  },
  {
    rule: "max-length-tightened",
    base: { type: "array", items: { ...str, maxLength: 5 } },
    head: { type: "array", items: { ...str, maxLength: 3 } },
    input: "breaking",
    output: "info",
    at: ["/items/maxLength", "/items/maxLength"],
  },
  {
    rule: "enum-value-removed",
    base: { type: "object", additionalProperties: { type: "string", enum: ["x", "y"] } },
    head: { type: "object", additionalProperties: { type: "string", enum: ["x"] } },
    input: "breaking",
    output: "info",
    at: ["/additionalProperties/enum", "/additionalProperties/enum"],
  },
];

describe.each(Object.values(PLACES))("schema rules on the $prefix side", (place) => {
  it.each(CASES.map((c) => [`${c.rule}: ${JSON.stringify(c.base)} → ${JSON.stringify(c.head)}`, c] as const))(
    "%s",
    (_name, c) => {
      const changes = diff(place.wrap(c.base), place.wrap(c.head));
      expect(summary(changes)).toEqual([
        {
          code: `${place.prefix}-${c.rule}`,
          severity: place.role === "input" ? c.input : c.output,
          base: place.pointer + c.at[0],
          head: place.pointer + c.at[1],
        },
      ]);
    },
  );
});

describe("a property removed from a closed object", () => {
  const closed = (properties: Record<string, unknown>) =>
    obj(properties, [], { additionalProperties: false });
  it.each(Object.values(PLACES).map((p) => [p.prefix, p] as const))("on the %s side", (_name, place) => {
    const changes = summary(diff(place.wrap(closed({ a: str, b: str })), place.wrap(closed({ a: str }))));
    const input = place.role === "input";
    expect(changes).toEqual([
      {
        code: `${place.prefix}-${input ? "property-no-longer-accepted" : "property-removed"}`,
        severity: "breaking",
        base: `${place.pointer}/properties/b`,
        head: `${place.pointer}/properties`,
      },
    ]);
  });
});

describe("read-only and write-only properties", () => {
  const withId = (extra: Record<string, unknown>) =>
    obj({ id: { type: "string", ...extra }, name: str }, ["id"]);

  it("ignores a read-only property the client never sends", () => {
    expect(
      diff(PLACES.request.wrap(withId({ readOnly: true })), PLACES.request.wrap(obj({ name: str }))),
    ).toEqual([]);
  });

  it("still reports a read-only property removed from a response", () => {
    const changes = diff(
      PLACES.response.wrap(withId({ readOnly: true })),
      PLACES.response.wrap(obj({ name: str })),
    );
    expect(summary(changes).map((c) => c.code)).toEqual(["response-property-removed"]);
  });

  it("ignores a write-only property the server never returns", () => {
    expect(
      diff(PLACES.response.wrap(withId({ writeOnly: true })), PLACES.response.wrap(obj({ name: str }))),
    ).toEqual([]);
  });
});

/**
 * Shapes of valid specs, each seen in public APIs, that used to stop generation or yield code that
 * does not compile. Every test writes its own minimal spec, generates with every generator on and
 * compiles the output under strict tsc.
 */
import { describe, expect, it } from "vitest";
import { shareSchemas } from "../src/generators/validators/share.js";
import { compileFiles, generateFromText } from "./support/compile-contract.js";

const TIMEOUT = { timeout: 120_000 };

describe("nullable in a 3.1 document", () => {
  const spec = `
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Owner:
      type: object
      properties: {name: {type: string}}
    Pet:
      type: object
      required: [owner, tag, size]
      properties:
        owner:
          $ref: "#/components/schemas/Owner"
          nullable: true
        tag:
          nullable: true
          description: no type
          allOf: [{type: string}]
        size:
          type: integer
          nullable: true
        kept:
          type: string
          nullable: false
`;

  it(
    "is honoured as written (null allowed), with one warning, and everything compiles",
    TIMEOUT,
    async () => {
      const { loaded, files } = await generateFromText(spec);
      const warnings = loaded.diagnostics.filter((d) => d.code === "nullable-in-3.1");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        severity: "warning",
        pointer: "/components/schemas/Pet/properties/owner/nullable",
      });
      expect(warnings[0]?.message).toMatch(/4 schemas/);
      expect(JSON.stringify(loaded.document)).not.toContain('"nullable"');
      const user = [
        'import type { components } from "./types.js";',
        'type Pet = components["schemas"]["Pet"];',
        "export const pet: Pet = { owner: null, tag: null, size: null };",
        "export const other: Pet = { owner: { name: 'a' }, tag: 'x', size: 1, kept: 'k' };",
        "",
      ].join("\n");
      expect(await compileFiles(files, { "user.ts": user })).toEqual([]);
    },
  );
});

describe("enum: [] (legal in 2020-12: nothing is valid)", () => {
  const spec = `
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Nothing"}
components:
  schemas:
    Nothing:
      enum: []
    Thing:
      type: object
      properties:
        name: {type: string}
        retired: {type: string, enum: []}
`;

  it(
    "compiles to never in types and to a schema that rejects everything in validators, with a warning",
    TIMEOUT,
    async () => {
      const { loaded, files } = await generateFromText(spec);
      expect(loaded.diagnostics.filter((d) => d.code === "enum-empty")).toMatchObject([
        { severity: "warning", pointer: "/components/schemas/Nothing/enum" },
        { severity: "warning", pointer: "/components/schemas/Thing/properties/retired/enum" },
      ]);
      const user = [
        'import type { components } from "./types.js";',
        "type IsNever<T> = [T] extends [never] ? true : false;",
        'export const nothing: IsNever<components["schemas"]["Nothing"]> = true;',
        'export const thing: components["schemas"]["Thing"] = { name: "a" };',
        "",
      ].join("\n");
      expect(await compileFiles(files, { "user.ts": user })).toEqual([]);
      const shared = shareSchemas(loaded.document, [
        { pointer: "/components/schemas/Nothing", direction: "asWritten" },
      ]);
      expect(shared.definitions.get(shared.roots[0] as string)).toBe(false);
    },
  );
});

describe("enum values the schema's type rejects (Mercedes-Benz configurator: type object, string enum)", () => {
  const spec = `
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Holder"}
components:
  schemas:
    Kind:
      description: A kind of thing
      type: object
      enum: [A, B]
    Code: {type: integer, enum: ["a", "b"]}
    Mixed: {type: string, enum: [a, 1]}
    Holder:
      type: object
      properties:
        kind: {$ref: "#/components/schemas/Kind"}
        code: {$ref: "#/components/schemas/Code"}
        mixed: {$ref: "#/components/schemas/Mixed"}
        listed:
          oneOf:
            - {type: object, enum: [X]}
            - {type: string}
`;

  it(
    "generates (types: never where nothing is valid), warns at each enum, and compiles",
    TIMEOUT,
    async () => {
      const { loaded, files } = await generateFromText(spec);
      const warnings = loaded.diagnostics.filter((d) => d.code === "enum-type-mismatch");
      expect(warnings.map((d) => [d.severity, d.pointer])).toEqual([
        ["warning", "/components/schemas/Kind/enum"],
        ["warning", "/components/schemas/Code/enum"],
        ["warning", "/components/schemas/Mixed/enum"],
        ["warning", "/components/schemas/Holder/properties/listed/oneOf/0/enum"],
      ]);
      expect(warnings[2]?.message).toMatch(/value 1 is not of type string/);
      const user = [
        'import type { components } from "./types.js";',
        "type IsNever<T> = [T] extends [never] ? true : false;",
        'export const kind: IsNever<components["schemas"]["Kind"]> = true;',
        'export const code: IsNever<components["schemas"]["Code"]> = true;',
        'export const listed: NonNullable<components["schemas"]["Holder"]["listed"]> = "text";',
        'export const mixed: components["schemas"]["Mixed"] = "a";',
        "",
      ].join("\n");
      expect(await compileFiles(files, { "user.ts": user })).toEqual([]);
    },
  );
});

describe("allOf of a nullable base plus required (openapi-typescript: WithRequired<X | null, ...>)", () => {
  const spec = `
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: [object, "null"]
      properties: {id: {type: string}, name: {type: string}}
    AnyOfBase:
      anyOf:
        - {type: object, properties: {id: {type: string}}}
        - {type: "null"}
    Derived:
      allOf: [{$ref: "#/components/schemas/Base"}]
      required: [id]
    DerivedMore:
      allOf:
        - {$ref: "#/components/schemas/Base"}
        - {type: object, properties: {extra: {type: integer}}}
      required: [id, name]
    DerivedAnyOf:
      allOf: [{$ref: "#/components/schemas/AnyOfBase"}]
      required: [id]
    Inline:
      type: object
      properties:
        child:
          allOf: [{$ref: "#/components/schemas/Base"}]
          required: [name]
`;

  it("compiles under strict tsc, and the required keys are required", TIMEOUT, async () => {
    const { files } = await generateFromText(spec, { types: true });
    const user = [
      'import type { components } from "./types.js";',
      'type S = components["schemas"];',
      'export const d: S["Derived"] = { id: "1" };',
      'export const n: S["Derived"] = null;',
      'export const m: S["DerivedMore"] = { id: "1", name: "n", extra: 1 };',
      'export const a: S["DerivedAnyOf"] = { id: "1" };',
      'export const i: S["Inline"] = { child: { name: "n" } };',
      "// @ts-expect-error id is required",
      'export const bad: S["Derived"] = { name: "n" };',
      "",
    ].join("\n");
    expect(await compileFiles(files, { "user.ts": user })).toEqual([]);
  });
});

describe("webhooks the default router (validators) may not tell apart", () => {
  const hook = (name: string, schema: string) => `
  ${name}:
    post:
      requestBody:
        content:
          application/json:
            schema: ${schema}
      responses: {"200": {description: ok}}`;
  const spec = (webhooks: string, schemas: string) =>
    `openapi: 3.1.0\ninfo: {title: t, version: "1"}\nwebhooks:${webhooks}\ncomponents:\n  schemas:\n${schemas}\n`;

  it("route by a top-level constant field when every payload has one, and it compiles", TIMEOUT, async () => {
    const { files, reported } = await generateFromText(
      spec(
        hook("user.created", '{$ref: "#/components/schemas/Created"}') +
          hook("user.deleted", '{$ref: "#/components/schemas/Deleted"}'),
        [
          "    User: {type: object, properties: {id: {type: string}}}",
          "    Created: {type: object, properties: {type: {const: user.created}, user: {$ref: '#/components/schemas/User'}}}",
          "    Deleted: {type: object, properties: {type: {type: string, enum: [user.deleted]}, id: {type: string}}}",
        ].join("\n"),
      ),
    );
    expect(reported).toEqual([]);
    expect(files["webhooks.ts"]).toContain('route: {\n    "by": "body",\n    "field": "type"\n  }');
    expect(await compileFiles(files)).toEqual([]);
  });

  it(
    "without such a field, gen warns, naming the webhooks and the config that fixes it",
    TIMEOUT,
    async () => {
      const { files, reported } = await generateFromText(
        spec(
          hook("order.created", '{$ref: "#/components/schemas/Order"}') +
            hook("order.updated", '{$ref: "#/components/schemas/OrderUpdate"}') +
            hook(
              "refund.created",
              "{type: object, required: [refund], properties: {refund: {type: string}}}",
            ),
          [
            "    Order: {type: object, required: [id], properties: {id: {type: string}, type: {type: string}}}",
            "    OrderUpdate:",
            "      allOf: [{$ref: '#/components/schemas/Order'}]",
            "      required: [changes]",
            "      properties: {changes: {type: object}}",
          ].join("\n"),
        ),
      );
      expect(reported).toMatchObject([{ severity: "warning", code: "webhook-route-ambiguous" }]);
      const message = reported[0]?.message ?? "";
      expect(message).toContain('"order.created" / "order.updated"');
      expect(message).not.toContain("refund.created");
      expect(message).toContain('"generators": { "webhooks": { "route":');
      expect(files["webhooks.ts"]).not.toContain("route:");
      expect(await compileFiles(files)).toEqual([]);
    },
  );
});

describe("properties with a default (openapi-typescript's defaultNonNullable)", () => {
  const spec = `
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: filter, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Filter"}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "201": {description: created}
    put:
      operationId: replacePets
      requestBody: {$ref: "#/components/requestBodies/Pets"}
      responses:
        "204": {description: done}
webhooks:
  pet.adopted:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses: {"200": {description: ok}}
components:
  requestBodies:
    Pets:
      content:
        application/json:
          schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  schemas:
    Filter:
      type: object
      properties:
        limit: {type: integer, default: 10}
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
        kind: {type: string, default: person}
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        status: {type: string, default: available}
        owner: {$ref: "#/components/schemas/Owner"}
        friends: {type: array, items: {$ref: "#/components/schemas/Pet"}}
`;

  it(
    "are optional in requests and parameters, required in responses and webhook payloads",
    TIMEOUT,
    async () => {
      const { files } = await generateFromText(spec);
      const user = [
        'import type { paths, webhooks } from "./types.js";',
        'import { createClient } from "./client.js";',
        'type Body = NonNullable<paths["/pets"]["post"]["requestBody"]>["content"]["application/json"];',
        'export const body: Body = { name: "rex", owner: { name: "ann" } };',
        // A schema reached again through a cycle is the shared component type (defaults required).
        'export const cyclic: Body = { name: "rex", friends: [{ name: "fido", status: "sold" }] };',
        'type Bulk = NonNullable<paths["/pets"]["put"]["requestBody"]>["content"]["application/json"];',
        'export const bulk: Bulk = [{ name: "rex" }];',
        'type Query = NonNullable<paths["/pets"]["get"]["parameters"]["query"]>;',
        "export const query: Query = { filter: {} };",
        "export async function use() {",
        '  const client = createClient({ baseUrl: "http://localhost" });',
        '  await client.addPet({ body: { name: "rex" } });',
        "  await client.listPets({ query: { filter: {} } });",
        "}",
        'type Listed = paths["/pets"]["get"]["responses"]["200"]["content"]["application/json"];',
        "export const listed = (pet: Listed): string => pet.status;",
        'type Adopted = NonNullable<webhooks["pet.adopted"]["post"]["requestBody"]>["content"]["application/json"];',
        "export const adopted = (pet: Adopted): string => pet.status + pet.owner?.kind;",
        "",
      ].join("\n");
      expect(await compileFiles(files, { "user.ts": user })).toEqual([]);
    },
  );
});

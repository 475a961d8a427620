import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec, loadSpecFromString } from "../src/load/index.js";
import { contractError, positionOf, writeTree } from "./support/load-helpers.js";

const yamlSpec = `openapi: 3.1.0
info:
  title: Positions
  version: "1"
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: string }
      responses:
        "200":
          description: ok
components:
  schemas:
    a/b:
      type: object
      properties:
        x~y:
          type: integer
`;

const jsonSpec = `{
  "openapi": "3.1.0",
  "info": { "title": "Positions", "version": "1" },
  "paths": {
    "/items/{id}": {
      "get": {
        "operationId": "getItem",
        "parameters": [
          { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }
        ],
        "responses": { "200": { "description": "ok" } }
      }
    }
  },
  "components": {
    "schemas": {
      "a\\/b": { "type": "object", "properties": { "x~y": { "type": "integer" } } }
    }
  }
}
`;

describe.each([
  { format: "YAML", text: yamlSpec, file: "spec.yaml" },
  { format: "JSON", text: jsonSpec, file: "spec.json" },
])("positions in $format", ({ text, file }) => {
  const json = file.endsWith(".json");
  const key = (name: string) => (json ? `"${name}"` : `${name}:`);
  const cases: Array<{ pointer: string; needle: string; occurrence?: number }> = [
    { pointer: "/openapi", needle: key("openapi") },
    { pointer: "/paths/~1items~1{id}/get", needle: key("get") },
    { pointer: "/paths/~1items~1{id}/get/operationId", needle: key("operationId") },
    // An array item is located at its value, a member at its key.
    { pointer: "/paths/~1items~1{id}/get/parameters/0", needle: json ? '{ "name"' : "name: id" },
    { pointer: "/paths/~1items~1{id}/get/parameters/0/in", needle: key("in") },
    { pointer: "/paths/~1items~1{id}/get/responses/200", needle: '"200"' },
    {
      pointer: "/components/schemas/a~1b/properties/x~0y/type",
      needle: key("type"),
      occurrence: json ? 2 : 2,
    },
    // Missing nodes fall back to the nearest ancestor that exists.
    { pointer: "/paths/~1items~1{id}/get/summary", needle: key("get") },
  ];

  it.each(cases)("locates $pointer", async ({ pointer, needle, occurrence }) => {
    const dir = await writeTree({ [file]: text });
    const spec = await loadSpec(join(dir, file));
    const location = spec.locate(pointer);
    const source = spec.sourceText(spec.entry) ?? "";
    const expected = positionOf(source, needle, occurrence ?? 0);
    expect(location).toMatchObject({ file: join(dir, file), ...expected });
    expect(location?.offset).toBeTypeOf("number");
    expect(source.slice(location?.offset, location?.endOffset).startsWith(needle.replace(/:$/, ""))).toBe(
      true,
    );
  });

  it("gives the root a position", async () => {
    const spec = await loadSpecFromString(text, { path: `/virtual/${file}` });
    expect(spec.locate("")).toMatchObject({ file: `/virtual/${file}`, line: 1, col: 1 });
  });
});

describe("parse failures", () => {
  const cases = [
    {
      name: "duplicate key in YAML",
      file: "spec.yaml",
      text: "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n  version: '1'\n",
      code: "duplicate-key",
      at: ["title", 1],
    },
    {
      name: "duplicate key in JSON",
      file: "spec.json",
      text: '{\n  "openapi": "3.1.0",\n  "info": { "title": "a", "version": "1", "title": "b" }\n}\n',
      code: "duplicate-key",
      at: ['"title"', 1],
    },
    {
      name: "nested duplicate key in JSON behind integer-like keys",
      file: "spec.json",
      text: '{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"404":{"description":"x"},"200":{"description":"y","description":"z"}}}}}}',
      code: "duplicate-key",
      at: ['"description"', 2],
    },
    {
      name: "malformed YAML",
      file: "spec.yaml",
      text: "openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: '1'\nother: x\n",
      code: "parse-error",
      lines: [3, 4],
    },
    {
      name: "bad YAML indentation",
      file: "spec.yaml",
      text: "openapi: 3.1.0\ninfo:\n    title: t\n  version: '1'\n",
      code: "parse-error",
      lines: [4],
    },
    {
      name: "malformed JSON",
      file: "spec.json",
      text: '{\n  "openapi": "3.1.0",\n  "info": { "title": "t", }\n}\n',
      code: "parse-error",
      lines: [3],
    },
    {
      name: "truncated JSON",
      file: "spec.json",
      text: '{\n  "openapi": "3.1.0",\n  "info": {',
      code: "parse-error",
      lines: [3],
    },
  ];

  it.each(
    cases as Array<{
      name: string;
      file: string;
      text: string;
      code: string;
      at?: [string, number];
      lines?: number[];
    }>,
  )("$name → located ContractError", async ({ file, text, code, at, lines }) => {
    const dir = await writeTree({ [file]: text });
    const error = await contractError(loadSpec(join(dir, file)));
    expect(error.message).toContain(join(dir, file));
    expect(error.message).not.toMatch(/\n\s+at /); // never a stack trace in the message
    const diagnostic = error.diagnostics.find((d) => d.code === code);
    expect(diagnostic?.severity).toBe("error");
    expect(diagnostic?.location?.file).toBe(join(dir, file));
    if (at) expect(diagnostic?.location).toMatchObject(positionOf(text, at[0], at[1]));
    if (lines) expect(lines).toContain(diagnostic?.location?.line);
  });

  it("reports a missing entry file", async () => {
    const dir = await writeTree({});
    const error = await contractError(loadSpec(join(dir, "nope.yaml")));
    expect(error.diagnostics).toMatchObject([{ severity: "error", code: "file-not-found" }]);
    expect(error.message).toContain("nope.yaml");
  });

  it("reports an unreadable entry (a folder)", async () => {
    const dir = await writeTree({ "spec.yaml/inner.txt": "x" });
    const error = await contractError(loadSpec(join(dir, "spec.yaml")));
    expect(error.diagnostics[0]?.code).toBe("file-unreadable");
  });

  it("accepts a byte-order mark in JSON and keeps columns", async () => {
    const dir = await writeTree({
      "spec.json": '\uFEFF{"openapi":"3.1.0","info":{"title":"t","version":"1"}}',
    });
    const spec = await loadSpec(join(dir, "spec.json"));
    expect(spec.document.info?.title).toBe("t");
    // The mark was replaced by a space, so offsets still index the file's text.
    expect(spec.locate("/info/title")).toMatchObject({
      ...positionOf(spec.sourceText(spec.entry) ?? "", '"title"'),
    });
  });

  it("reads JSON written in a .yaml file and flow YAML that looks like JSON", async () => {
    const json = await loadSpecFromString('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}', {
      path: "/v/spec.yaml",
    });
    expect(json.document.info?.title).toBe("t");
    const flow = await loadSpecFromString("{openapi: 3.1.0, info: {title: t, version: '1'}}", {
      path: "/v/spec.yaml",
    });
    expect(flow.document.openapi).toBe("3.1.0");
  });

  it("refuses a YAML alias that contains itself, at its position", async () => {
    const text =
      "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Node: &node\n      type: object\n      properties:\n        child: *node\n";
    const error = await contractError(loadSpecFromString(text, { path: "/v/spec.yaml" }));
    expect(error.diagnostics).toMatchObject([{ code: "parse-error", location: positionOf(text, "child") }]);
  });

  it("upgrades a schema shared through a YAML alias once, in every place", async () => {
    const text =
      "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A: &a\n      $ref: '#/components/schemas/C'\n      nullable: true\n    B: *a\n    C: {type: string}\n";
    const spec = await loadSpecFromString(text, { path: "/v/spec.yaml" });
    const schemas = (spec.document.components?.schemas ?? {}) as Record<string, unknown>;
    const want = { anyOf: [{ $ref: "#/components/schemas/C" }, { type: "null" }] };
    expect(schemas.A).toEqual(want);
    expect(schemas.B).toEqual(want);
  });

  it("keeps YAML merge keys and locates through them", async () => {
    const text = await readFile(new URL("./fixtures/load/anchors.yaml", import.meta.url), "utf8");
    const spec = await loadSpecFromString(text, { path: "/v/anchors.yaml" });
    const op = spec.document.paths?.["/b"]?.get as Record<string, unknown>;
    expect(op.summary).toBe("shared");
    expect(op.operationId).toBe("getB");
    expect(spec.locate("/paths/~1b/get/summary")).toMatchObject(positionOf(text, "summary"));
  });
});

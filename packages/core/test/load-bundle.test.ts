import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedSpec, loadSpec } from "../src/load/index.js";
import { getAtPointer } from "../src/pointer.js";
import { contractError, errors, fixturesDir, positionOf, writeTree } from "./support/load-helpers.js";

const multi = join(fixturesDir, "multi");
type Obj = Record<string, any>;

describe("a multi-file spec with cycles across files", () => {
  let spec: LoadedSpec;
  let doc: Obj;
  beforeAll(async () => {
    spec = await loadSpec(join(multi, "openapi.yaml"));
    doc = spec.document as Obj;
  });

  it("loads without errors and lists every file it read", () => {
    expect(errors(spec.diagnostics)).toEqual([]);
    expect(spec.files[0]).toBe(join(multi, "openapi.yaml"));
    expect([...spec.files].sort()).toEqual(
      [
        "openapi.yaml",
        "paths/pets.yaml",
        "operations/get-pet.yaml",
        "schemas/pet.yaml",
        "schemas/owner.yaml",
        "schemas/defs.json",
      ]
        .map((f) => join(multi, f))
        .sort(),
    );
  });

  it("inlines each external target where the entry refers to it, and refers to it from everywhere else", () => {
    const pet = doc.components.schemas.Pet;
    const owner = doc.components.schemas.Owner;
    expect(pet.type).toBe("object");
    expect(pet.properties.owner).toEqual({ $ref: "#/components/schemas/Owner" });
    // `$ref: "#"` inside pet.yaml is pet.yaml itself, i.e. where its content landed.
    expect(pet.properties.siblings.items).toEqual({ $ref: "#/components/schemas/Pet" });
    expect(owner.properties.pets.items).toEqual({ $ref: "#/components/schemas/Pet" });
    // An internal ref of owner.yaml to content the entry never names is inlined at its first use.
    expect(owner.properties.address).toMatchObject({
      type: "object",
      properties: { street: { type: "string" } },
    });
  });

  it("bundles path items and operations that are refs, and keeps internal refs as refs", () => {
    const pets = doc.paths["/pets"];
    expect(pets.get.operationId).toBe("listPets");
    expect(pets.get.responses["200"].content["application/json"].schema.items).toEqual({
      $ref: "#/components/schemas/Pet",
    });
    expect(pets.post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/Pet",
    });
    const byId = doc.paths["/pets/{petId}"];
    expect(byId.get.operationId).toBe("getPet");
    expect(byId.parameters).toEqual([{ $ref: "#/components/parameters/PetId" }]);
    expect(doc.paths["/owners"]).toEqual({ $ref: "#/components/pathItems/Owners" });
    // The webhook names the same file as /pets: it becomes a ref to where that file landed.
    expect(doc.webhooks.petAdopted).toEqual({ $ref: "#/paths/~1pets" });
  });

  it("decodes ~0, ~1 and percent-encoding in fragments", () => {
    const props = doc.paths["/odd"].get.responses["200"].content["application/json"].schema.properties;
    expect(props.slashed).toEqual({ type: "string", description: "slash in the name" });
    expect(props.tilde).toEqual({ type: "integer" });
    expect(props.spaced).toEqual({ type: "boolean" });
  });

  it("leaves a ref to a non-spec file in an extension as is, with an info", () => {
    expect(doc["x-topics"][0].content).toEqual({ $ref: "./docs/guide.md" });
    expect(spec.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: "info",
        code: "non-spec-ref",
        pointer: "/x-topics/0/content/$ref",
      }),
    );
  });

  it("has no external or dangling refs left", () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      const ref = (node as Obj).$ref;
      if (typeof ref === "string") refs.push(ref);
      for (const child of Object.values(node)) walk(child);
    };
    walk(doc);
    const internal = refs.filter((r) => r.startsWith("#"));
    expect(refs.filter((r) => !r.startsWith("#"))).toEqual(["./docs/guide.md"]);
    for (const ref of internal) expect(getAtPointer(doc, ref), ref).toBeDefined();
  });

  const positions: Array<{ pointer: string; file: string; needle: string }> = [
    { pointer: "/components/schemas/Pet/properties/name", file: "schemas/pet.yaml", needle: "name:" },
    { pointer: "/components/schemas/Pet/required/0", file: "schemas/pet.yaml", needle: "name]" },
    { pointer: "/components/schemas/Owner", file: "schemas/owner.yaml", needle: "Owner:" },
    {
      pointer: "/components/schemas/Owner/properties/address/properties/street",
      file: "schemas/owner.yaml",
      needle: "street:",
    },
    { pointer: "/paths/~1pets/post/requestBody", file: "paths/pets.yaml", needle: "requestBody:" },
    { pointer: "/paths/~1pets~1{petId}/get/responses/404", file: "operations/get-pet.yaml", needle: '"404"' },
    {
      pointer: "/paths/~1pets~1{petId}/parameters/0",
      file: "openapi.yaml",
      needle: '- $ref: "#/components/parameters/PetId"',
    },
    {
      pointer:
        "/paths/~1odd/get/responses/200/content/application~1json/schema/properties/slashed/description",
      file: "schemas/defs.json",
      needle: '"description"',
    },
    // Not in any file (nothing there): the nearest ancestor that exists.
    {
      pointer: "/components/schemas/Pet/properties/name/maxLength",
      file: "schemas/pet.yaml",
      needle: "name:",
    },
  ];

  it.each(positions)("locates $pointer in $file", async ({ pointer, file, needle }) => {
    const text = await readFile(join(multi, file), "utf8");
    const location = spec.locate(pointer);
    const expected = positionOf(text, needle.startsWith("- ") ? needle : needle);
    if (needle.startsWith("- ")) expected.col += 2; // the item, not the dash
    expect(location).toMatchObject({ file: join(multi, file), ...expected });
    expect(spec.sourceText(join(multi, file))).toBe(text);
  });
});

describe("broken refs are located errors, and loading goes on", () => {
  const entry = (refs: Record<string, string>) =>
    [
      "openapi: 3.1.0",
      "info: { title: t, version: '1' }",
      "paths: {}",
      "components:",
      "  schemas:",
      ...Object.entries(refs).flatMap(([name, ref]) => [`    ${name}:`, `      $ref: '${ref}'`]),
      "    Fine:",
      "      type: string",
      "",
    ].join("\n");

  const cases = [
    { name: "missing file", ref: "./nope.yaml", message: /File not found/ },
    { name: "missing pointer in another file", ref: "./other.yaml#/Nope", message: /no "\/Nope"/ },
    {
      name: "missing pointer in the entry",
      ref: "#/components/schemas/Nope",
      message: /no "\/components\/schemas\/Nope"/,
    },
    { name: "a file that is not valid YAML", ref: "./broken.yaml", message: /not valid JSON\/YAML/ },
    { name: "a non-spec file outside extensions", ref: "./notes.md", message: /not a JSON or YAML file/ },
  ];

  it.each(cases)("$name", async ({ ref, message }) => {
    const text = entry({ Broken: ref });
    const dir = await writeTree({
      "openapi.yaml": text,
      "other.yaml": "Thing: { type: string }\n",
      "broken.yaml": "a: [\n",
      "notes.md": "# notes\n",
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    const refErrors = errors(spec.diagnostics).filter((d) => d.code === "unresolved-ref");
    expect(refErrors).toHaveLength(1);
    expect(refErrors[0]).toMatchObject({
      pointer: "/components/schemas/Broken/$ref",
      location: { file: join(dir, "openapi.yaml"), ...positionOf(text, "$ref") },
    });
    expect(refErrors[0]?.message).toMatch(message);
    // The ref stays as written; the rest of the document is there.
    expect(((spec.document.components?.schemas ?? {}) as Obj).Broken).toEqual({ $ref: ref });
    expect(((spec.document.components?.schemas ?? {}) as Obj).Fine).toEqual({ type: "string" });
  });

  it("reports the parse error of a referenced file at its own position", async () => {
    const dir = await writeTree({
      "openapi.yaml": entry({ A: "./broken.yaml", B: "./broken.yaml#/x" }),
      "broken.yaml": "x: 1\nx: 2\n",
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    const duplicate = spec.diagnostics.filter((d) => d.code === "duplicate-key");
    expect(duplicate).toHaveLength(1); // once per file, not once per ref
    expect(duplicate[0]?.location).toMatchObject({ file: join(dir, "broken.yaml"), line: 2, col: 1 });
    expect(errors(spec.diagnostics).filter((d) => d.code === "unresolved-ref")).toHaveLength(2);
  });

  it("reports a broken internal ref inside a referenced file at that file's position", async () => {
    const other = "Thing:\n  type: object\n  properties:\n    a:\n      $ref: '#/Missing'\n";
    const dir = await writeTree({
      "openapi.yaml": entry({ Thing: "./other.yaml#/Thing" }),
      "other.yaml": other,
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    expect(errors(spec.diagnostics)).toMatchObject([
      {
        code: "unresolved-ref",
        pointer: "/components/schemas/Thing/properties/a/$ref",
        location: { file: join(dir, "other.yaml"), ...positionOf(other, "$ref") },
      },
    ]);
  });
});

describe("refs leaving the spec's folder tree", () => {
  const files = {
    "spec/openapi.yaml":
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Shared:\n      $ref: ../common/common.yaml\n",
    "common/common.yaml": "type: string\nminLength: 2\n",
  };

  it("are refused by default", async () => {
    const dir = await writeTree(files);
    const spec = await loadSpec(join(dir, "spec/openapi.yaml"));
    expect(spec.diagnostics).toMatchObject([
      {
        severity: "warning",
        code: "ref-outside-root",
        pointer: "/components/schemas/Shared/$ref",
        location: { line: 7, col: 7 },
      },
    ]);
    expect(((spec.document.components?.schemas ?? {}) as Obj).Shared).toEqual({
      $ref: "../common/common.yaml",
    });
    expect(spec.files).toEqual([join(dir, "spec/openapi.yaml")]); // not even read
  });

  it("are followed with allowRefsOutsideRoot", async () => {
    const dir = await writeTree(files);
    const spec = await loadSpec(join(dir, "spec/openapi.yaml"), { allowRefsOutsideRoot: true });
    expect(errors(spec.diagnostics)).toEqual([]);
    expect(((spec.document.components?.schemas ?? {}) as Obj).Shared).toEqual({
      type: "string",
      minLength: 2,
    });
    expect(spec.locate("/components/schemas/Shared/minLength")).toMatchObject({
      file: join(dir, "common/common.yaml"),
      line: 2,
    });
  });
});

describe("remote refs", () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/schemas/money.yaml") {
        res.writeHead(200, { "content-type": "application/yaml" });
        res.end("type: object\nproperties:\n  currency:\n    $ref: ./currency.json\n");
      } else if (req.url === "/schemas/currency.json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"type": "string", "pattern": "^[A-Z]{3}$"}');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const spec = (ref: string) =>
    `openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Money:\n      $ref: ${ref}\n`;

  it("are refused by default, without a request", async () => {
    requests.length = 0;
    const dir = await writeTree({ "openapi.yaml": spec(`${base}/schemas/money.yaml`) });
    const loaded = await loadSpec(join(dir, "openapi.yaml"));
    expect(loaded.diagnostics).toMatchObject([
      {
        severity: "warning",
        code: "remote-ref-refused",
        pointer: "/components/schemas/Money/$ref",
        location: { line: 7 },
      },
    ]);
    expect(requests).toEqual([]);
  });

  it("are fetched with allowRemoteRefs, relative refs included", async () => {
    const dir = await writeTree({ "openapi.yaml": spec(`${base}/schemas/money.yaml`) });
    const loaded = await loadSpec(join(dir, "openapi.yaml"), { allowRemoteRefs: true });
    expect(errors(loaded.diagnostics)).toEqual([]);
    expect(((loaded.document.components?.schemas ?? {}) as Obj).Money).toEqual({
      type: "object",
      properties: { currency: { type: "string", pattern: "^[A-Z]{3}$" } },
    });
    expect(loaded.files).toContain(`${base}/schemas/currency.json`);
    expect(loaded.locate("/components/schemas/Money/properties")).toMatchObject({
      file: `${base}/schemas/money.yaml`,
      line: 2,
    });
    // Inlined content is located in the file it came from.
    expect(loaded.locate("/components/schemas/Money/properties/currency/pattern")).toMatchObject({
      file: `${base}/schemas/currency.json`,
      ...positionOf('{"type": "string", "pattern": "^[A-Z]{3}$"}', '"pattern"'),
    });
  });

  it("report a 404 as an unresolved ref", async () => {
    const dir = await writeTree({ "openapi.yaml": spec(`${base}/missing.yaml`) });
    const loaded = await loadSpec(join(dir, "openapi.yaml"), { allowRemoteRefs: true });
    expect(errors(loaded.diagnostics)).toMatchObject([
      { code: "unresolved-ref", message: expect.stringMatching(/404/) },
    ]);
  });
});

describe("files reached only from other files", () => {
  it("land at their first use, and cycles between them end in internal refs", async () => {
    const dir = await writeTree({
      "openapi.yaml":
        "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: ./a.yaml\n",
      "a.yaml": "type: object\nproperties:\n  b:\n    $ref: ./b.yaml\n",
      "b.yaml":
        "type: object\nproperties:\n  a:\n    $ref: ./a.yaml\n  self:\n    $ref: '#'\n  c:\n    $ref: ./c.json#/defs/C\n",
      "c.json": '{"defs": {"C": {"type": "array", "items": {"$ref": "./sub/../b.yaml"}}}}',
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    expect(spec.diagnostics).toEqual([]);
    const a = ((spec.document.components?.schemas ?? {}) as Obj).A;
    const b = a.properties.b;
    expect(b.properties.a).toEqual({ $ref: "#/components/schemas/A" });
    expect(b.properties.self).toEqual({ $ref: "#/components/schemas/A/properties/b" });
    expect(b.properties.c).toEqual({ type: "array", items: { $ref: "#/components/schemas/A/properties/b" } });
    expect(spec.locate("/components/schemas/A/properties/b/properties/c/items")).toMatchObject({
      file: join(dir, "c.json"),
    });
  });
});

describe("the readFile hook", () => {
  const virtual = (files: Record<string, string>) => async (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
    return text;
  };
  const entry = (ref: string) =>
    `openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: ${ref}\n`;

  it("serves referenced files from memory", async () => {
    const spec = await loadSpec("/virtual/openapi.yaml", {
      readFile: virtual({
        "/virtual/openapi.yaml": entry("./a.json"),
        "/virtual/a.json": '{"type": "integer"}',
      }),
    });
    expect(spec.diagnostics).toEqual([]);
    expect(((spec.document.components?.schemas ?? {}) as Obj).A).toEqual({ type: "integer" });
    expect(spec.files).toEqual(["/virtual/openapi.yaml", "/virtual/a.json"]);
  });

  it("a chain of files too deep to nest is a ContractError, not a crash", async () => {
    const files: Record<string, string> = { "/virtual/openapi.yaml": entry("./f0.json") };
    const length = 5000;
    for (let i = 0; i < length; i++) {
      files[`/virtual/f${i}.json`] =
        i + 1 < length
          ? `{"type": "object", "properties": {"next": {"$ref": "./f${i + 1}.json"}}}`
          : '{"type": "string"}';
    }
    const error = await contractError(loadSpec("/virtual/openapi.yaml", { readFile: virtual(files) }));
    expect(error.diagnostics).toMatchObject([{ code: "ref-chain-too-deep" }]);
  });
});

describe("refs with siblings", () => {
  it("keep annotations and never drop a constraint", async () => {
    const dir = await writeTree({
      "openapi.yaml": [
        "openapi: 3.1.0",
        "info: { title: t, version: '1' }",
        "paths: {}",
        "components:",
        "  schemas:",
        "    Described:",
        "      $ref: ./name.yaml",
        "      description: A described name",
        "    Narrowed:",
        "      $ref: ./name.yaml",
        "      maxLength: 5",
        "",
      ].join("\n"),
      "name.yaml": "type: string\nmaxLength: 10\ndescription: A name\n",
    });
    const spec = await loadSpec(join(dir, "openapi.yaml"));
    const schemas = spec.document.components?.schemas as Obj;
    expect(schemas.Described).toEqual({ type: "string", maxLength: 10, description: "A described name" });
    // Later refs to the same target point at its first place, keeping their own siblings.
    expect(schemas.Narrowed).toEqual({ $ref: "#/components/schemas/Described", maxLength: 5 });
  });
});

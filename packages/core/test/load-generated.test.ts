/** The generated ~2,000-file spec (also used by `pnpm bench`) bundles completely and correctly. */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type LoadedSpec, loadSpec } from "../src/load/index.js";
import { getAtPointer } from "../src/pointer.js";
import { errors, positionOf } from "./support/load-helpers.js";
import { type MultiFileSpec, writeMultiFileSpec } from "./support/multi-file-spec.mjs";

type Obj = Record<string, any>;

describe("a generated spec of about 2,000 files", () => {
  let generated: MultiFileSpec;
  let spec: LoadedSpec;
  beforeAll(async () => {
    generated = await writeMultiFileSpec(await mkdtemp(join(tmpdir(), "contract-many-")));
    spec = await loadSpec(generated.entry);
  });

  it("reads every file once and reports nothing", () => {
    expect(generated.files).toBeGreaterThanOrEqual(1990);
    expect(generated.files).toBeLessThanOrEqual(2000);
    expect(spec.files).toHaveLength(generated.files);
    expect(new Set(spec.files).size).toBe(spec.files.length);
    expect(spec.diagnostics).toEqual([]);
  });

  it("places every schema file under components and links the cycles with internal refs", async () => {
    const schemas = spec.document.components?.schemas as Obj;
    expect(Object.keys(schemas)).toHaveLength(generated.resources);
    for (let i = 0; i < generated.resources; i++) {
      const schema = schemas[`R${i}`];
      expect(schema.title).toBe(`Resource ${i}`);
      // The file's `parent: {$ref: ./r<n>.yaml}` becomes a ref to where r<n>.yaml landed.
      const source = await readFile(join(generated.entry, "..", "schemas", `r${i}.yaml`), "utf8");
      const target = /\$ref: \.\/r(\d+)\.yaml/.exec(source)?.[1];
      expect(schema.properties.parent).toEqual({ $ref: `#/components/schemas/R${target}` });
    }
  });

  it("has every operation, and no ref left that is external or dangling", () => {
    const doc = spec.document as Obj;
    let operations = 0;
    for (const item of Object.values(doc.paths as Obj)) {
      for (const method of ["get", "put", "post", "delete"]) if (item[method]) operations++;
    }
    expect(operations).toBe(generated.operations);
    expect(Object.keys(doc.webhooks)).toHaveLength(generated.webhooks);
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      if (typeof (node as Obj).$ref === "string") refs.add((node as Obj).$ref);
      for (const child of Object.values(node)) walk(child);
    };
    walk(doc);
    for (const ref of refs) {
      expect(ref.startsWith("#"), ref).toBe(true);
      expect(getAtPointer(doc, ref), ref).toBeDefined();
    }
  });

  it("locates nodes in the JSON and YAML files they came from", async () => {
    const itemFile = join(generated.entry, "..", "paths", "r7-item.json");
    const itemText = await readFile(itemFile, "utf8");
    expect(spec.locate("/paths/~1r7~1{id}/put/requestBody")).toMatchObject({
      file: itemFile,
      ...positionOf(itemText, '"requestBody"'),
    });
    const schemaFile = join(generated.entry, "..", "schemas", "r3.yaml");
    const schemaText = await readFile(schemaFile, "utf8");
    expect(spec.locate("/components/schemas/R3/properties/count/minimum")).toMatchObject({
      file: schemaFile,
      ...positionOf(schemaText, "minimum"),
    });
    expect(errors(spec.diagnostics)).toEqual([]);
  });
});

/**
 * Generators on a worker thread (startOffloadedGenerators): the same files, the same failures and
 * the same fallback as running them here. The worker runs the built package (a thread cannot load
 * the TypeScript sources), so this file drives the built `dist` as `contract gen` does.
 */
import { loadSpec, loadSpecFromString } from "@contract/core";
import { FERRIES, fixture } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";
import type * as Codegen from "../src/index.js";

const built = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof Codegen;

async function bothWays(loaded: Codegen.LoadedDocument, options: Codegen.GenerateContractOptions = {}) {
  const offloaded = built.startOffloadedGenerators(loaded, options);
  expect(offloaded?.run.names).toEqual(new Set(["validators"]));
  const onWorker = await built.generateContract(loaded, { ...options, ...(offloaded ? { offloaded } : {}) });
  const here = await built.generateContract(loaded, options);
  return { onWorker, here };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { message: string; diagnostics?: unknown }) => ({
      message: error.message,
      diagnostics: error.diagnostics,
    }),
  );

describe("generators on a worker thread", () => {
  for (const name of ["redocly-museum/openapi.yaml", FERRIES]) {
    it(`${name}: the same files, in the same order, as generated here`, async () => {
      const { onWorker, here } = await bothWays(await loadSpec(fixture(name)));
      expect(onWorker.map((f) => f.path)).toContain("validators.js");
      expect(onWorker).toEqual(here);
    });
  }

  it("timings come in registry order, the worker's generator in its place", async () => {
    const loaded = await loadSpec(fixture(FERRIES));
    const stages: string[] = [];
    const offloaded = built.startOffloadedGenerators(loaded);
    await built.generateContract(loaded, {
      onTiming: (t) => stages.push(t.stage),
      ...(offloaded ? { offloaded } : {}),
    });
    const defaults = built.GENERATORS.filter((g) => g.enabledByDefault).map((g) => `generate:${g.name}`);
    expect(stages).toEqual(["normalize", ...defaults]);
  });

  it("a generator failing on the worker fails the run with the same located diagnostic", async () => {
    const loaded = await loadSpecFromString(
      `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    A: {type: number, minimum: "one"}
`,
    );
    const options = { generators: { validators: { typesModule: "./types.js" } } };
    const offloaded = built.startOffloadedGenerators(loaded, options);
    expect(offloaded).toBeDefined();
    const onWorker = await failure(built.generateContract(loaded, { ...options, offloaded: offloaded! }));
    const here = await failure(built.generateContract(loaded, options));
    expect(here?.diagnostics).toEqual([
      expect.objectContaining({ code: "generator-failed", pointer: "/components/schemas/A" }),
    ]);
    expect(onWorker).toEqual(here);
  });

  it("a worker stopped before it answered: its generators run here instead", async () => {
    const loaded = await loadSpec(fixture(FERRIES));
    const offloaded = built.startOffloadedGenerators(loaded);
    await offloaded!.stop();
    const files = await built.generateContract(loaded, { offloaded: offloaded! });
    expect(files).toEqual(await built.generateContract(loaded));
  });
});

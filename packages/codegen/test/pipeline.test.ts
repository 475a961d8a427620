import { loadSpec } from "@contract/core";
import { fixture } from "@contract/test-fixtures";
import { describe, expect, it } from "vitest";
import {
  defineGenerator,
  GENERATORS,
  generateContract,
  generatedHeader,
  type StageTiming,
  scaffoldHeader,
  typesGenerator,
} from "../src/index.js";

const museum = () => loadSpec(fixture("redocly-museum/openapi.yaml"));

const fake = (name: string, path: string, enabledByDefault = true) =>
  defineGenerator({
    name,
    description: name,
    enabledByDefault,
    optionsSchema: { type: "object" },
    generate: (context, options: { tag?: string }) => [
      { path, contents: `${context.ir.title}:${options.tag ?? "-"}`, ownership: "generated" },
    ],
  });

describe("generateContract", () => {
  it("runs the default generators of the registry and reports a timing per stage", async () => {
    const timings: StageTiming[] = [];
    const files = await generateContract(await museum(), { onTiming: (t) => timings.push(t) });
    const defaults = GENERATORS.filter((g) => g.enabledByDefault).map((g) => g.name);
    expect(timings.map((t) => t.stage)).toEqual(["normalize", ...defaults.map((n) => `generate:${n}`)]);
    expect(timings.every((t) => t.ms >= 0)).toBe(true);
    expect(files.map((f) => f.path)).toContain("types.ts");
  });

  it("runs exactly the selected generators with their options; false and absent ones do not run", async () => {
    const registry = [fake("a", "a.ts"), fake("b", "b.ts"), fake("c", "c.ts", false)];
    const loaded = await museum();
    const all = await generateContract(loaded, { registry });
    expect(all.map((f) => f.path)).toEqual(["a.ts", "b.ts"]);
    const some = await generateContract(loaded, {
      registry,
      generators: { c: { tag: "x" }, a: false } as never,
    });
    expect(some).toEqual([{ path: "c.ts", contents: "Redocly Museum API:x", ownership: "generated" }]);
  });

  it("refuses two generators producing the same file", async () => {
    const registry = [fake("a", "same.ts"), fake("b", "same.ts")];
    await expect(generateContract(await museum(), { registry })).rejects.toThrow(
      /"a" and "b" both produce same\.ts/,
    );
  });

  it("starts a generator marked startsEarly first, and takes its files, diagnostics and timing at its turn", async () => {
    const calls: string[] = [];
    let releaseEarly!: () => void;
    const early = defineGenerator({
      name: "early",
      description: "early",
      enabledByDefault: true,
      optionsSchema: { type: "object" },
      startsEarly: true,
      async generate(context) {
        calls.push("early called");
        context.report?.({ severity: "warning", code: "w-early", message: "early", pointer: "" });
        // Waits on something outside the thread, as the validators wait on esbuild.
        await new Promise<void>((resolve) => {
          releaseEarly = resolve;
        });
        calls.push("early done");
        return [{ path: "early.ts", contents: "e", ownership: "generated" }];
      },
    });
    const plain = (name: string) =>
      defineGenerator({
        name,
        description: name,
        enabledByDefault: true,
        optionsSchema: { type: "object" },
        generate(context) {
          calls.push(`${name} called`);
          context.report?.({ severity: "warning", code: `w-${name}`, message: name, pointer: "" });
          // The wait of the generator started early ends during the work of one before its turn.
          if (name === "first") releaseEarly();
          return [{ path: `${name}.ts`, contents: name, ownership: "generated" }];
        },
      });
    const timings: StageTiming[] = [];
    const diagnostics: string[] = [];
    const files = await generateContract(await museum(), {
      registry: [plain("first"), early, plain("last")],
      onTiming: (t) => timings.push(t),
      onDiagnostic: (d, generator) => diagnostics.push(`${generator}:${d.code}`),
    });
    expect(calls).toEqual(["early called", "first called", "early done", "last called"]);
    expect(files.map((f) => f.path)).toEqual(["first.ts", "early.ts", "last.ts"]);
    expect(diagnostics).toEqual(["first:w-first", "early:w-early", "last:w-last"]);
    expect(timings.map((t) => t.stage)).toEqual([
      "normalize",
      "generate:first",
      "generate:early",
      "generate:last",
    ]);
  });

  it("reports a failure of a generator started early at its turn, after the failures before it", async () => {
    const failing = (name: string, startsEarly: boolean) =>
      defineGenerator({
        name,
        description: name,
        enabledByDefault: true,
        optionsSchema: { type: "object" },
        startsEarly,
        async generate(): Promise<never> {
          throw new Error(`${name} broke`);
        },
      });
    const loaded = await museum();
    await expect(
      generateContract(loaded, { registry: [failing("first", false), failing("early", true)] }),
    ).rejects.toThrow(/first broke/);
    await expect(
      generateContract(loaded, { registry: [fake("a", "a.ts"), failing("early", true)] }),
    ).rejects.toThrow(/early broke/);
  });

  it("the types generator starts its file with the shared header", async () => {
    const [file] = await generateContract(await museum(), { registry: [typesGenerator] });
    const header = generatedHeader({ generator: "types", version: "X", via: "openapi-typescript Y" });
    expect(file!.contents.startsWith(header.split("contract X")[0]!)).toBe(true);
    expect(file!.contents).toMatch(
      /^\/\*\*\n \* Generated by contract \S+ \(types generator, openapi-typescript 7\.13\.\d+\)\.\n/,
    );
  });
});

describe("headers", () => {
  it("cannot be broken out of by what they quote", () => {
    const header = generatedHeader({ generator: "x */ alert(1) /*\nnext", version: "1.0.0" });
    expect(header.match(/\*\//g)?.length).toBe(1); // only the closing one
    expect(header.split("\n").filter((l) => l.startsWith(" * Generated")).length).toBe(1);
    expect(scaffoldHeader({ generator: "webhooks", version: "1" })).toMatch(/yours to edit/);
  });
});

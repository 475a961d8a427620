/**
 * generateContract: loaded spec → normalize → every selected generator → files. Pure (no disk):
 * the writer is the only stage that touches the disk. Each stage reports its duration through
 * `onTiming` so the CLI (and benchmarks) can show where the time goes.
 */
import { buildIR, ContractError, type ContractIR, type OpenApiDocument } from "@contract/core";
import type { GeneratedFile } from "./generator.js";
import { type GeneratorDefinition, type GeneratorSelection, selectGenerators } from "./generators/index.js";
import { CODEGEN_VERSION } from "./version.js";

export interface StageTiming {
  /** `normalize`, or `generate:<generator name>`. */
  stage: string;
  ms: number;
}

export interface GenerateContractOptions {
  /** Which generators run and with which options; absent → the registry's defaults. */
  generators?: GeneratorSelection;
  onTiming?: (timing: StageTiming) => void;
  /** The generators to choose from (default: the registry, GENERATORS); tests pass their own. */
  registry?: readonly GeneratorDefinition<string, any>[];
}

/** Anything with the bundled document: a `LoadedSpec`, or a bare `{ document }` in tests. */
export interface LoadedDocument {
  document: OpenApiDocument;
}

export async function generateContract(
  loaded: LoadedDocument,
  options: GenerateContractOptions = {},
): Promise<GeneratedFile[]> {
  const time = timer(options.onTiming);
  const ir: ContractIR = time("normalize", () => buildIR(loaded.document));
  const context = { ir, generatorVersion: CODEGEN_VERSION };
  const files: GeneratedFile[] = [];
  const producers = new Map<string, string>();
  for (const { generator, options: generatorOptions } of selectGenerators(
    options.generators,
    options.registry,
  )) {
    const started = performance.now();
    const produced = await generator.generate(context, generatorOptions);
    options.onTiming?.({ stage: `generate:${generator.name}`, ms: performance.now() - started });
    for (const file of produced) {
      const previous = producers.get(file.path);
      if (previous !== undefined) {
        throw new ContractError(`Generators "${previous}" and "${generator.name}" both produce ${file.path}`);
      }
      producers.set(file.path, generator.name);
      files.push(file);
    }
  }
  return files;
}

function timer(onTiming: GenerateContractOptions["onTiming"]) {
  return <T>(stage: string, run: () => T): T => {
    const started = performance.now();
    const result = run();
    onTiming?.({ stage, ms: performance.now() - started });
    return result;
  };
}

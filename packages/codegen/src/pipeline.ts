/**
 * generateContract: loaded spec → normalize → every selected generator → files. Pure (no disk):
 * the writer is the only stage that touches the disk. Each stage reports its duration through
 * `onTiming` so the CLI (and benchmarks) can show where the time goes.
 */
import {
  buildIR,
  ContractError,
  type ContractIR,
  type Diagnostic,
  type OpenApiDocument,
} from "@contract/core";
import type { GenerateContext, GeneratedFile } from "./generator.js";
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
  /** Reads a file of the output folder, for generators that extend user-owned files (handler stubs). */
  readExisting?: (path: string) => string | undefined;
  /** Warnings generators raise about user-owned files. */
  onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** Absolute path of the output folder (see GenerateContext.outDir). */
  outDir?: string;
  /** Handler stub folder when the webhooks options name none (default `handlers`, inside the output folder). */
  defaultHandlersDir?: string;
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
  const context: GenerateContext = {
    ir,
    generatorVersion: CODEGEN_VERSION,
    ...(options.readExisting ? { readExisting: options.readExisting } : {}),
    ...(options.onDiagnostic ? { report: options.onDiagnostic } : {}),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    ...(options.defaultHandlersDir !== undefined ? { defaultHandlersDir: options.defaultHandlersDir } : {}),
  };
  const files: GeneratedFile[] = [];
  const producers = new Map<string, string>();
  for (const { generator, options: generatorOptions } of linkGenerators(
    selectGenerators(options.generators, options.registry),
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

/**
 * Options one generator derives from the presence of another: when validators.js is generated, the
 * client imports it so `validateResponses` checks bodies (unless the config says otherwise).
 */
function linkGenerators(selected: ReturnType<typeof selectGenerators>): ReturnType<typeof selectGenerators> {
  const validators = selected.some(({ generator }) => generator.name === "validators");
  return selected.map((entry) =>
    entry.generator.name === "client" && validators && entry.options.validators === undefined
      ? { ...entry, options: { ...entry.options, validators: true } }
      : entry,
  );
}

function timer(onTiming: GenerateContractOptions["onTiming"]) {
  return <T>(stage: string, run: () => T): T => {
    const started = performance.now();
    const result = run();
    onTiming?.({ stage, ms: performance.now() - started });
    return result;
  };
}

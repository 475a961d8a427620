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
  };
  const files: GeneratedFile[] = [];
  const producers = new Map<string, string>();
  for (const { generator, options: generatorOptions } of linkGenerators(
    selectGenerators(options.generators, options.registry),
  )) {
    const started = performance.now();
    let produced: GeneratedFile[];
    try {
      produced = await generator.generate(context, generatorOptions);
    } catch (error) {
      throw generatorFailure(generator.name, error);
    }
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

/** Diagnostic code of a generator that failed on the spec it was given. */
export const GENERATOR_FAILED = "generator-failed";

/**
 * Whatever a generator throws becomes a diagnostic about the spec, at the pointer of the schema or
 * operation it was generating when that is known (`pointer` on the error, or the diagnostics of a
 * ContractError): generators throw because of what they were given, and the user needs to know
 * where. The original error stays as `cause` (shown with CONTRACT_DEBUG=1).
 */
export function generatorFailure(generator: string, error: unknown): ContractError {
  if (error instanceof ContractError && error.diagnostics.length > 0) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const pointer =
    error !== null &&
    typeof error === "object" &&
    typeof (error as { pointer?: unknown }).pointer === "string"
      ? (error as { pointer: string }).pointer
      : "";
  const stack = /Maximum call stack size exceeded/.test(raw);
  const said = stack ? "the spec nests too deeply for it" : raw.split("\n")[0];
  const message = `the ${generator} generator cannot generate from ${pointer ? "this" : "the spec"}: ${said}`;
  const failure = new ContractError(message, [
    { severity: "error", code: GENERATOR_FAILED, message, pointer },
  ]);
  failure.cause = error;
  return failure;
}

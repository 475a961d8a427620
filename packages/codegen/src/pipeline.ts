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
import { flatString } from "./flat-string.js";
import type { GenerateContext, GeneratedFile } from "./generator.js";
import {
  GENERATORS,
  type GeneratorDefinition,
  type GeneratorSelection,
  type selectGenerators,
} from "./generators/index.js";
import { planGenerators } from "./plan.js";
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
  /**
   * Reads a file of the output folder, for generators that extend user-owned files (handler stubs);
   * `generator` names the one reading (incremental runs record what each generator read).
   */
  readExisting?: (path: string, generator: string) => string | undefined;
  /** Warnings generators raise about user-owned files, with the generator that raised each. */
  onDiagnostic?: (diagnostic: Diagnostic, generator: string) => void;
  /**
   * Run only these of the selected generators (incremental runs: the others' inputs did not change
   * and their files are already on disk). Absent: every selected generator.
   */
  only?: ReadonlySet<string>;
  /** The files each generator produced, after it ran. */
  onGenerated?: (generator: string, files: readonly GeneratedFile[]) => void;
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
  const planned = plannedGenerators(options.generators, options.registry).filter(
    ({ generator }) => options.only === undefined || options.only.has(generator.name),
  );
  // Generators that end by waiting on another process start before the others, so that wait
  // overlaps their work; each one's files, diagnostics and timing are still taken at its turn.
  const early = new Map<string, StartedGenerator>();
  for (const entry of planned) {
    if (entry.generator.startsEarly === true)
      early.set(entry.generator.name, startGenerator(entry, ir, options));
  }
  if (early.size > 0) await handOver();
  const files: GeneratedFile[] = [];
  const producers = new Map<string, string>();
  for (const entry of planned) {
    const { generator } = entry;
    const run = early.get(generator.name) ?? startGenerator(entry, ir, options);
    const waited = performance.now();
    let produced: GeneratedFile[];
    try {
      produced = await run.files;
    } catch (error) {
      throw generatorFailure(generator.name, error);
    } finally {
      run.flushDiagnostics();
    }
    // Generated files are kept until all generators ran: flat, not as the pieces they were built from.
    for (const file of produced) flatString(file.contents);
    // The wall time this generator added: its synchronous start plus the wait for it at its turn.
    options.onTiming?.({ stage: `generate:${generator.name}`, ms: run.startMs + performance.now() - waited });
    options.onGenerated?.(generator.name, produced);
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
 * A few turns of the event loop before the next generator's synchronous work, so that those
 * started early can hand their work over: esbuild's API sends its request to its process after
 * some promise steps, which the next generator would hold back until it returns.
 */
async function handOver(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A generator called, its files to come; diagnostics held until its turn keeps them in registry order. */
interface StartedGenerator {
  files: Promise<GeneratedFile[]>;
  /** How long the call took before it returned its promise (all of it for a synchronous generator). */
  startMs: number;
  flushDiagnostics(): void;
}

type PlannedGenerator = ReturnType<typeof selectGenerators>[number];

function startGenerator(
  { generator, options: generatorOptions }: PlannedGenerator,
  ir: ContractIR,
  options: GenerateContractOptions,
): StartedGenerator {
  const { readExisting, onDiagnostic } = options;
  const held: Diagnostic[] = [];
  const context: GenerateContext = {
    ir,
    generatorVersion: CODEGEN_VERSION,
    ...(readExisting ? { readExisting: (path: string) => readExisting(path, generator.name) } : {}),
    ...(onDiagnostic ? { report: (d: Diagnostic) => held.push(d) } : {}),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    ...(options.defaultHandlersDir !== undefined ? { defaultHandlersDir: options.defaultHandlersDir } : {}),
  };
  const started = performance.now();
  let files: Promise<GeneratedFile[]>;
  try {
    files = Promise.resolve(generator.generate(context, generatorOptions));
  } catch (error) {
    files = Promise.reject(error);
  }
  // A generator started early may fail before its turn; the failure is thrown at its turn.
  files.catch(() => {});
  return {
    files,
    startMs: performance.now() - started,
    flushDiagnostics() {
      for (const d of held.splice(0)) onDiagnostic?.(d, generator.name);
    },
  };
}

/**
 * The generators a selection runs, in registry order, with the options each receives: dependencies
 * added and options derived from other generators applied (see ./plan.ts).
 * What an incremental run compares with the previous run's, generator by generator.
 */
export function plannedGenerators(
  selection: GeneratorSelection | undefined,
  registry: readonly GeneratorDefinition<string, any>[] = GENERATORS,
): ReturnType<typeof selectGenerators> {
  return planGenerators(selection, registry);
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

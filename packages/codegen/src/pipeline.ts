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
import {
  findGenerator,
  type GeneratorDefinition,
  type GeneratorSelection,
  selectGenerators,
} from "./generators/index.js";
import { WORKER_GENERATORS } from "./parallel/worker-generators.js";
import { startWorker, type WorkerRun, workerAvailable } from "./parallel/worker-host.js";
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
  /**
   * Generators already started on a worker thread (startOffloadedGenerators, with these options):
   * their results are collected in their turn, the others run here meanwhile.
   */
  offloaded?: OffloadedGenerators;
}

/** Anything with the bundled document: a `LoadedSpec`, or a bare `{ document }` in tests. */
export interface LoadedDocument {
  document: OpenApiDocument;
}

export async function generateContract(
  loaded: LoadedDocument,
  options: GenerateContractOptions = {},
): Promise<GeneratedFile[]> {
  const offloaded = options.offloaded;
  try {
    return await generateAll(loaded, options, offloaded);
  } finally {
    await offloaded?.stop();
  }
}

/** One generator's result, held until its turn in registry order. */
type Outcome =
  | { ok: true; files: GeneratedFile[]; reports: Diagnostic[]; ms: number }
  | { ok: false; error: unknown; reports: Diagnostic[] };

async function generateAll(
  loaded: LoadedDocument,
  options: GenerateContractOptions,
  offloaded: OffloadedGenerators | undefined,
): Promise<GeneratedFile[]> {
  const time = timer(options.onTiming);
  const ir: ContractIR = time("normalize", () => buildIR(loaded.document));
  const planned = plannedGenerators(options.generators, options.registry).filter(
    ({ generator }) => options.only === undefined || options.only.has(generator.name),
  );
  const onWorker = (name: string) => offloaded?.run.names.has(name) === true;
  const runHere = async (generator: GeneratorDefinition<string, unknown>, generatorOptions: unknown) => {
    const reports: Diagnostic[] = [];
    const context = contextFor(ir, generator.name, options, reports);
    const started = performance.now();
    try {
      const files = await generator.generate(context, generatorOptions);
      return { ok: true as const, files, reports, ms: performance.now() - started };
    } catch (error) {
      return { ok: false as const, error, reports };
    }
  };

  // This thread's generators run while the worker's do; a failure stops this thread's next ones.
  const here = new Map<string, Outcome>();
  for (const { generator, options: generatorOptions } of planned) {
    if (onWorker(generator.name)) continue;
    const outcome = await runHere(generator, generatorOptions);
    here.set(generator.name, outcome);
    if (!outcome.ok) break;
  }

  // Results, warnings and the first failure are taken in registry order, as if run one by one.
  const files: GeneratedFile[] = [];
  const producers = new Map<string, string>();
  for (const { generator, options: generatorOptions } of planned) {
    let outcome: Outcome | undefined;
    if (onWorker(generator.name)) {
      const result = await offloaded!.run.outcome(generator.name);
      outcome =
        result.kind === "done"
          ? { ok: true, files: result.files, reports: result.reports, ms: result.ms }
          : result.kind === "failed"
            ? { ok: false, error: result.error, reports: result.reports }
            : await runHere(generator, generatorOptions);
    } else outcome = here.get(generator.name);
    // Absent only after an earlier failure on this thread, which was thrown before reaching here.
    if (outcome === undefined) throw new Error(`generator ${generator.name} did not run`);
    if (options.onDiagnostic) for (const d of outcome.reports) options.onDiagnostic(d, generator.name);
    if (!outcome.ok) throw generatorFailure(generator.name, outcome.error);
    options.onTiming?.({ stage: `generate:${generator.name}`, ms: outcome.ms });
    options.onGenerated?.(generator.name, outcome.files);
    for (const file of outcome.files) {
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

function contextFor(
  ir: ContractIR,
  generator: string,
  options: GenerateContractOptions,
  reports: Diagnostic[],
): GenerateContext {
  const { readExisting } = options;
  return {
    ir,
    generatorVersion: CODEGEN_VERSION,
    ...(readExisting ? { readExisting: (path: string) => readExisting(path, generator) } : {}),
    ...(options.onDiagnostic ? { report: (d: Diagnostic) => reports.push(d) } : {}),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    ...(options.defaultHandlersDir !== undefined ? { defaultHandlersDir: options.defaultHandlersDir } : {}),
  };
}

/** Generators started on a worker thread by startOffloadedGenerators, for generateContract to collect. */
export interface OffloadedGenerators {
  readonly run: WorkerRun;
  /** Stops the worker (when the run will not generate after all); generateContract does it itself. */
  stop(): Promise<void>;
}

/**
 * Sources of this size and more (bytes of every file of the spec) run the thread-safe generators
 * (see WORKER_GENERATORS) on a worker thread. Below it, starting a thread, importing the generator
 * there and cloning the document cost more than the overlap saves.
 */
export const OFFLOAD_MIN_SPEC_BYTES = 1_000_000;

/**
 * Starts, on a worker thread, the selected generators that may run there, with a structured clone
 * of the document as it is now: call it as soon as the spec is loaded (before validating it) and
 * pass the result to generateContract with the same options. Undefined when none of them is
 * selected or the worker cannot be used (the package's TypeScript source, in tests).
 */
export function startOffloadedGenerators(
  loaded: LoadedDocument,
  options: GenerateContractOptions = {},
): OffloadedGenerators | undefined {
  if (!workerAvailable()) return undefined;
  const jobs = plannedGenerators(options.generators, options.registry)
    .filter(({ generator }) => options.only === undefined || options.only.has(generator.name))
    // A generator the worker can load by name, and the very one the registry holds under that name.
    .filter(
      ({ generator }) => generator.name in WORKER_GENERATORS && findGenerator(generator.name) === generator,
    )
    .map(({ generator, options: generatorOptions }) => ({ name: generator.name, options: generatorOptions }));
  if (jobs.length === 0) return undefined;
  const run = startWorker({
    document: loaded.document,
    jobs,
    generatorVersion: CODEGEN_VERSION,
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
    ...(options.defaultHandlersDir !== undefined ? { defaultHandlersDir: options.defaultHandlersDir } : {}),
  });
  return { run, stop: () => run.stop() };
}

/**
 * The generators a selection runs, in registry order, with the options each receives: dependencies
 * added (withDependencies) and options derived from other generators applied (linkGenerators).
 * What an incremental run compares with the previous run's, generator by generator.
 */
export function plannedGenerators(
  selection: GeneratorSelection | undefined,
  registry?: readonly GeneratorDefinition<string, any>[],
): ReturnType<typeof selectGenerators> {
  return linkGenerators(selectGenerators(withDependencies(selection), registry));
}

/**
 * Generated files import each other: client.ts, webhooks.ts, sender.ts and validators.d.ts import
 * ./types.js; webhooks.ts and sender.ts import ./validators.js (and client.ts with
 * `validators: true`), unless their options point those imports at modules of the user's. A
 * selection that leaves such a generator out gets it anyway, with default options, rather than
 * output that does not compile; one that turns it off (`false`) is refused with what to do instead.
 */
export function withDependencies(selection: GeneratorSelection | undefined): GeneratorSelection | undefined {
  if (selection === undefined) return undefined;
  const complete: Record<string, unknown> = { ...selection };
  const optionsOf = (name: string): Record<string, unknown> | undefined => {
    const value = complete[name];
    if (value === undefined || value === false) return undefined;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  };
  const require = (dependency: "types" | "validators", importer: string, module: string, option: string) => {
    if (complete[dependency] === undefined) complete[dependency] = true;
    else if (complete[dependency] === false) {
      throw new ContractError(
        `generators.${importer} imports ${module}, which the ${dependency} generator writes, but "${dependency}" is false: ` +
          `turn ${dependency} on, or set generators.${importer}.${option} to a module of your own`,
      );
    }
  };
  for (const name of ["webhooks", "sender", "client"] as const) {
    const options = optionsOf(name);
    if (!options) continue;
    const importsValidators =
      name === "client"
        ? options.validators === true && options.validatorsModule === undefined
        : options.validatorsModule === undefined;
    if (importsValidators)
      require("validators", name, "./validators.js", name === "client"
        ? "validatorsModule (or validators: false)"
        : "validatorsModule (or false)");
  }
  for (const name of ["client", "webhooks", "sender", "validators"] as const) {
    const options = optionsOf(name);
    if (options && options.typesModule === undefined) require("types", name, "./types.js", "typesModule");
  }
  return complete as GeneratorSelection;
}

/**
 * Options one generator derives from the presence of another: when validators.js is generated, the
 * client imports it so `validateResponses` checks bodies (unless the config says otherwise); when
 * client.ts is not, webhooks.ts has no client to type `event.links` with, so it leaves them out
 * (unless `clientModule` names a client of the user's).
 */
function linkGenerators(selected: ReturnType<typeof selectGenerators>): ReturnType<typeof selectGenerators> {
  const validators = selected.some(({ generator }) => generator.name === "validators");
  const client = selected.some(({ generator }) => generator.name === "client");
  return selected.map((entry) => {
    if (entry.generator.name === "client" && validators && entry.options.validators === undefined)
      return { ...entry, options: { ...entry.options, validators: true } };
    if (
      entry.generator.name === "webhooks" &&
      !client &&
      entry.options.clientModule === undefined &&
      entry.options.links === undefined
    )
      return { ...entry, options: { ...entry.options, links: false } };
    return entry;
  });
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

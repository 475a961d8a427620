/**
 * What `contract gen` does once flags are parsed: for each contract, load → validate (refuse to
 * generate from a spec with errors) → normalize → generate → write (or compare, with `--check`).
 * Loaded lazily by ./commands/gen.ts. The generators (TypeScript, openapi-typescript, ajv) are
 * imported only once the spec is loaded and validated: alive during the load, their code would count
 * in the live set of its full collection, which sets how far the heap grows before the next one.
 */
import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { GeneratedFile, LoadedDocument, StageTiming } from "@contract/codegen";
import { writeFiles } from "@contract/codegen/writer";
import { blocksGeneration, ContractError, type LoadedSpec, loadSpec, validateSpec } from "@contract/core";
import { ConfigError, type ResolvedContract } from "../config.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import { tellFindings } from "../format/index.js";
import { displayPath } from "../format/paths.js";
import type { CliIO } from "../io.js";
import { inspectOutput, sha256 } from "./fresh.js";
import { type HandlersPlacement, handlersDirOf, placeHandlers } from "./handlers.js";
import { limitHeapGrowth } from "./heap-growth.js";
import {
  carriedFiles,
  type GenerationPlan,
  inputsRecord,
  newObservations,
  planGeneration,
  type RunObservations,
} from "./plan.js";
import {
  type ContractOutcome,
  formatMs,
  summarizeCheck,
  summarizeUnchanged,
  summarizeWrite,
  timingText,
} from "./summary.js";
import { type GenFlags, resolveTargets } from "./targets.js";

/** Loader diagnostics that mean the spec could not be read at all (rather than read and found wrong). */
const UNREADABLE = new Set(["file-not-found", "file-unreadable"]);

export async function runGen(spec: string | undefined, flags: GenFlags, io: CliIO): Promise<number> {
  const started = performance.now();
  limitHeapGrowth();
  let contracts: ResolvedContract[];
  try {
    ({ contracts } = await resolveTargets(spec, flags, io.cwd));
  } catch (error) {
    if (error instanceof ConfigError) {
      tellFindings(
        io,
        { spec: error.file, diagnostics: error.diagnostics, sourceText: () => error.text, passed: false },
        "config",
      );
      return EXIT_USAGE;
    }
    throw error;
  }
  let code = EXIT_OK;
  for (const contract of contracts) code = Math.max(code, await genOne(contract, flags, io));
  if (contracts.length > 1)
    io.stdout(`${contracts.length} contracts in ${formatMs(performance.now() - started)}\n`);
  return code;
}

/**
 * Synchronous reads confined to the output folder and the handler folder (which may be next to it),
 * for generators that extend user-owned files. Paths are relative to the output folder.
 */
function readInside(outDir: string, handlersDir: string | undefined): (path: string) => string | undefined {
  const root = resolve(outDir);
  const roots = [root, ...(handlersDir === undefined ? [] : [resolve(root, handlersDir)])];
  return (path) => {
    const target = resolve(root, path);
    if (!roots.some((r) => target.startsWith(r + sep))) return undefined;
    try {
      return readFileSync(target, "utf8");
    } catch {
      return undefined;
    }
  };
}

type Timed = <T>(stage: string, run: () => T | Promise<T>) => Promise<T>;

/**
 * One contract: load → validate → generate → write, incrementally (see ./plan.ts): a generator
 * whose inputs are those of the last run does not run, and when no generator has to, the spec is not
 * even loaded. `onLoaded` receives every file the spec is read from (entry first), for `--watch`.
 */
export async function genOne(
  contract: ResolvedContract,
  flags: GenFlags,
  io: CliIO,
  onLoaded?: (files: readonly string[]) => void,
): Promise<number> {
  const started = performance.now();
  const timings: StageTiming[] = [];
  const timed: Timed = async (stage, run) => {
    const t = performance.now();
    const result = await run();
    timings.push({ stage, ms: performance.now() - t });
    return result;
  };
  const out = contract.out;
  try {
    const placement = placeHandlers(contract, io.cwd);
    const fresh = flags.force ? undefined : await timed("inputs", () => inspectOutput(out, contract.spec));
    const plan = planGeneration(contract, flags, placement, fresh);
    const seen = newObservations(plan, out);
    let files: GeneratedFile[] = [];
    if (plan.rerun === undefined || plan.rerun.size > 0) {
      const loaded = await loadValidated(contract, flags, io, plan, seen, timed, onLoaded);
      if (typeof loaded === "number") return loaded;
      if (placement?.notice) io.stderr(placement.notice);
      const generated = await generate(contract, io, plan, placement, loaded, seen, timings, timed);
      if (typeof generated === "number") return generated;
      files = generated;
    } else {
      if (seen.specFiles) onLoaded?.(seen.specFiles);
      if (placement?.notice) io.stderr(placement.notice);
    }
    for (const record of Object.values(plan.carried))
      for (const w of record.warnings) io.stderr(`${contract.name}: warning ${w.code}: ${w.message}\n`);

    const carry = carriedFiles(plan);
    const report = await timed(flags.check ? "check" : "write", () =>
      writeFiles(out, files, {
        check: flags.check === true,
        carry,
        inputs: () => inputsRecord(contract, flags, plan, seen),
      }),
    );
    const outcome: ContractOutcome = {
      name: contract.name,
      out,
      report,
      timings,
      ms: performance.now() - started,
    };
    const nothingRan = plan.rerun !== undefined && plan.rerun.size === 0;
    return tellOutcome(outcome, flags, io, nothingRan ? Object.keys(carry).length : undefined);
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    return tellUnloadable(contract, io, error);
  }
}

/**
 * Load, and validate when the spec or the shared options changed since the last run: the document
 * to generate from, or the exit code of a spec that must not be generated from (its findings told).
 *
 * Generators read the upgraded document only. The rest of the loaded spec is not kept through
 * generation, where memory peaks: the copy of a 3.0 document as written (20 MB for GitHub's) and the
 * texts read (26 MB for GitHub's 13 MB of JSON: V8 stores a text with any character beyond Latin-1 at
 * two bytes a character). It is left behind with this function's frame; a generator failure loads
 * the spec again to say where.
 */
async function loadValidated(
  contract: ResolvedContract,
  flags: GenFlags,
  io: CliIO,
  plan: GenerationPlan,
  seen: RunObservations,
  timed: Timed,
  onLoaded: ((files: readonly string[]) => void) | undefined,
): Promise<LoadedDocument | number> {
  const spec = await timed("load", () => loadSpec(contract.spec, contract.load));
  onLoaded?.(spec.files);
  seen.specFiles = [...spec.files];
  hashTexts(spec, seen.specFiles, seen.loadedHashes);
  // Validated last time with the same spec and rules: no need to again.
  if (plan.rerun !== undefined) return { document: spec.document };
  // Only findings that make the output wrong stop generation (see GEN_BLOCKING in @contract/core);
  // they and the other errors are printed, and only they are located.
  const strict = flags.strict === true;
  const shown = await timed("validate", () =>
    validateSpec(spec, {
      skip: contract.skipRules,
      keep: (d) => d.severity === "error" || blocksGeneration(d, { strict }),
    }),
  );
  const blocking = shown.filter((d) => blocksGeneration(d, { strict }));
  if (shown.length > 0) {
    tellFindings(io, {
      spec: contract.spec,
      diagnostics: shown,
      sourceText: (f) => spec.sourceText(f),
      passed: blocking.length === 0,
    });
  }
  if (blocking.length > 0) {
    io.stderr(
      `${prefix(contract, io.cwd)}not generated: ${blocking.length} finding(s) would make the generated code wrong (details: contract check)\n`,
    );
    return EXIT_FINDINGS;
  }
  return { document: spec.document };
}

/**
 * The planned generators on the loaded document: their files, what they read and warned of noted
 * in `seen`; or, when one fails on the spec, the exit code (the failure told, located).
 */
async function generate(
  contract: ResolvedContract,
  io: CliIO,
  plan: GenerationPlan,
  placement: HandlersPlacement | undefined,
  loaded: LoadedDocument,
  seen: RunObservations,
  timings: StageTiming[],
  timed: Timed,
): Promise<GeneratedFile[] | number> {
  const read = readInside(contract.out, handlersDirOf(contract) ?? placement?.defaultHandlersDir);
  // A stage of its own: reading TypeScript, openapi-typescript and ajv takes a few hundred ms.
  const { generateContract } = await timed("import generators", () => import("@contract/codegen"));
  try {
    return await generateContract(loaded, {
      ...(contract.generators !== undefined ? { generators: contract.generators } : {}),
      ...(plan.rerun !== undefined ? { only: plan.rerun } : {}),
      onTiming: (t) => timings.push(t),
      outDir: contract.out,
      ...(placement ? { defaultHandlersDir: placement.defaultHandlersDir } : {}),
      readExisting: (path, generator) => {
        if (!seen.reads.has(generator)) seen.reads.set(generator, new Set());
        seen.reads.get(generator)!.add(path);
        return read(path);
      },
      onDiagnostic: (d, generator) => {
        if (!seen.warnings.has(generator)) seen.warnings.set(generator, []);
        seen.warnings.get(generator)!.push({ code: d.code, message: d.message });
        io.stderr(`${contract.name}: warning ${d.code}: ${d.message}\n`);
      },
      onGenerated: (generator, generated) =>
        seen.produced.set(
          generator,
          generated.filter((f) => f.ownership === "generated").map((f) => f.path),
        ),
    });
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    return tellGeneratorFailure(contract, io, error, seen.loadedHashes);
  }
}

/** A generator failed on this spec: say where, like any finding about the spec. */
async function tellGeneratorFailure(
  contract: ResolvedContract,
  io: CliIO,
  error: ContractError,
  loadedHashes: ReadonlyMap<string, string>,
): Promise<number> {
  const again = await reloaded(contract, loadedHashes);
  const located = error.diagnostics.map((d) => {
    const location = d.location ?? again?.locate(d.pointer);
    return location ? { ...d, location } : d;
  });
  tellFindings(io, {
    spec: contract.spec,
    diagnostics: located,
    sourceText: (f) => again?.sourceText(f),
    passed: false,
  });
  if (process.env.CONTRACT_DEBUG && error.cause instanceof Error && error.cause.stack)
    io.stderr(`${error.cause.stack}\n`);
  io.stderr(
    `${prefix(contract, io.cwd)}not generated: a generator failed on the spec (if \`contract check\` passes, please report it)\n`,
  );
  return EXIT_FINDINGS;
}

/**
 * The run's summary line, and its exit code. `keptFiles`: set when no generator ran (the count of
 * files kept), for the shorter "up to date" line.
 */
function tellOutcome(
  outcome: ContractOutcome,
  flags: GenFlags,
  io: CliIO,
  keptFiles: number | undefined,
): number {
  const { report } = outcome;
  const unchangedLine = (check: boolean) =>
    summarizeUnchanged(
      { name: outcome.name, out: outcome.out, files: keptFiles ?? 0, ms: outcome.ms },
      io.cwd,
      io.color,
      check,
    ) + (flags.timings ? timingText(outcome.timings) : "");
  if (flags.check) {
    const stale = report.stale.length + report.missing.length + report.extra.length > 0;
    if (keptFiles !== undefined && !stale) {
      io.stdout(unchangedLine(true));
      return EXIT_OK;
    }
    const text = summarizeCheck(outcome, io.cwd, io.color, flags.timings === true);
    (stale ? io.stderr : io.stdout)(text);
    return stale ? EXIT_FINDINGS : EXIT_OK;
  }
  if (keptFiles !== undefined && report.removed.length + report.kept.length === 0) {
    io.stdout(unchangedLine(false));
    return EXIT_OK;
  }
  io.stdout(summarizeWrite(outcome, io.cwd, io.color, flags.timings === true));
  return EXIT_OK;
}

/** The spec could not be read (exit 2), or was read but cannot be loaded (a located finding, exit 1). */
function tellUnloadable(contract: ResolvedContract, io: CliIO, error: ContractError): number {
  const unreadable = error.diagnostics.length === 0 || error.diagnostics.some((d) => UNREADABLE.has(d.code));
  if (!unreadable) {
    // Read but not loadable (syntax error, not OpenAPI 3.x): a finding about the spec, located.
    tellFindings(io, {
      spec: contract.spec,
      diagnostics: error.diagnostics,
      sourceText: readText,
      passed: false,
    });
  }
  // The diagnostics above already name the file and position: say only what it means.
  io.stderr(
    unreadable
      ? `error: ${contract.name} (${displayPath(contract.spec, io.cwd)}): ${error.message}\n`
      : `${prefix(contract, io.cwd)}not generated: the spec cannot be loaded\n`,
  );
  return unreadable ? EXIT_USAGE : EXIT_FINDINGS;
}

/**
 * The sha256 of each file's text, into `hashes`. A function of its own: in its caller's loop, the last
 * text read stayed in a register of its suspended frame, alive through generation (26 MB for GitHub's).
 */
function hashTexts(loaded: LoadedSpec, files: readonly string[], hashes: Map<string, string>): void {
  for (const file of files) {
    const text = loaded.sourceText(file);
    if (text !== undefined) hashes.set(file, sha256(text));
  }
}

/**
 * The spec loaded again, to locate a generator's failure: undefined when it cannot be, or when a file
 * is no longer what was generated from (its positions would point at other text).
 */
async function reloaded(
  contract: ResolvedContract,
  hashes: ReadonlyMap<string, string>,
): Promise<LoadedSpec | undefined> {
  let again: LoadedSpec;
  try {
    again = await loadSpec(contract.spec, contract.load);
  } catch {
    return undefined;
  }
  for (const file of again.files) {
    const text = again.sourceText(file);
    if (text === undefined || hashes.get(file) !== sha256(text)) return undefined;
  }
  return again;
}

/** `name: ` for a contract of a config; nothing for a spec named on the command line (its path is the name). */
function prefix(contract: ResolvedContract, cwd: string): string {
  return contract.name === displayPath(contract.spec, cwd) || resolve(cwd, contract.name) === contract.spec
    ? ""
    : `${contract.name}: `;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * The incremental half of `contract gen`: which generators a run has to run, given the manifest the
 * last run left (./fresh.ts), and the record this run leaves for the next one.
 */
import { basename, isAbsolute } from "node:path";
import { plannedGeneratorNames } from "@contract/codegen/plan";
import type { ResolvedContract } from "../config.js";
import {
  contractKey,
  type Freshness,
  fromRecordPath,
  type GeneratorRecord,
  generatorVersion,
  hashFile,
  hashOptions,
  type InputsRecord,
  toRecordPath,
} from "./fresh.js";
import type { HandlersPlacement } from "./handlers.js";
import type { GenFlags } from "./targets.js";

export interface GenerationPlan {
  /** The hash of each planned generator's options. */
  optionHashes: Map<string, string>;
  /** The hash of what every generator depends on: load options, rules, handler placement, strictness. */
  shared: string;
  /** The last run's manifest and what changed on disk since; undefined with `--force` or no usable manifest. */
  fresh: Freshness | undefined;
  /**
   * The generators to run. Undefined: all of them, on a spec to validate (it, or the shared options,
   * changed); empty: none, the spec is not even loaded.
   */
  rerun: Set<string> | undefined;
  /** The records of the generators whose files are kept as they are. */
  carried: Record<string, GeneratorRecord>;
}

export function planGeneration(
  contract: ResolvedContract,
  flags: GenFlags,
  placement: HandlersPlacement | undefined,
  fresh: Freshness | undefined,
): GenerationPlan {
  const planned = plannedGeneratorNames(contract.generators);
  const optionHashes = new Map(planned.map(({ name, options }) => [name, hashOptions(options)]));
  const shared = hashOptions({
    load: contract.load,
    skipRules: [...new Set(contract.skipRules)].sort(),
    defaultHandlersDir: placement?.defaultHandlersDir ?? null,
    outName: basename(contract.out),
    // What stops generation depends on it, and an unchanged spec is not validated again.
    strict: flags.strict === true,
  });
  const carried: Record<string, GeneratorRecord> = {};
  if (!fresh || fresh.specChanged || fresh.record.inputs.shared !== shared)
    return { optionHashes, shared, fresh, rerun: undefined, carried };
  const rerun = new Set<string>();
  for (const [name, hash] of optionHashes) {
    const previous = fresh.record.inputs.generators[name];
    const intact = previous?.files.every((f) => !fresh.damaged.has(f) && f in fresh.record.files);
    if (previous && previous.options === hash && intact && !fresh.readsChanged.has(name))
      carried[name] = previous;
    else rerun.add(name);
  }
  return { optionHashes, shared, fresh, rerun, carried };
}

/** What a run saw on its way, recorded in the manifest after the write. */
export interface RunObservations {
  /** Every file the spec was read from, entry first (from the last run's record when not loaded). */
  specFiles: string[] | undefined;
  /** The sha256 of each file's text as loaded: an edit during the run then shows as a change next time. */
  loadedHashes: Map<string, string>;
  /** The user-owned files each generator read (paths relative to the output folder). */
  reads: Map<string, Set<string>>;
  /** The warnings each generator gave, repeated by later runs that keep its files. */
  warnings: Map<string, Array<{ code: string; message: string }>>;
  /** The generated (not user-owned) files of each generator that ran. */
  produced: Map<string, string[]>;
}

export function newObservations(plan: GenerationPlan, out: string): RunObservations {
  return {
    specFiles: plan.fresh?.record.inputs.spec.map(([p]) => fromRecordPath(out, p)),
    loadedHashes: new Map(),
    reads: new Map(),
    warnings: new Map(),
    produced: new Map(),
  };
}

/** The kept generators' files and their recorded hashes, which the writer leaves as they are. */
export function carriedFiles(plan: GenerationPlan): Record<string, string> {
  const carry: Record<string, string> = {};
  for (const record of Object.values(plan.carried))
    for (const path of record.files) carry[path] = plan.fresh!.record.files[path]!;
  return carry;
}

/**
 * This run's inputs for the manifest, made after the write: reads are hashed as the run leaves
 * them (e.g. the handler index it extended). Undefined when a spec file has no stable path (remote
 * refs) or cannot be read: the next run then generates everything.
 */
export function inputsRecord(
  contract: ResolvedContract,
  flags: GenFlags,
  plan: GenerationPlan,
  seen: RunObservations,
): InputsRecord | undefined {
  const out = contract.out;
  const { specFiles } = seen;
  if (specFiles === undefined || specFiles.some((f) => !isAbsolute(f))) return undefined;
  const spec: Array<[string, string]> = [];
  for (const file of specFiles) {
    const hash = seen.loadedHashes.get(file) ?? plan.fresh?.specHashes.get(file) ?? hashFile(file);
    if (hash === null) return undefined;
    spec.push([toRecordPath(out, file), hash]);
  }
  const generators: Record<string, GeneratorRecord> = { ...plan.carried };
  for (const [name, options] of plan.optionHashes) {
    if (plan.carried[name]) continue;
    generators[name] = {
      options,
      files: seen.produced.get(name) ?? [],
      reads: Object.fromEntries(
        [...(seen.reads.get(name) ?? [])].sort().map((p) => [p, hashFile(fromRecordPath(out, p))]),
      ),
      warnings: seen.warnings.get(name) ?? [],
    };
  }
  return {
    key: contractKey(contract.configHash ?? null, contract.name, flags.skipRule),
    generatorVersion: generatorVersion(),
    spec,
    shared: plan.shared,
    generators,
  };
}

/**
 * Incremental `contract gen`: what the last run was generated from, and whether anything changed.
 *
 * A successful run records its inputs in the output folder's `.contract-manifest.json`
 * (`inputs`): the sha256 of every file the spec was read from, a hash of the options every generator
 * shares (load options, skipped rules, handler folder) and, per generator, a hash of its options, the
 * files it wrote, the user files it read (handler index) and the warnings it raised. The next run
 * hashes the same files — far cheaper than parsing them — and compares:
 *
 * - same spec, same shared options: a generator whose options, reads and output files are unchanged
 *   does not run (its files stay untouched); when none has to run, nothing is loaded at all;
 * - an output file deleted or edited since (size + mtime first, then its hash): its generator reruns
 *   and the writer repairs the file.
 *
 * This module imports only Node built-ins (and small CLI helpers): `upToDate` answers a run with no
 * change before the generators (TypeScript, openapi-typescript, ajv) are even imported.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CONFIG_FILE_NAMES } from "../config-names.js";
import { EXIT_OK } from "../exit-codes.js";
import type { CliIO } from "../io.js";
import { formatMs, summarizeUnchanged, timingText } from "./summary.js";
import type { GenFlags } from "./targets.js";

/** Same name as the writer's (`@contract/codegen`), not imported from there: see above. */
export const MANIFEST_FILE = ".contract-manifest.json";

export interface GeneratorRecord {
  /** Hash of the generator's options (after dependencies and derived options are applied). */
  options: string;
  /** Generated files it wrote (relative to the output folder). */
  files: string[];
  /** Files of the user it read (relative to the output folder) → sha256 after the run, null when absent. */
  reads: Record<string, string | null>;
  /** Warnings it raised, printed again when it does not rerun. */
  warnings: Array<{ code: string; message: string }>;
}

export interface InputsRecord {
  /** Hash of the generator version, the config file's text and the contract name (see contractKey). */
  key: string;
  generatorVersion: string;
  /** Every file the spec was read from, entry first: [path relative to the output folder, sha256]. */
  spec: Array<[string, string]>;
  /** Hash of what every generator depends on besides the spec (see sharedOptions in run.ts). */
  shared: string;
  generators: Record<string, GeneratorRecord>;
}

export interface ManifestRecord {
  files: Record<string, string>;
  inputs: InputsRecord;
  stat: Record<string, [number, number]>;
}

export const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** JSON with object keys sorted, so that equal options hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export const hashOptions = (value: unknown): string => sha256(canonical(value));

/** sha256 of a file's bytes; null when it does not exist (or is not a file). */
export function hashFile(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

let version: string | undefined;
/**
 * Version of @contract/codegen (what writes the files), read from its package.json; for a linked
 * checkout (see buildFingerprint) followed by `+` and a fingerprint of its built code and core's.
 */
export function generatorVersion(): string {
  if (version === undefined) {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve("@contract/codegen/package.json");
    const codegenDir = dirname(manifest);
    const coreDir = resolvedPackageDir(createRequire(manifest), "@contract/core");
    const released = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
    const codegen = buildFingerprint(codegenDir);
    const core = coreDir === undefined ? undefined : buildFingerprint(coreDir);
    version =
      codegen === undefined && core === undefined
        ? released
        : `${released}+${sha256(`${codegen ?? ""}\n${core ?? ""}`).slice(0, 16)}`;
  }
  return version;
}

/** The folder of a package as `require` finds it (the nearest one with a package.json above its entry). */
function resolvedPackageDir(require: NodeJS.Require, name: string): string | undefined {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return undefined; // not built yet
  }
  let dir = dirname(entry);
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * A hash of the JavaScript a package runs (every `.js`, `.mjs` and `.cjs` file of its `dist`, by
 * path and content), for a package resolved outside any node_modules folder: a workspace or `npm
 * link` checkout, whose code changes with every build while its version stays the same. Undefined for
 * an installed package, whose version says what it runs.
 */
export function buildFingerprint(packageDir: string): string | undefined {
  if (packageDir.split(sep).includes("node_modules")) return undefined;
  const dist = join(packageDir, "dist");
  const hash = createHash("sha256");
  const files: string[] = [];
  try {
    for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(?:m|c)?js$/.test(entry.name)) files.push(join(entry.parentPath, entry.name));
    }
  } catch {
    return undefined; // not built (its sources run directly): no build to tell apart
  }
  for (const file of files.sort()) {
    hash.update(`${relative(dist, file).split(sep).join("/")}\0`);
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * Identifies a contract's settings without parsing them: the generator version, the config file's
 * text (null for `contract gen <spec> --out <dir>`, whose options are the defaults), the contract
 * name and `--skip-rule`. Equal keys mean equal options; different keys do not mean different
 * options (an edit elsewhere in the config), which run.ts then compares generator by generator.
 */
export function contractKey(config: string | null, name: string, skipRule: readonly string[] = []): string {
  return hashOptions({ version: generatorVersion(), config, name, skipRule: [...new Set(skipRule)].sort() });
}

/** Paths in the manifest are relative to the output folder, with `/`. */
export const toRecordPath = (out: string, file: string): string => relative(out, file).split(sep).join("/");
export const fromRecordPath = (out: string, path: string): string => resolve(out, ...path.split("/"));

export function readRecord(out: string): ManifestRecord | undefined {
  let parsed: Partial<ManifestRecord>;
  try {
    parsed = JSON.parse(readFileSync(join(out, MANIFEST_FILE), "utf8")) as Partial<ManifestRecord>;
  } catch {
    return undefined;
  }
  const inputs = parsed.inputs;
  if (
    !parsed.files ||
    typeof parsed.files !== "object" ||
    !inputs ||
    typeof inputs.key !== "string" ||
    typeof inputs.shared !== "string" ||
    !Array.isArray(inputs.spec) ||
    inputs.spec.length === 0 ||
    !inputs.generators ||
    typeof inputs.generators !== "object" ||
    !inputs.spec.every((e) => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string") ||
    !Object.values(inputs.generators).every(isGeneratorRecord)
  )
    return undefined;
  const stat = parsed.stat && typeof parsed.stat === "object" ? parsed.stat : {};
  const files: Record<string, string> = {};
  for (const [path, hash] of Object.entries(parsed.files))
    if (typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash)) files[path] = hash;
  return { files, inputs, stat };
}

/** A manifest is a file anyone can edit: a malformed record means a full run, never a crash. */
function isGeneratorRecord(value: unknown): value is GeneratorRecord {
  const r = value as GeneratorRecord | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.options === "string" &&
    Array.isArray(r.files) &&
    r.files.every((f) => typeof f === "string") &&
    typeof r.reads === "object" &&
    r.reads !== null &&
    Object.values(r.reads).every((h) => h === null || typeof h === "string") &&
    Array.isArray(r.warnings) &&
    r.warnings.every((w) => typeof w?.code === "string" && typeof w.message === "string")
  );
}

export interface Freshness {
  record: ManifestRecord;
  /** The spec (entry or any file it reads) or the generator version differs from the recorded run. */
  specChanged: boolean;
  /** sha256 of the spec files, by absolute path, as read now (before loading). */
  specHashes: Map<string, string | null>;
  /** Generated files missing or changed since the recorded run. */
  damaged: Set<string>;
  /** Generators whose user files (reads) changed. */
  readsChanged: Set<string>;
}

/**
 * Compares the output folder's recorded inputs and outputs with the disk. Undefined when there is no
 * usable record (first run, an older manifest, an unreadable one): everything is generated.
 */
export function inspectOutput(out: string, entry: string): Freshness | undefined {
  const record = readRecord(out);
  if (record === undefined) return undefined;
  const { inputs } = record;
  const specHashes = new Map<string, string | null>();
  let specChanged =
    inputs.generatorVersion !== generatorVersion() || fromRecordPath(out, inputs.spec[0]![0]) !== entry;
  for (const [path, hash] of inputs.spec) {
    if (specChanged) break;
    const file = fromRecordPath(out, path);
    const now = hashFile(file);
    specHashes.set(file, now);
    if (now !== hash) specChanged = true;
  }
  const damaged = new Set<string>();
  for (const [path, hash] of Object.entries(record.files)) {
    const file = fromRecordPath(out, path);
    const recorded = record.stat[path];
    try {
      const s = statSync(file);
      if (!s.isFile()) throw new Error("not a file");
      if (Array.isArray(recorded) && s.isFile() && s.size === recorded[0] && s.mtimeMs === recorded[1])
        continue;
    } catch {
      damaged.add(path);
      continue;
    }
    if (hashFile(file) !== hash) damaged.add(path);
  }
  const readsChanged = new Set<string>();
  for (const [name, generator] of Object.entries(inputs.generators)) {
    for (const [path, hash] of Object.entries(generator.reads)) {
      if (hashFile(fromRecordPath(out, path)) !== hash) {
        readsChanged.add(name);
        break;
      }
    }
  }
  return { record, specChanged, specHashes, damaged, readsChanged };
}

/** Nothing to do: same spec, no damaged output, no changed user file. */
export const unchanged = (f: Freshness): boolean =>
  !f.specChanged && f.damaged.size === 0 && f.readsChanged.size === 0;

interface LightTarget {
  name: string;
  spec: string;
  out: string;
  config: string | null;
}

/**
 * The contracts `gen` would run, read without validating the config (that needs the generators'
 * option schemas, i.e. importing them). Undefined whenever anything is unusual: the full path then
 * decides, and reports problems.
 */
async function lightTargets(spec: string | undefined, flags: GenFlags, cwd: string) {
  if (spec !== undefined) {
    if (flags.config !== undefined || flags.contract?.length || flags.out === undefined) return undefined;
    if (/^https?:\/\//i.test(spec)) return undefined;
    const target: LightTarget = {
      name: spec,
      spec: isAbsolute(spec) ? spec : resolve(cwd, spec),
      out: resolve(cwd, flags.out),
      config: null,
    };
    return [target];
  }
  if (flags.out !== undefined) return undefined;
  let file: string;
  if (flags.config !== undefined) file = resolve(cwd, flags.config);
  else {
    const found = CONFIG_FILE_NAMES.map((n) => resolve(cwd, n)).filter((f) => existsSync(f));
    if (found.length !== 1) return undefined;
    file = found[0]!;
  }
  let text: string;
  let data: unknown;
  try {
    text = readFileSync(file, "utf8");
    data = file.endsWith(".json") ? JSON.parse(text) : (await import("yaml")).parse(text);
  } catch {
    return undefined;
  }
  const contracts = (data as { contracts?: unknown } | null)?.contracts;
  if (!Array.isArray(contracts)) return undefined;
  const folder = dirname(file);
  const config = sha256(text);
  const targets: LightTarget[] = [];
  for (const c of contracts as Array<Record<string, unknown>>) {
    if (typeof c?.spec !== "string" || typeof c.out !== "string") return undefined;
    const name = typeof c.name === "string" ? c.name : c.spec;
    targets.push({ name, spec: resolve(folder, c.spec), out: resolve(folder, c.out), config });
  }
  if (!flags.contract?.length) return targets;
  if (flags.contract.some((n) => !targets.some((t) => t.name === n))) return undefined;
  return targets.filter((t) => flags.contract!.includes(t.name));
}

/**
 * `contract gen` (or `--check`) when no contract has anything to do: prints one line per contract
 * and returns EXIT_OK without loading a spec or importing a generator. Undefined otherwise (the full
 * run then compares generator by generator).
 */
export async function upToDate(
  spec: string | undefined,
  flags: GenFlags,
  io: CliIO,
): Promise<number | undefined> {
  const started = performance.now();
  const targets = await lightTargets(spec, flags, io.cwd);
  if (targets === undefined || targets.length === 0) return undefined;
  const results: Array<{ target: LightTarget; freshness: Freshness; ms: number }> = [];
  for (const target of targets) {
    const t = performance.now();
    // Handler stubs at the old place inside the output folder: the full run prints how to move them.
    if (existsSync(join(target.out, "handlers", "index.ts"))) return undefined;
    const freshness = inspectOutput(target.out, target.spec);
    if (freshness === undefined || !unchanged(freshness)) return undefined;
    if (freshness.record.inputs.key !== contractKey(target.config, target.name, flags.skipRule))
      return undefined;
    results.push({ target, freshness, ms: performance.now() - t });
  }
  for (const { target, freshness, ms } of results) {
    for (const generator of Object.values(freshness.record.inputs.generators))
      for (const w of generator.warnings ?? [])
        io.stderr(`${target.name}: warning ${w.code}: ${w.message}\n`);
    io.stdout(
      summarizeUnchanged(
        { name: target.name, out: target.out, files: Object.keys(freshness.record.files).length, ms },
        io.cwd,
        io.color,
        flags.check === true,
      ) + (flags.timings ? timingText([{ stage: "inputs", ms }]) : ""),
    );
  }
  if (targets.length > 1)
    io.stdout(`${targets.length} contracts in ${formatMs(performance.now() - started)}\n`);
  return EXIT_OK;
}

/**
 * What `contract check` does once flags are parsed. Loaded by ./check.ts only when the command runs:
 * `@contract/core` (ajv, the OpenAPI schemas, yaml) is most of the CLI's startup otherwise, and
 * even then only its check entry; the link suggestions come from the full package when asked for.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import {
  ContractError,
  countBySeverity,
  type Diagnostic,
  type LoadOptions,
  loadSpec,
  VALIDATION_RULES,
  validateSpec,
} from "@contract/core/check";
import { CliExit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import { formatReports, type OutputFormat, type SpecReport, tellFindings } from "../format/index.js";
import type { CliIO } from "../io.js";

/** Loader diagnostics that mean the input could not be read at all (rather than read and found wrong). */
const UNREADABLE = new Set(["file-not-found", "file-unreadable"]);

export interface CheckOptions {
  format: OutputFormat;
  config?: string;
  skipRule?: string[];
  listRules?: boolean;
  strict?: boolean;
  maxWarnings?: number;
  quiet?: boolean;
  includeInfo?: boolean;
  allowRemoteRefs?: boolean;
  allowRefsOutsideRoot?: boolean;
  suggestLinks?: boolean;
}

interface Target {
  spec: string;
  load: LoadOptions;
  skipRules: string[];
}

export async function runCheck(specs: readonly string[], options: CheckOptions, io: CliIO): Promise<number> {
  if (options.listRules) {
    io.stdout(listRules(options.format));
    return EXIT_OK;
  }
  const started = performance.now();
  const targets = await resolveTargets(specs, options, io);
  if (typeof targets === "number") return targets;
  const reports: SpecReport[] = [];
  for (const target of targets) reports.push(await checkOne(target, options));
  const output = formatReports(options.format, reports, {
    cwd: io.cwd,
    color: io.color && options.format === "human",
    minSeverity: options.quiet ? "error" : options.includeInfo ? "info" : undefined,
    elapsedMs: performance.now() - started,
  });
  if (output) io.stdout(output);
  if (reports.some((r) => r.failure !== undefined)) return EXIT_USAGE;
  return reports.every((r) => r.passed) ? EXIT_OK : EXIT_FINDINGS;
}

/** The specs named on the command line, or those of the config file (with its load options). */
async function resolveTargets(
  specs: readonly string[],
  options: CheckOptions,
  io: CliIO,
): Promise<Target[] | number> {
  const flags: LoadOptions = {
    ...(options.allowRemoteRefs ? { allowRemoteRefs: true } : {}),
    ...(options.allowRefsOutsideRoot ? { allowRefsOutsideRoot: true } : {}),
  };
  if (specs.length > 0) {
    if (options.config !== undefined)
      throw new CliExit(EXIT_USAGE, "error: give spec files or --config, not both");
    return specs.map((spec) => ({
      spec: resolveSpec(spec, io.cwd),
      load: flags,
      skipRules: options.skipRule ?? [],
    }));
  }
  // Loaded only here: the config module pulls in the generator registry (and TypeScript with it),
  // seconds of startup a `contract check` of named files does not need.
  const { CONFIG_FILE_NAMES, ConfigError, findConfig, loadConfig } = await import("../config.js");
  const file = options.config !== undefined ? resolve(io.cwd, options.config) : await findConfig(io.cwd);
  if (file === undefined) {
    throw new CliExit(
      EXIT_USAGE,
      `error: no spec given and no config file (${CONFIG_FILE_NAMES.join(", ")}) in ${io.cwd}\nusage: contract check <spec...>`,
    );
  }
  try {
    const config = await loadConfig(file);
    return config.contracts.map((c) => ({
      spec: c.spec,
      load: { ...c.load, ...flags },
      skipRules: [...new Set([...c.skipRules, ...(options.skipRule ?? [])])],
    }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const report = {
      spec: error.file,
      diagnostics: error.diagnostics,
      sourceText: () => error.text,
      passed: false,
    };
    tellFindings(io, report, "config");
    return EXIT_USAGE;
  }
}

async function checkOne({ spec, load, skipRules }: Target, options: CheckOptions): Promise<SpecReport> {
  try {
    const loaded = await loadSpec(spec, load);
    const diagnostics = validateSpec(loaded, { skip: skipRules });
    const suggestLinks = options.suggestLinks ? (await import("@contract/core")).suggestLinks : undefined;
    return {
      spec,
      diagnostics,
      ...(suggestLinks ? { linkSuggestions: suggestLinks(loaded.document, { locate: loaded.locate }) } : {}),
      sourceText: (f) => loaded.sourceText(f),
      passed: passes(diagnostics, options),
    };
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    const diagnostics = error.diagnostics;
    if (diagnostics.length === 0 || diagnostics.some((d) => UNREADABLE.has(d.code))) {
      return { spec, diagnostics: [], failure: error.message, passed: false };
    }
    // Read but not loadable (syntax error, not OpenAPI 3): report it like any finding, with a frame.
    return { spec, diagnostics, sourceText: readForFrame, passed: false };
  }
}

function listRules(format: OutputFormat): string {
  if (format === "json") return `${JSON.stringify(VALIDATION_RULES, null, 2)}\n`;
  const width = Math.max(...VALIDATION_RULES.map((r) => r.code.length));
  // Third column: whether a finding stops `contract gen` ("blocks gen") or is only reported ("lint").
  const gen = (r: (typeof VALIDATION_RULES)[number]) => (r.blocksGen ? "blocks gen" : "lint").padEnd(10);
  return `${VALIDATION_RULES.map((r) => `${r.code.padEnd(width)}  ${r.severity.padEnd(7)}  ${gen(r)}  ${r.description}`).join("\n")}\n`;
}

function passes(diagnostics: readonly Diagnostic[], options: CheckOptions): boolean {
  const counts = countBySeverity(diagnostics);
  if (counts.error > 0) return false;
  if (options.strict && counts.warning > 0) return false;
  return options.maxWarnings === undefined || counts.warning <= options.maxWarnings;
}

function resolveSpec(spec: string, cwd: string): string {
  return isAbsolute(spec) || /^https?:\/\//i.test(spec) ? spec : resolve(cwd, spec);
}

function readForFrame(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

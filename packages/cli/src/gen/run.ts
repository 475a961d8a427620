/**
 * What `contract gen` does once flags are parsed: for each contract, load → validate (refuse to
 * generate from a spec with errors) → normalize → generate → write (or compare, with `--check`).
 * Loaded lazily by ./commands/gen.ts: codegen pulls in TypeScript and openapi-typescript, which
 * other commands must not pay for at startup.
 */
import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { generateContract, type StageTiming, writeFiles } from "@contract/codegen";
import { blocksGeneration, ContractError, loadSpec, validateSpec } from "@contract/core";
import { ConfigError, type ResolvedContract } from "../config.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from "../exit-codes.js";
import { formatHuman } from "../format/index.js";
import { displayPath } from "../format/paths.js";
import type { CliIO } from "../io.js";
import { handlersDirOf, placeHandlers } from "./handlers.js";
import { type ContractOutcome, formatMs, summarizeCheck, summarizeWrite } from "./summary.js";
import { type GenFlags, resolveTargets } from "./targets.js";

/** Loader diagnostics that mean the spec could not be read at all (rather than read and found wrong). */
const UNREADABLE = new Set(["file-not-found", "file-unreadable"]);

export async function runGen(spec: string | undefined, flags: GenFlags, io: CliIO): Promise<number> {
  const started = performance.now();
  let contracts: ResolvedContract[];
  try {
    ({ contracts } = await resolveTargets(spec, flags, io.cwd));
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(
        formatHuman(
          [{ spec: error.file, diagnostics: error.diagnostics, sourceText: () => error.text, passed: false }],
          { cwd: io.cwd, color: io.color, subject: "config" },
        ),
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

/**
 * One contract: load → validate → generate → write. `onLoaded` receives every file the spec was read
 * from (entry first), for `--watch`.
 */
export async function genOne(
  contract: ResolvedContract,
  flags: GenFlags,
  io: CliIO,
  onLoaded?: (files: readonly string[]) => void,
): Promise<number> {
  const started = performance.now();
  const timings: StageTiming[] = [];
  const timed = async <T>(stage: string, run: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await run();
    timings.push({ stage, ms: performance.now() - t });
    return result;
  };
  try {
    const loaded = await timed("load", () => loadSpec(contract.spec, contract.load));
    onLoaded?.(loaded.files);
    const diagnostics = await timed("validate", () => validateSpec(loaded, { skip: contract.skipRules }));
    // Only findings that make the output wrong stop generation (see GEN_BLOCKING in @contract/core).
    const strict = flags.strict === true;
    const blocking = diagnostics.filter((d) => blocksGeneration(d, { strict }));
    const shown = diagnostics.filter((d) => d.severity === "error" || blocksGeneration(d, { strict }));
    if (shown.length > 0) {
      io.stderr(
        formatHuman(
          [
            {
              spec: contract.spec,
              diagnostics: shown,
              sourceText: (f) => loaded.sourceText(f),
              passed: blocking.length === 0,
            },
          ],
          { cwd: io.cwd, color: io.color, subject: "spec" },
        ),
      );
    }
    if (blocking.length > 0) {
      io.stderr(
        `${prefix(contract, io.cwd)}not generated: ${blocking.length} finding(s) would make the generated code wrong (details: contract check)\n`,
      );
      return EXIT_FINDINGS;
    }
    const placement = placeHandlers(contract, io.cwd);
    if (placement?.notice) io.stderr(placement.notice);
    let files: Awaited<ReturnType<typeof generateContract>>;
    try {
      files = await generateContract(loaded, {
        ...(contract.generators !== undefined ? { generators: contract.generators } : {}),
        onTiming: (t) => timings.push(t),
        outDir: contract.out,
        ...(placement ? { defaultHandlersDir: placement.defaultHandlersDir } : {}),
        readExisting: readInside(contract.out, handlersDirOf(contract) ?? placement?.defaultHandlersDir),
        onDiagnostic: (d) => io.stderr(`${contract.name}: warning ${d.code}: ${d.message}\n`),
      });
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      // A generator failed on this spec: say where, like any finding about the spec.
      const located = error.diagnostics.map((d) => {
        const location = d.location ?? loaded.locate(d.pointer);
        return location ? { ...d, location } : d;
      });
      io.stderr(
        formatHuman(
          [
            {
              spec: contract.spec,
              diagnostics: located,
              sourceText: (f) => loaded.sourceText(f),
              passed: false,
            },
          ],
          { cwd: io.cwd, color: io.color, subject: "spec" },
        ),
      );
      if (process.env.CONTRACT_DEBUG && error.cause instanceof Error && error.cause.stack)
        io.stderr(`${error.cause.stack}\n`);
      io.stderr(
        `${prefix(contract, io.cwd)}not generated: a generator failed on the spec (if \`contract check\` passes, please report it)\n`,
      );
      return EXIT_FINDINGS;
    }
    const report = await timed(flags.check ? "check" : "write", () =>
      writeFiles(contract.out, files, { check: flags.check === true }),
    );
    const outcome: ContractOutcome = {
      name: contract.name,
      out: contract.out,
      report,
      timings,
      ms: performance.now() - started,
    };
    if (flags.check) {
      const text = summarizeCheck(outcome, io.cwd, io.color, flags.timings === true);
      const stale = report.stale.length + report.missing.length + report.extra.length > 0;
      (stale ? io.stderr : io.stdout)(text);
      return stale ? EXIT_FINDINGS : EXIT_OK;
    }
    io.stdout(summarizeWrite(outcome, io.cwd, io.color, flags.timings === true));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    const unreadable =
      error.diagnostics.length === 0 || error.diagnostics.some((d) => UNREADABLE.has(d.code));
    if (!unreadable) {
      // Read but not loadable (syntax error, not OpenAPI 3.x): a finding about the spec, located.
      io.stderr(
        formatHuman(
          [{ spec: contract.spec, diagnostics: error.diagnostics, sourceText: readText, passed: false }],
          {
            cwd: io.cwd,
            color: io.color,
            subject: "spec",
          },
        ),
      );
    }
    // The diagnostics above already name the file and position: say only what it means.
    io.stderr(
      unreadable
        ? `error: ${contract.name} (${displayPath(contract.spec, io.cwd)}): ${error.message}\n`
        : `${prefix(contract, io.cwd)}not generated: the spec cannot be loaded\n`,
    );
    return unreadable ? EXIT_USAGE : EXIT_FINDINGS;
  }
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

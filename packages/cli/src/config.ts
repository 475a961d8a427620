/**
 * contract.config.{json,yaml,yml}: found in the working folder (or named with `--config`), validated
 * against ./config-schema.ts (precompiled, see ./config-validator.ts), every error located at
 * `file:line:col` of the config itself. Paths in the config are relative to the config file.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import type { GeneratorSelection } from "@contract/codegen";
import { ContractError, type Diagnostic, type LoadOptions } from "@contract/core";
import { LineCounter, parseDocument } from "yaml";
import { configProblem, nodeOffset, schemaDiagnostics } from "./config-diagnostics.js";
import { CONFIG_FILE_NAMES } from "./config-names.js";
import { configValidator } from "./config-validator.js";
import { sha256 } from "./gen/fresh.js";
import { closest, skippableCodes } from "./rule-codes.js";

export { CONFIG_FILE_NAMES } from "./config-names.js";

/** One contract of the config, paths made absolute. */
export interface ResolvedContract {
  name: string;
  /** Absolute path of the spec's entry file. */
  spec: string;
  /** Absolute path of the output folder. */
  out: string;
  /** Absent: the registry's default generators. */
  generators?: GeneratorSelection;
  load: LoadOptions;
  /** Rule codes validation skips. */
  skipRules: string[];
  /** sha256 of the config file's text (what `gen` compares to tell that the options are the same). */
  configHash?: string;
}

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  contracts: ResolvedContract[];
}

/** A config that cannot be used. `diagnostics` are located in `file`; `text` is its content. */
export class ConfigError extends ContractError {
  constructor(
    message: string,
    diagnostics: Diagnostic[],
    readonly file: string,
    readonly text: string,
  ) {
    super(message, diagnostics);
    this.name = "ConfigError";
  }
}

/** The config file in `folder`, if any; more than one is ambiguous and refused. */
export async function findConfig(folder: string): Promise<string | undefined> {
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = resolve(folder, name);
    if (
      await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      found.push(candidate);
  }
  if (found.length > 1) {
    throw new ContractError(
      `Several config files in ${folder}: ${found.map((f) => basename(f)).join(", ")}; keep one`,
    );
  }
  return found[0];
}

interface RawContract {
  name?: string;
  spec: string;
  out: string;
  generators?: GeneratorSelection;
  load?: LoadOptions;
  validate?: { skip?: string[] };
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ContractError(`Cannot read config ${path}: ${(error as NodeJS.ErrnoException).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, col, offset };
  };
  const fail = (diagnostics: Diagnostic[]): never => {
    const count = diagnostics.length === 1 ? "an error" : `${diagnostics.length} errors`;
    throw new ConfigError(`Config ${path} has ${count}`, diagnostics, path, text);
  };

  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => ({
        severity: "error",
        code: "config-syntax",
        message: e.message.split("\n")[0]!,
        pointer: "",
        location: at(e.pos[0]),
      })),
    );
  }
  const data = doc.toJS() as unknown;
  const validate = await configValidator();
  // Every problem in one run: the schema's, then the checks across contracts on the entries that
  // have the shape they need.
  const problems: Diagnostic[] = validate(data) ? [] : schemaDiagnostics(validate.errors ?? [], doc, at);
  const contractsValue = (data as { contracts?: unknown } | null)?.contracts;
  const raw = (Array.isArray(contractsValue) ? contractsValue : []) as RawContract[];
  const folder = dirname(path);
  const configHash = sha256(text);
  const contracts: ResolvedContract[] = [];
  const names = new Set<string>();
  const outs = new Map<string, string>();
  raw.forEach((c, i) => {
    if (typeof c !== "object" || c === null || typeof c.spec !== "string" || typeof c.out !== "string")
      return;
    const name = c.name ?? c.spec;
    const locate = (...keys: Array<string | number>) => at(nodeOffset(doc, ["contracts", i, ...keys]) ?? 0);
    if (names.has(name)) {
      problems.push(
        configProblem(
          `duplicate contract name ${JSON.stringify(name)}`,
          `/contracts/${i}/name`,
          locate(c.name ? "name" : "spec"),
        ),
      );
    }
    names.add(name);
    // Each output folder has one manifest: a second contract there would see the first one's
    // files as "extra" and delete them.
    const out = resolve(folder, c.out);
    const sharing = outs.get(out);
    if (sharing !== undefined) {
      problems.push(
        configProblem(
          `same output folder as contract ${JSON.stringify(sharing)}: give each contract its own \`out\``,
          `/contracts/${i}/out`,
          locate("out"),
        ),
      );
    }
    outs.set(out, name);
    // A misspelt rule code would skip nothing, silently.
    const known = skippableCodes();
    (Array.isArray(c.validate?.skip) ? c.validate.skip : []).forEach((code, j) => {
      if (typeof code !== "string" || known.includes(code)) return;
      const close = closest(code, known);
      problems.push(
        configProblem(
          `unknown rule ${JSON.stringify(code)}${close.length > 0 ? `; did you mean ${close.join(", ")}?` : ""} (\`contract check --list-rules\`)`,
          `/contracts/${i}/validate/skip/${j}`,
          locate("validate", "skip", j),
        ),
      );
    });
    const generatorsPointer = `/contracts/${i}/generators`;
    const generatorsValid =
      typeof c.generators === "object" &&
      c.generators !== null &&
      !problems.some((p) => p.pointer === generatorsPointer || p.pointer.startsWith(`${generatorsPointer}/`));
    // The schema admits only registered generators, each `true`, `false` or options: the selection
    // is empty when every one given is `false` (the registry itself is not imported to say so).
    if (generatorsValid && Object.values(c.generators as object).every((choice) => choice === false)) {
      problems.push(
        configProblem(
          "no generator selected: set at least one to true or an options object",
          `/contracts/${i}/generators`,
          locate("generators"),
        ),
      );
    }
    contracts.push({
      name,
      spec: resolve(folder, c.spec),
      out: resolve(folder, c.out),
      ...(c.generators !== undefined ? { generators: c.generators } : {}),
      load: c.load ?? {},
      skipRules: c.validate?.skip ?? [],
      configHash,
    });
  });
  if (problems.length > 0)
    fail(problems.sort((a, b) => (a.location?.offset ?? 0) - (b.location?.offset ?? 0)));
  return { file: path, contracts };
}

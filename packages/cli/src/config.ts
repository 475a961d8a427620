/**
 * contract.config.{json,yaml,yml}: found in the working folder (or named with `--config`), validated
 * against ./config-schema.ts, every error located at `file:line:col` of the config itself. Paths in
 * the config are relative to the config file.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { type GeneratorSelection, selectGenerators } from "@contract/codegen";
import { ContractError, type Diagnostic, type LoadOptions } from "@contract/core";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { type Document, isMap, LineCounter, parseDocument } from "yaml";
import { configSchema } from "./config-schema.js";

export const CONFIG_FILE_NAMES = [
  "contract.config.json",
  "contract.config.yaml",
  "contract.config.yml",
] as const;

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

let compiled: ValidateFunction | undefined;
/** Compiled once per process: `verbose` keeps the schema of each error, for "expected one of" lists. */
function configValidator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(configSchema());
  return compiled;
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
  const validate = configValidator();
  if (!validate(data)) fail(schemaDiagnostics(validate.errors ?? [], doc, at));

  const raw = (data as { contracts: RawContract[] }).contracts;
  const folder = dirname(path);
  const contracts: ResolvedContract[] = [];
  const problems: Diagnostic[] = [];
  const names = new Set<string>();
  raw.forEach((c, i) => {
    const name = c.name ?? c.spec;
    const locate = (...keys: string[]) => at(nodeOffset(doc, ["contracts", i, ...keys]) ?? 0);
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
    if (c.generators !== undefined && selectGenerators(c.generators).length === 0) {
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
    });
  });
  if (problems.length > 0) fail(problems);
  return { file: path, contracts };
}

const configProblem = (message: string, pointer: string, location: Diagnostic["location"]): Diagnostic => ({
  severity: "error",
  code: "config",
  message,
  pointer,
  ...(location ? { location } : {}),
});

function nodeOffset(doc: Document, keys: Array<string | number>): number | undefined {
  const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
  return node?.range?.[0];
}

/** Turns ajv errors into one located diagnostic per problem, in source order. */
function schemaDiagnostics(
  errors: ErrorObject[],
  doc: Document,
  at: (offset: number) => NonNullable<Diagnostic["location"]>,
): Diagnostic[] {
  // `anyOf` (boolean or options) fails with one error per branch: keep only the deepest errors, and
  // merge the "must be <type>" of each branch at one place into a single message.
  const relevant = errors.filter(
    (e) =>
      e.keyword !== "anyOf" &&
      !(
        e.schemaPath.includes("/anyOf/") &&
        errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`))
      ),
  );
  const wrongTypes = new Map<string, { types: string[]; offset: number | undefined }>();
  const out: Diagnostic[] = [];
  for (const e of relevant) {
    const keys = e.instancePath
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const offset = keys.length === 0 ? 0 : nodeOffset(doc, keys);
    if (e.keyword === "type") {
      const entry = wrongTypes.get(e.instancePath) ?? { types: [], offset };
      entry.types.push(String((e.params as { type: string }).type));
      wrongTypes.set(e.instancePath, entry);
    } else if (e.keyword === "additionalProperties") {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const what = e.instancePath.endsWith("/generators") ? "generator" : "property";
      const expected = known.length ? `; expected one of: ${known.join(", ")}` : "";
      const pointer = `${e.instancePath}/${extra.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      out.push(
        configProblem(
          `unknown ${what} ${JSON.stringify(extra)}${expected}`,
          pointer,
          at(keyOffset(doc, keys, extra) ?? offset ?? 0),
        ),
      );
    } else if (e.keyword === "required") {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      out.push(
        configProblem(
          `missing required property ${JSON.stringify(missing)}`,
          e.instancePath,
          at(offset ?? 0),
        ),
      );
    } else {
      out.push(configProblem(e.message ?? "is invalid", e.instancePath, at(offset ?? 0)));
    }
  }
  for (const [pointer, { types, offset }] of wrongTypes) {
    out.push(configProblem(`must be ${types.join(" or ")}`, pointer, at(offset ?? 0)));
  }
  return out.sort((a, b) => (a.location?.offset ?? 0) - (b.location?.offset ?? 0));
}

function keyOffset(doc: Document, keys: Array<string | number>, key: string): number | undefined {
  const parent = keys.length === 0 ? doc.contents : doc.getIn(keys, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
}

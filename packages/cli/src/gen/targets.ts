/**
 * The pure part of `contract gen`: flags → the contracts to generate. Either one ad-hoc contract
 * (`contract gen spec.yaml --out dir`) or the contracts of a config file (found in the working folder
 * or named with `--config`), optionally narrowed with `--contract`.
 */
import { isAbsolute, resolve } from "node:path";
import { CONFIG_FILE_NAMES, findConfig, loadConfig, type ResolvedContract } from "../config.js";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";

export interface GenFlags {
  out?: string;
  config?: string;
  check?: boolean;
  contract?: string[];
  timings?: boolean;
  /** Regenerate even when nothing changed since the last run. */
  force?: boolean;
  skipRule?: string[];
  watch?: boolean;
  /** Refuse on every error, lint-level ones included. */
  strict?: boolean;
}

export interface GenTargets {
  /** The config file used, if any. */
  configFile?: string;
  contracts: ResolvedContract[];
}

const usage = (message: string) => new CliExit(EXIT_USAGE, `error: ${message}`);

export async function resolveTargets(
  spec: string | undefined,
  flags: GenFlags,
  cwd: string,
): Promise<GenTargets> {
  if (spec !== undefined) {
    if (flags.config !== undefined) throw usage("pass either a spec (with --out) or --config, not both");
    if (flags.contract?.length)
      throw usage("--contract selects contracts of a config file; not usable with a spec");
    if (flags.out === undefined) throw usage("missing --out <dir>: where to write the generated files");
    const specPath = isAbsolute(spec) || /^https?:\/\//i.test(spec) ? spec : resolve(cwd, spec);
    const contract = { name: spec, spec: specPath, out: resolve(cwd, flags.out), load: {}, skipRules: [] };
    return { contracts: [withFlags(contract, flags)] };
  }
  if (flags.out !== undefined) throw usage("--out needs a spec: `contract gen <spec> --out <dir>`");
  const configFile = flags.config !== undefined ? resolve(cwd, flags.config) : await findConfig(cwd);
  if (configFile === undefined) {
    throw usage(
      `no ${CONFIG_FILE_NAMES.join(" / ")} in ${cwd}; run \`contract gen <spec> --out <dir>\` or pass --config <file>`,
    );
  }
  const config = await loadConfig(configFile);
  const contracts = config.contracts.map((c) => withFlags(c, flags));
  if (!flags.contract?.length) return { configFile, contracts };
  const known = config.contracts.map((c) => c.name);
  const unknown = flags.contract.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw usage(
      `no contract named ${unknown.map((n) => JSON.stringify(n)).join(", ")} in ${configFile}; known: ${known.join(", ")}`,
    );
  }
  return { configFile, contracts: contracts.filter((c) => flags.contract!.includes(c.name)) };
}

/** `--skip-rule` adds to what each contract's config skips. */
function withFlags(contract: ResolvedContract, flags: GenFlags): ResolvedContract {
  if (!flags.skipRule?.length) return contract;
  return { ...contract, skipRules: [...new Set([...contract.skipRules, ...flags.skipRule])] };
}

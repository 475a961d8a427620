/** Which spec `contract trigger` reads, and the signature scheme and headers its contract configures. */
import { resolve } from "node:path";
import type { LoadOptions } from "@contract/core";
import { CONFIG_FILE_NAMES, ConfigError, findConfig } from "../config.js";
import { CliExit, EXIT_USAGE } from "../exit-codes.js";
import { resolveTargets } from "../gen/targets.js";

export interface TriggerContract {
  spec: string;
  load: LoadOptions;
  /** `generators.webhooks.signature` of the config, when set. */
  signature?: unknown;
}

export async function resolveTriggerContract(
  flags: { spec?: string; config?: string; contract?: string },
  cwd: string,
): Promise<TriggerContract> {
  if (flags.spec !== undefined) {
    if (flags.config !== undefined || flags.contract !== undefined) {
      throw new CliExit(EXIT_USAGE, "error: pass either --spec or --config/--contract, not both");
    }
    return { spec: resolve(cwd, flags.spec), load: {} };
  }
  if (flags.config === undefined && (await findConfig(cwd)) === undefined) {
    throw new CliExit(
      EXIT_USAGE,
      `error: no ${CONFIG_FILE_NAMES.join(" / ")} in ${cwd}: name the spec with --spec <openapi file> (or a config with --config <file>)`,
    );
  }
  let contracts: Awaited<ReturnType<typeof resolveTargets>>["contracts"];
  try {
    ({ contracts } = await resolveTargets(
      undefined,
      {
        ...(flags.config ? { config: flags.config } : {}),
        ...(flags.contract ? { contract: [flags.contract] } : {}),
      },
      cwd,
    ));
  } catch (error) {
    if (error instanceof ConfigError) {
      const first = error.diagnostics[0];
      const where = first?.location
        ? `${first.location.file}:${first.location.line}:${first.location.col}: `
        : "";
      throw new CliExit(EXIT_USAGE, `error: ${where}${first?.message ?? error.message}`);
    }
    throw error;
  }
  const [contract, ...others] = contracts;
  if (!contract) throw new CliExit(EXIT_USAGE, "error: the config lists no contract");
  if (others.length > 0) {
    const names = contracts.map((c) => c.name).join(", ");
    throw new CliExit(
      EXIT_USAGE,
      `error: the config has several contracts (${names}); pick one with --contract`,
    );
  }
  const webhooks = (contract.generators as Record<string, unknown> | undefined)?.webhooks;
  const signature =
    typeof webhooks === "object" && webhooks !== null
      ? (webhooks as { signature?: unknown }).signature
      : undefined;
  return { spec: contract.spec, load: contract.load, ...(signature !== undefined ? { signature } : {}) };
}

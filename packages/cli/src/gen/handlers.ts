/**
 * Where `contract gen` puts the user-owned webhook handler stubs when the config names no
 * `handlersDir`: next to the output folder, `<out>/../<out name>-handlers`, so that cleaning the
 * output folder (`rm -rf generated/`) never deletes code the user wrote.
 *
 * Earlier versions put them inside the output folder (`<out>/handlers`). A project with stubs there
 * keeps using them (a second set would register every webhook twice, in two places) and is told
 * how to move them.
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { ResolvedContract } from "../config.js";
import { displayPath } from "../format/paths.js";

/** The old default, inside the output folder. */
export const LEGACY_HANDLERS_DIR = "handlers";

/** The default handler folder of an output folder, relative to it. */
export const defaultHandlersDir = (out: string): string => `../${basename(out)}-handlers`;

export interface HandlersPlacement {
  /** Handler folder relative to the output folder, when the config names none. */
  defaultHandlersDir: string;
  /** Set when stubs were found at the old default location. */
  notice?: string;
}

/** Undefined when the contract names its own handler folder or does not generate webhooks. */
export function placeHandlers(contract: ResolvedContract, cwd: string): HandlersPlacement | undefined {
  const webhooks = contract.generators === undefined ? true : contract.generators.webhooks;
  if (webhooks === undefined || webhooks === false) return undefined;
  if (typeof webhooks === "object" && webhooks.handlersDir !== undefined) return undefined;
  const preferred = defaultHandlersDir(contract.out);
  if (!existsSync(join(contract.out, LEGACY_HANDLERS_DIR, "index.ts")))
    return { defaultHandlersDir: preferred };
  const legacy = displayPath(join(contract.out, LEGACY_HANDLERS_DIR), cwd);
  const target = displayPath(join(contract.out, preferred), cwd);
  return {
    defaultHandlersDir: LEGACY_HANDLERS_DIR,
    notice:
      `${contract.name}: handler stubs found in ${legacy}/, inside the output folder, where cleaning it deletes them ` +
      `(the default is now ${target}/). They stay in use. To move them: move the folder to ${target}/ and fix ` +
      `its relative imports (webhooks.js is then ../${basename(contract.out)}/webhooks.js). To keep them where they are: ` +
      `set "handlersDir": "${LEGACY_HANDLERS_DIR}" in the webhooks generator options, which also silences this notice.\n`,
  };
}

/** The handler folder a contract's config names, if any. */
export function handlersDirOf(contract: ResolvedContract): string | undefined {
  const webhooks = contract.generators?.webhooks;
  return typeof webhooks === "object" ? webhooks.handlersDir : undefined;
}

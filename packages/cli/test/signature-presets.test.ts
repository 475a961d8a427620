/**
 * The generators' `signature` option lists the presets by name (codegen does not depend on the
 * runtime), so a preset added to the runtime must be added there too: otherwise `contract gen` would
 * refuse a scheme that `trigger`, `verify` and `mock` accept, or generate a receiver for one the
 * runtime does not know.
 */
import { GENERATORS } from "@contract/codegen";
import { describe, expect, it } from "vitest";
import { SIGNATURE_SCHEMES } from "../src/webhook-flags.js";

/** The preset names a generator's `signature` option accepts as a plain string. */
function presetNamesOf(generatorName: string): string[] {
  const generator = GENERATORS.find((g) => g.name === generatorName);
  const schema = generator?.optionsSchema as
    | { properties?: { signature?: { anyOf?: { enum?: string[] }[] } } }
    | undefined;
  const names = schema?.properties?.signature?.anyOf?.find((branch) => branch.enum)?.enum;
  if (!names) throw new Error(`generator ${generatorName} has no signature preset list`);
  return names;
}

describe("signature presets", () => {
  it.each(["webhooks", "sender"])("the %s generator accepts exactly the runtime's schemes", (name) => {
    expect([...presetNamesOf(name)].sort()).toEqual([...SIGNATURE_SCHEMES].sort());
  });
});

/**
 * Which generators a contract runs and with which options, without the generators themselves: the
 * CLI decides what an incremental run has to redo before loading the spec, and importing the
 * generators (TypeScript's 9 MB script, openapi-typescript, ajv) that early keeps them alive through
 * the spec's load, whose full collection sets how far the heap later grows. `@contract/codegen/plan`
 * imports nothing of theirs; GENERATOR_PLAN must list the registry (GENERATORS) in its order.
 */
import { ContractError } from "@contract/core";
import type { GeneratorSelection } from "./generators/index.js";

/** What planning needs to know of a generator. */
export interface PlannedGenerator {
  name: string;
  enabledByDefault: boolean;
}

/** The registry's generators (GENERATORS), by name, in its order; a test keeps the two equal. */
export const GENERATOR_PLAN: readonly PlannedGenerator[] = [
  { name: "types", enabledByDefault: true },
  { name: "client", enabledByDefault: true },
  { name: "webhooks", enabledByDefault: true },
  { name: "validators", enabledByDefault: true },
  { name: "sender", enabledByDefault: false },
];

export type GeneratorPlan<G extends PlannedGenerator> = Array<{
  generator: G;
  options: Record<string, unknown>;
}>;

/** The generators a selection runs, in registry order, each with its options object. */
export function selectFrom<G extends PlannedGenerator>(
  selection: GeneratorSelection | Record<string, unknown> | undefined,
  registry: readonly G[],
): GeneratorPlan<G> {
  const out: GeneratorPlan<G> = [];
  for (const generator of registry) {
    const choice =
      selection === undefined
        ? generator.enabledByDefault
        : (selection as Record<string, unknown>)[generator.name];
    if (choice === undefined || choice === false) continue;
    out.push({
      generator,
      options: typeof choice === "object" && choice !== null ? (choice as Record<string, unknown>) : {},
    });
  }
  return out;
}

/**
 * The generators a selection runs, in registry order, with the options each receives: dependencies
 * added (withDependencies) and options derived from other generators applied (linkGenerators).
 * What an incremental run compares with the previous run's, generator by generator.
 */
export function planGenerators<G extends PlannedGenerator>(
  selection: GeneratorSelection | undefined,
  registry: readonly G[],
): GeneratorPlan<G> {
  return linkGenerators(selectFrom(withDependencies(selection), registry));
}

/** planGenerators on the registry, by name: what `contract gen` compares before loading the spec. */
export function plannedGeneratorNames(
  selection: GeneratorSelection | undefined,
): Array<{ name: string; options: Record<string, unknown> }> {
  return planGenerators(selection, GENERATOR_PLAN).map(({ generator, options }) => ({
    name: generator.name,
    options,
  }));
}

/**
 * Generated files import each other: client.ts, webhooks.ts, sender.ts and validators.d.ts import
 * ./types.js; webhooks.ts and sender.ts import ./validators.js (and client.ts with
 * `validators: true`), unless their options point those imports at modules of the user's. A
 * selection that leaves such a generator out gets it anyway, with default options, rather than
 * output that does not compile; one that turns it off (`false`) is refused with what to do instead.
 */
export function withDependencies(selection: GeneratorSelection | undefined): GeneratorSelection | undefined {
  if (selection === undefined) return undefined;
  const complete: Record<string, unknown> = { ...selection };
  const optionsOf = (name: string): Record<string, unknown> | undefined => {
    const value = complete[name];
    if (value === undefined || value === false) return undefined;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  };
  const require = (dependency: "types" | "validators", importer: string, module: string, option: string) => {
    if (complete[dependency] === undefined) complete[dependency] = true;
    else if (complete[dependency] === false) {
      throw new ContractError(
        `generators.${importer} imports ${module}, which the ${dependency} generator writes, but "${dependency}" is false: ` +
          `turn ${dependency} on, or set generators.${importer}.${option} to a module of your own`,
      );
    }
  };
  for (const name of ["webhooks", "sender", "client"] as const) {
    const options = optionsOf(name);
    if (!options) continue;
    const importsValidators =
      name === "client"
        ? options.validators === true && options.validatorsModule === undefined
        : options.validatorsModule === undefined;
    if (importsValidators)
      require("validators", name, "./validators.js", name === "client"
        ? "validatorsModule (or validators: false)"
        : "validatorsModule (or false)");
  }
  for (const name of ["client", "webhooks", "sender", "validators"] as const) {
    const options = optionsOf(name);
    if (options && options.typesModule === undefined) require("types", name, "./types.js", "typesModule");
  }
  return complete as GeneratorSelection;
}

/**
 * Options one generator derives from the presence of another: when validators.js is generated, the
 * client imports it so `validateResponses` checks bodies (unless the config says otherwise); when
 * client.ts is not, webhooks.ts has no client to type `event.links` with, so it leaves them out
 * (unless `clientModule` names a client of the user's).
 */
function linkGenerators<G extends PlannedGenerator>(selected: GeneratorPlan<G>): GeneratorPlan<G> {
  const validators = selected.some(({ generator }) => generator.name === "validators");
  const client = selected.some(({ generator }) => generator.name === "client");
  return selected.map((entry) => {
    if (entry.generator.name === "client" && validators && entry.options.validators === undefined)
      return { ...entry, options: { ...entry.options, validators: true } };
    if (
      entry.generator.name === "webhooks" &&
      !client &&
      entry.options.clientModule === undefined &&
      entry.options.links === undefined
    )
      return { ...entry, options: { ...entry.options, links: false } };
    return entry;
  });
}

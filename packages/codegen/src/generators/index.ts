/**
 * The generator registry: the single list `contract gen` runs. Adding a generator is one line in
 * GENERATORS; its `name` becomes a key of `generators` in contract.config, typed by its options.
 */

import { selectFrom } from "../plan.js";
import { clientGenerator } from "./client/index.js";
import type { GeneratorDefinition } from "./define.js";
import { senderGenerator } from "./sender/index.js";
import { typesGenerator } from "./types/index.js";
import { validatorsGenerator } from "./validators/index.js";
import { webhooksGenerator } from "./webhooks/index.js";

export const GENERATORS = [
  typesGenerator,
  clientGenerator,
  webhooksGenerator,
  validatorsGenerator,
  senderGenerator,
] as const;

export type RegisteredGenerator = (typeof GENERATORS)[number];
export type GeneratorName = RegisteredGenerator["name"];

/** Options type of each registered generator, by name. */
export type GeneratorOptionsMap = {
  [G in RegisteredGenerator as G["name"]]: G extends GeneratorDefinition<string, infer O> ? O : never;
};

/**
 * `generators` of one contract: `true` or an options object runs a generator, `false` turns a
 * default one off. Absent → every generator with `enabledByDefault`.
 */
export type GeneratorSelection = { [K in GeneratorName]?: GeneratorOptionsMap[K] | boolean };

export function findGenerator(name: string): GeneratorDefinition<string, unknown> | undefined {
  return (GENERATORS as readonly GeneratorDefinition<string, any>[]).find((g) => g.name === name);
}

/** The generators a selection runs, in registry order, each with its options object. */
export function selectGenerators(
  selection: GeneratorSelection | Record<string, unknown> | undefined,
  registry: readonly GeneratorDefinition<string, any>[] = GENERATORS,
): Array<{ generator: GeneratorDefinition<string, unknown>; options: Record<string, unknown> }> {
  return selectFrom(selection, registry as readonly GeneratorDefinition<string, unknown>[]);
}

export {
  type ClientGeneratorOptions,
  clientGenerator,
  nameOperations,
  renderClient,
} from "./client/index.js";
export { defineGenerator, type GeneratorDefinition } from "./define.js";
export { renderTypes, TYPES_FILE, type TypesOptions, typesGenerator } from "./types/index.js";
export * from "./validators/public.js";

import type { Generator } from "../generator.js";

/**
 * What the registry knows about one generator. `name` is its key under `generators` in
 * contract.config and in the `--check` report; `optionsSchema` validates that key (and gives editors
 * completion through the published config schema); `Options` is what `generate` receives.
 */
export interface GeneratorDefinition<Name extends string = string, Options = unknown> {
  name: Name;
  /** One line for `--help` and the config schema. */
  description: string;
  /** Runs for a contract whose config does not list `generators` (and for `contract gen <spec>`). */
  enabledByDefault: boolean;
  /** JSON Schema (draft 2020-12) of the options object. */
  optionsSchema: Record<string, unknown>;
  generate: Generator<Options>;
  /**
   * Its work ends in a wait on another process (the validators' minification in esbuild's): it is
   * called before the other generators, so that wait overlaps the work of those before it in the
   * registry, on another core. Its files, diagnostics and timing are still taken in registry order.
   */
  startsEarly?: boolean;
}

/** Identity helper that keeps the literal `name` and the options type for the registry's mapped types. */
export function defineGenerator<const Name extends string, Options>(
  definition: GeneratorDefinition<Name, Options>,
): GeneratorDefinition<Name, Options> {
  return definition;
}

/**
 * Payload synthesis: a value for a body of the contract, taken from the spec's examples when it
 * has some, otherwise generated from the JSON Schema (2020-12, within the bundled document) with
 * a seeded generator, so the same seed gives the same payload everywhere.
 */
import type { IRMediaType } from "../ir.js";
import type { JsonSchema } from "../openapi.js";
import { mediaTypeExamples, type SpecExample } from "./examples.js";
import { generateValue } from "./generate.js";
import { createRandom } from "./prng.js";

export { createSchemaChecker, type SchemaCheck, type SchemaIssue } from "../schema-check/index.js";
export { mediaTypeExamples, type SpecExample, schemaExamples } from "./examples.js";
export { checkAsSent, jsonLosses } from "./json-losses.js";
export { createRandom, type Random } from "./prng.js";
export { stringForPatterns } from "./regex.js";

export interface SynthesizeOptions {
  /** Same seed, same value. Default 0. */
  seed?: number | string;
  /** Below this nesting level only required content is produced and `null` is preferred. Default 8. */
  maxDepth?: number;
  /** Optional properties and a first array item are produced above this level. Default 5. */
  optionalDepth?: number;
  /** Reuse schema `examples`/`default` for scalars when they satisfy the schema. Default true. */
  useExamples?: boolean;
}

/** A value meant to be valid against `schema`, whose `$ref`s resolve in `document`. */
export function synthesize(schema: JsonSchema, document: unknown, options: SynthesizeOptions = {}): unknown {
  return generateValue([schema], {
    document,
    random: createRandom(options.seed ?? 0),
    maxDepth: options.maxDepth ?? 8,
    optionalDepth: options.optionalDepth ?? 5,
    useExamples: options.useExamples ?? true,
  });
}

export type PayloadSource =
  | { kind: "example"; pointer: string; name?: string }
  | { kind: "synthesized"; seed: number | string; attempt: number };

export interface Payload {
  value: unknown;
  source: PayloadSource;
  /** Problems `check` still reports for `value` (empty when valid or when no check was given). */
  problems: string[];
  /** Spec examples that were passed over because `check` rejected them, with the first reason. */
  rejectedExamples: Array<{ example: SpecExample; problem: string }>;
}

export interface PayloadOptions extends SynthesizeOptions {
  /** Use the media type's example with this name (from `examples`), failing when absent. */
  exampleName?: string;
  /** Never use the spec's examples: always synthesize. */
  synthesizeOnly?: boolean;
  /** Problems of a candidate value (empty = valid); lets invalid spec examples be skipped. */
  check?: (value: unknown) => string[];
  /** Synthesis attempts with derived seeds while `check` reports problems. Default 12. */
  attempts?: number;
}

/**
 * The payload for one body: the first spec example that passes `check` (or the named one), else a
 * synthesized value, retried with derived seeds until `check` accepts it.
 */
export function payloadFor(document: unknown, media: IRMediaType, options: PayloadOptions = {}): Payload {
  const check = options.check ?? (() => []);
  const rejectedExamples: Payload["rejectedExamples"] = [];
  if (!options.synthesizeOnly) {
    const examples = mediaTypeExamples(document, media.pointer);
    if (options.exampleName !== undefined) {
      const named = examples.find((e) => e.name === options.exampleName);
      if (!named) {
        const names = examples.flatMap((e) => (e.name ? [e.name] : []));
        throw new Error(
          `no example named ${JSON.stringify(options.exampleName)}` +
            (names.length ? ` (available: ${names.join(", ")})` : " (this body has no named examples)"),
        );
      }
      return {
        value: named.value,
        source: exampleSource(named),
        problems: check(named.value),
        rejectedExamples,
      };
    }
    for (const example of examples) {
      const problems = check(example.value);
      if (problems.length === 0)
        return { value: example.value, source: exampleSource(example), problems, rejectedExamples };
      rejectedExamples.push({ example, problem: problems[0] as string });
    }
  }
  const seed = options.seed ?? 0;
  const attempts = Math.max(1, options.attempts ?? 12);
  let last: Payload | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    // Odd attempts keep to required content: an object carrying every optional property of its
    // `oneOf` branch often satisfies a sibling branch too, which `oneOf` forbids.
    const value = synthesize(media.schema ?? true, document, {
      ...options,
      seed: attempt === 0 ? seed : `${seed}:${attempt}`,
      optionalDepth: attempt % 2 === 1 ? 0 : options.optionalDepth,
    });
    const problems = check(value);
    last = { value, source: { kind: "synthesized", seed, attempt }, problems, rejectedExamples };
    if (problems.length === 0) break;
  }
  return last as Payload;
}

function exampleSource(example: SpecExample): PayloadSource {
  return example.name === undefined
    ? { kind: "example", pointer: example.pointer }
    : { kind: "example", pointer: example.pointer, name: example.name };
}

/**
 * JSON Schema of contract.config.{json,yaml,yml}. The `generators` part is built from the generator
 * registry, so a newly registered generator is configurable (and completed by editors) without
 * touching this file. The same schema is published as schema/config.schema.json (a test keeps the
 * two equal).
 */
import { GENERATORS } from "@contract/codegen";

export function configSchema(): Record<string, unknown> {
  const generatorProperties: Record<string, unknown> = {};
  for (const generator of GENERATORS) {
    generatorProperties[generator.name] = {
      description: `${generator.description} \`true\` runs it with default options, \`false\` turns it off.`,
      anyOf: [{ type: "boolean" }, generator.optionsSchema],
    };
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "contract configuration",
    description: "Contracts (OpenAPI documents) to generate code for with `contract gen`.",
    type: "object",
    additionalProperties: false,
    required: ["contracts"],
    properties: {
      $schema: { type: "string", description: "Path or URL of this JSON Schema, for editors." },
      contracts: {
        type: "array",
        minItems: 1,
        description: "One entry per OpenAPI document.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["spec", "out"],
          properties: {
            name: {
              type: "string",
              pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
              description:
                "Name used by `contract gen --contract <name>` and in messages (default: the spec's path).",
            },
            spec: {
              type: "string",
              minLength: 1,
              description: "Entry file of the OpenAPI document, relative to this config file.",
            },
            out: {
              type: "string",
              minLength: 1,
              description:
                "Output folder, relative to this config file. contract owns the files it generates there and never writes outside it.",
            },
            generators: {
              type: "object",
              additionalProperties: false,
              description:
                "Generators to run and their options. Absent: every default generator. Present: exactly the ones set to `true` or an options object.",
              properties: generatorProperties,
            },
            validate: {
              type: "object",
              additionalProperties: false,
              description:
                "How the spec is validated before generating (a spec with errors is not generated from).",
              properties: {
                skip: {
                  type: "array",
                  items: { type: "string" },
                  uniqueItems: true,
                  description:
                    "Rule codes to skip, e.g. `path-template-ambiguous` for a third-party spec you cannot fix (`contract check --list-rules`).",
                },
              },
            },
            load: {
              type: "object",
              additionalProperties: false,
              description: "How the spec is read.",
              properties: {
                allowRemoteRefs: {
                  type: "boolean",
                  description: "Follow `$ref`s to http(s) URLs (off by default).",
                },
                allowRefsOutsideRoot: {
                  type: "boolean",
                  description: "Follow `$ref`s to files outside the spec's folder tree (off by default).",
                },
              },
            },
          },
        },
      },
    },
  };
}

/** Options of the webhooks generator, as a contract's configuration writes them. */

import type { GenerateContext } from "../../generator.js";
import { signatureOptionSchema } from "../signature-option.js";

export interface WebhooksOptions {
  /** Signature scheme of this contract: `standard-webhooks` (default), `github`, `stripe`, or an object form. */
  signature?: unknown;
  /** How deliveries are routed to webhooks (see the runtime's `RouteConfig`). Default: by validators. */
  route?: unknown;
  /** Drift policy for payloads that fail validation: `reject`, `report` (default) or `off`, or per kind. */
  drift?: unknown;
  /**
   * Folder of the user-owned handler stubs, relative to the output folder: next to it (`../api-handlers`)
   * or inside it (`handlers`). `contract gen` defaults to `../<output folder name>-handlers`.
   */
  handlersDir?: string;
  /** Module of openapi-typescript's types, relative to webhooks.ts. Default `./types.js`. */
  typesModule?: string;
  /** Module of the generated validators, or `false` to receive without validation. Default `./validators.js`. */
  validatorsModule?: string | false;
  /** Module of the generated client, which `event.links` call (contracts with webhook links). Default `./client.js`. */
  clientModule?: string;
  /**
   * Type and bind the links the spec declares on webhooks (`event.links`). Default: true when the
   * client generator runs (or `clientModule` is set), false otherwise.
   */
  links?: boolean;
  /** Where generated code imports the receiver from. Default `@contract/runtime/webhooks`. */
  runtimeModule?: string;
}

const text = (description: string) => ({ type: "string", minLength: 1, description }) as const;
const normalize = { enum: ["kebab", "lower"], description: "Applied to the key before lookup." } as const;
const map = {
  type: "object",
  additionalProperties: { type: "string" },
  description: "Key → webhook name, for keys that differ from the spec's names.",
} as const;

/** The options of one routing kind, every other key refused (`if`/`then`: only that kind reports). */
const route = (by: string, properties: Record<string, unknown>, required: readonly string[] = []) =>
  ({
    if: { type: "object", required: ["by"], properties: { by: { const: by } } },
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
    then: {
      type: "object",
      additionalProperties: false,
      required: ["by", ...required],
      properties: { by: { const: by }, ...properties },
    },
  }) as const;

export const webhooksOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    signature: signatureOptionSchema,
    route: {
      description: "Routing: { by: header | body | template | path | validators, ... }.",
      type: "object",
      required: ["by"],
      properties: { by: { enum: ["header", "body", "template", "path", "validators"] } },
      allOf: [
        route("body", { field: text("Dotted path of the body field naming the webhook."), normalize, map }, [
          "field",
        ]),
        route(
          "header",
          {
            header: text("Header naming the webhook."),
            bodyField: text("Body field refining it: key = header + separator + field."),
            separator: { type: "string", description: "Default `.`." },
            normalize,
            map,
          },
          ["header"],
        ),
        route(
          "template",
          {
            templates: {
              type: "array",
              minItems: 1,
              items: { type: "string", minLength: 1 },
              description:
                "Key templates tried in order: `{header:Name}`, `{body:field.sub}`, filters `|lower`, `|kebab`.",
            },
            map,
          },
          ["templates"],
        ),
        route("path", { pattern: text("URL path containing `{webhook}`, e.g. /webhooks/{webhook}."), map }, [
          "pattern",
        ]),
        route("validators", {}),
      ],
    },
    drift: {
      description: "What to do with payloads that fail validation.",
      anyOf: [
        { enum: ["reject", "report", "off"] },
        {
          type: "object",
          additionalProperties: false,
          properties: {
            payload: { enum: ["reject", "report", "off"] },
            formats: { enum: ["reject", "report", "off"] },
          },
        },
      ],
    },
    handlersDir: {
      type: "string",
      description:
        "Folder of the user-owned handler stubs, relative to the output folder. Default (contract gen): `../<output folder name>-handlers`, next to the output folder, so cleaning the output folder keeps them. `handlers` puts them inside it.",
    },
    typesModule: { type: "string" },
    validatorsModule: { anyOf: [{ type: "string" }, { const: false }] },
    clientModule: { type: "string" },
    links: {
      type: "boolean",
      description:
        "Type and bind the links webhooks declare (event.links). Default: on when client.ts is generated or clientModule is set.",
    },
    runtimeModule: { type: "string" },
  },
} as const;

/** What stub merging needs beyond the IR: `readExisting` and `report` of the shared context. */
export type ScaffoldContext = GenerateContext;

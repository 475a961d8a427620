/** Options of the sender generator, as a contract's configuration writes them. */
import { signatureOptionSchema } from "../signature-option.js";

export interface SenderOptions {
  /** Signature scheme the sender signs with: `standard-webhooks` (default), `github`, `stripe`, or an object form. */
  signature?: unknown;
  /** Module of openapi-typescript's types, relative to sender.ts. Default `./types.js`. */
  typesModule?: string;
  /** Module of the generated validators, or `false` to send without validating. Default `./validators.js`. */
  validatorsModule?: string | false;
  /** Where generated code imports the sender from. Default `@contract/runtime/sender`. */
  runtimeModule?: string;
}

export const senderOptionsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    signature: signatureOptionSchema,
    typesModule: { type: "string", description: "Module of the generated types, relative to sender.ts." },
    validatorsModule: {
      description: "Module of the generated validators, or false to send without validating.",
      anyOf: [{ type: "string" }, { const: false }],
    },
    runtimeModule: { type: "string", description: "Module the generated sender imports its runtime from." },
  },
} as const;

/** The sender generator: `sender.ts`, the typed webhook sender for the provider side of a contract. */
import type { GeneratedFile } from "../../generator.js";
import { generatedHeader } from "../../header.js";
import { defineGenerator } from "../define.js";
import { effectiveSignature } from "../signature-option.js";
import { webhookModels } from "../webhooks/model.js";
import { type SenderOptions, senderOptionsSchema } from "./options.js";
import { renderSenderFile } from "./render.js";

export type { SenderOptions } from "./options.js";

export const SENDER_FILE = "sender.ts";

export const senderGenerator = defineGenerator({
  name: "sender",
  description:
    "sender.ts: typed createWebhookSender (validate, sign, deliver with retries) for API providers.",
  enabledByDefault: false,
  optionsSchema: senderOptionsSchema,
  generate: (context, options: SenderOptions = {}): GeneratedFile[] => {
    const models = webhookModels(context.ir);
    if (models.length === 0) return [];
    const header = generatedHeader({ generator: "sender", version: context.generatorVersion });
    return [
      {
        path: SENDER_FILE,
        contents: renderSenderFile(
          models,
          { ...options, signature: effectiveSignature(options.signature, context.ir.document) },
          header,
        ),
        ownership: "generated",
      },
    ];
  },
});

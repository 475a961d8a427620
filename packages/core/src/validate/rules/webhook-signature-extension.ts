import { signatureFromSpec } from "../../webhook-signature.js";
import type { Rule } from "./rule.js";

export const webhookSignatureExtension: Rule = {
  code: "webhook-signature-extension",
  severity: "error",
  description:
    "A signature scheme declared in x-fern-webhook-signature or x-speakeasy-webhooks must be well formed (and one per contract): `contract gen` signs and verifies with it when the configuration chooses no scheme.",
  *check({ document }) {
    yield* signatureFromSpec(document).problems;
  },
};

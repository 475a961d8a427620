import { type OpenApiDocument, signatureFromSpec } from "@contract/core";

/**
 * The `signature` option shared by the generators on both ends of a delivery (webhooks receives,
 * sender sends): one definition, so a scheme added for one is accepted by the other.
 */
/** Every preset of the runtime's `SignatureConfig` (the runtime's `PRESET_NAMES` plus the original three). */
export const SIGNATURE_PRESETS = [
  "standard-webhooks",
  "github",
  "stripe",
  "slack",
  "zoom",
  "paddle",
  "shopify",
  "meta",
  "linear",
  "dropbox",
  "discord",
  "telnyx",
  "sendgrid",
  "twilio",
  "square",
  "microsoft-graph",
] as const;

export const signatureOptionSchema = {
  description:
    "Signature scheme: a preset name (standard-webhooks, github, stripe, slack, ...), or { type, ...options }.",
  anyOf: [
    { enum: SIGNATURE_PRESETS },
    {
      type: "object",
      required: ["type"],
      properties: { type: { enum: [...SIGNATURE_PRESETS, "hmac"] } },
    },
  ],
} as const;

/** The configured scheme, else the one the spec declares (`x-fern-webhook-signature`, `x-speakeasy-webhooks`). */
export function effectiveSignature(configured: unknown, document: OpenApiDocument): unknown {
  if (configured !== undefined) return configured;
  return signatureFromSpec(document).config;
}

/**
 * The `signature` option shared by the generators on both ends of a delivery (webhooks receives,
 * sender sends): one definition, so a scheme added for one is accepted by the other.
 */
export const signatureOptionSchema = {
  description: "Signature scheme: standard-webhooks, github, stripe, or { type, ...options }.",
  anyOf: [
    { enum: ["standard-webhooks", "github", "stripe"] },
    {
      type: "object",
      required: ["type"],
      properties: { type: { enum: ["standard-webhooks", "github", "stripe", "hmac"] } },
    },
  ],
} as const;

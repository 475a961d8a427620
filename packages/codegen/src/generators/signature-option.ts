/**
 * The `signature` option shared by the generators on both ends of a delivery (webhooks receives,
 * sender sends): one definition, so a scheme added for one is accepted by the other.
 */
const text = (description: string) => ({ type: "string", minLength: 1, description }) as const;

/** The options of one `type`, every other key refused (`if`/`then`: only that branch reports). */
const scheme = (type: string, properties: Record<string, unknown>, required: readonly string[] = []) =>
  ({
    if: { type: "object", required: ["type"], properties: { type: { const: type } } },
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
    then: {
      type: "object",
      additionalProperties: false,
      required: ["type", ...required],
      properties: { type: { const: type }, ...properties },
    },
  }) as const;

export const signatureOptionSchema = {
  description: "Signature scheme: standard-webhooks, github, stripe, or { type, ...options }.",
  anyOf: [
    { enum: ["standard-webhooks", "github", "stripe"] },
    {
      type: "object",
      required: ["type"],
      properties: { type: { enum: ["standard-webhooks", "github", "stripe", "hmac"] } },
      allOf: [
        scheme("standard-webhooks", {
          headerPrefix: text(
            "Header prefix: `webhook` per the spec; some providers use their own (e.g. `svix`).",
          ),
        }),
        scheme("github", {}),
        scheme("stripe", {
          header: text("Signature header (default Stripe-Signature)."),
          scheme: text("Signature version whose entries are checked (default v1)."),
        }),
        scheme(
          "hmac",
          {
            header: text("Header carrying the signature, e.g. X-Signature."),
            encoding: { enum: ["hex", "base64"], description: "How the MAC is written (default hex)." },
            prefix: { type: "string", description: "Text before the MAC in the header, e.g. `sha256=`." },
            secretEncoding: {
              enum: ["utf8", "base64", "hex"],
              description: "How secrets become key bytes (default utf8).",
            },
            timestampHeader: text(
              "Header with the timestamp; the signed content is then timestamp + separator + body.",
            ),
            timestampSeparator: { type: "string", description: "Default `.`." },
            deliveryIdHeader: text("Header holding a unique delivery id, for de-duplication."),
            name: text("Name reported in errors."),
          },
          ["header"],
        ),
      ],
    },
  ],
} as const;

import { type OpenApiDocument, signatureFromSpec } from "@contract/core";

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
  "gitlab",
  "hubspot",
  "twitch",
  "box",
  "okta",
  "mailgun",
  "adyen",
  "workos",
  "calendly",
  "zendesk",
  "intercom",
  "typeform",
  "sentry",
  "xero",
  "trello",
  "mandrill",
  "aws-sns",
  "paypal",
  "asana",
  "contentful",
  "notion",
  "plaid",
  "google-pubsub",
  "vonage",
  "mux",
  "docusign",
  "x",
  "line",
  "telegram",
  "woocommerce",
  "razorpay",
  "pagerduty",
  "paystack",
  "gocardless",
  "mercado-pago",
  "circleci",
  "bitbucket",
  "vercel",
  "lemon-squeezy",
  "airtable",
  "frame-io",
  "customer-io",
  "webex",
  "help-scout",
  "segment",
  "basic-auth",
  "token",
  "google-watch",
] as const;

const PRESET_OPTIONS: Partial<Record<(typeof SIGNATURE_PRESETS)[number], Record<string, unknown>>> = {
  square: {
    notificationUrl: text("The notification URL Square signs, when it differs from the request's."),
  },
  "aws-sns": {
    certificateUrl: text(
      "Sender: the SigningCertURL of the messages it signs (its private key is the secret).",
    ),
    confirmSubscriptions: {
      type: "boolean",
      description: "Confirm subscriptions by visiting SubscribeURL (default true).",
    },
    signatureVersion: {
      enum: ["1", "2"],
      description: "Sender: SignatureVersion 1 (RSA-SHA1) or 2 (RSA-SHA256, default).",
    },
  },
  paypal: {
    certificateUrl: text("Sender: the PAYPAL-CERT-URL it sends (its private key is the secret)."),
  },
  "google-pubsub": {
    audience: text("The audience the push subscription's tokens carry (default: the URL pushes arrive at)."),
    serviceAccountEmail: text("Sender: the service account email its tokens carry."),
  },
  plaid: {
    environment: {
      enum: ["production", "sandbox"],
      description: "The Plaid API its verification keys are fetched from (default production).",
    },
  },
  token: {
    header: text("The header the provider sends the secret token in (default Authorization)."),
  },
  okta: {
    header: text(
      "The header the event hook sends its secret in (its authentication field; default Authorization).",
    ),
  },
};

export const signatureOptionSchema = {
  description:
    "Signature scheme: a preset name (standard-webhooks, github, stripe, slack, ...), or { type, ...options }.",
  anyOf: [
    { enum: SIGNATURE_PRESETS },
    {
      type: "object",
      required: ["type"],
      properties: { type: { enum: [...SIGNATURE_PRESETS, "hmac"] } },
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
            algorithm: {
              enum: ["sha256", "sha1", "sha512"],
              description:
                "The HMAC's hash (default sha256; sha1 for Vercel and other older schemes, sha512 for some payment providers).",
            },
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
        // The provider presets take no options beyond their name, save Square's notification URL
        // and the header Okta sends its secret in.
        ...SIGNATURE_PRESETS.filter((name) => !["standard-webhooks", "github", "stripe"].includes(name)).map(
          (name) => scheme(name, PRESET_OPTIONS[name] ?? {}),
        ),
      ],
    },
  ],
} as const;

/** The configured scheme, else the one the spec declares (`x-fern-webhook-signature`, `x-speakeasy-webhooks`). */
export function effectiveSignature(configured: unknown, document: OpenApiDocument): unknown {
  if (configured !== undefined) return configured;
  return signatureFromSpec(document).config;
}

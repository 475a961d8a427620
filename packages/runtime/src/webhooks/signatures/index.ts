/**
 * Signature schemes, and the serializable form a contract's configuration uses to choose one.
 * Every scheme both verifies (receiver) and signs (sender) through the same MAC code, so the two
 * sides cannot disagree on what is signed.
 */
import { type CustomVerifier, customSignature } from "./custom.js";
import { githubSignature, type HmacHeaderOptions, hmacHeader } from "./hmac-header.js";
import { PRESET_NAMES, type PresetName, type PresetOptions, presetScheme } from "./presets.js";
import { type StandardWebhooksOptions, standardWebhooks } from "./standard-webhooks.js";
import { type StripeSignatureOptions, stripeSignature } from "./stripe.js";
import type { SignatureScheme } from "./types.js";

export * from "./adyen.js";
export * from "./asana.js";
export * from "./aws-sns.js";
export type { UrlReader } from "./certificates.js";
export * from "./contentful.js";
export * from "./credentials.js";
export * from "./custom.js";
export * from "./docusign.js";
export * from "./google-pubsub.js";
export * from "./google-watch.js";
export * from "./hmac-header.js";
export * from "./keys.js";
export * from "./mailgun.js";
export * from "./mercado-pago.js";
export * from "./notion.js";
export * from "./paypal.js";
export * from "./plaid.js";
export * from "./presets.js";
export * from "./standard-webhooks.js";
export * from "./stripe.js";
export * from "./types.js";
export * from "./vonage.js";

/** How a contract names its scheme (JSON-friendly, secrets supplied separately at run time). */
export type SignatureConfig =
  | "standard-webhooks"
  | "github"
  | "stripe"
  | PresetName
  | {
      type: Exclude<
        PresetName,
        "square" | "okta" | "token" | "aws-sns" | "paypal" | "plaid" | "google-pubsub"
      >;
    }
  | { type: "square"; notificationUrl?: string }
  | { type: "okta" | "token"; header?: string }
  | { type: "aws-sns"; certificateUrl?: string; confirmSubscriptions?: boolean; signatureVersion?: "1" | "2" }
  | { type: "paypal"; certificateUrl?: string }
  | { type: "plaid"; environment?: "production" | "sandbox" }
  | { type: "google-pubsub"; audience?: string; serviceAccountEmail?: string }
  | ({ type: "standard-webhooks" } & Omit<StandardWebhooksOptions, "secrets">)
  | { type: "github" }
  | ({ type: "stripe" } & Omit<StripeSignatureOptions, "secrets">)
  | ({ type: "hmac" } & Omit<HmacHeaderOptions, "secrets">)
  | { type: "custom"; verify: CustomVerifier; name?: string };

/** Builds the scheme named by `config` with `secrets`; a ready `SignatureScheme` is passed through. */
export function resolveSignatureScheme(
  config: SignatureConfig | SignatureScheme,
  secrets: string | readonly string[] | undefined,
  extra: { verifyToken?: string | undefined } = {},
): SignatureScheme {
  if (typeof config === "object" && "verify" in config && "sign" in config && "name" in config) {
    return config as SignatureScheme;
  }
  const normalized =
    typeof config === "string" ? ({ type: config } as Exclude<SignatureConfig, string>) : config;
  if (normalized.type === "custom") return customSignature(normalized);
  if (secrets === undefined) {
    throw new TypeError(`the ${normalized.type} signature scheme needs \`secret\` or \`secrets\``);
  }
  if ((PRESET_NAMES as readonly string[]).includes(normalized.type)) {
    return presetScheme(normalized.type as PresetName, {
      secrets,
      ...(extra.verifyToken !== undefined ? { verifyToken: extra.verifyToken } : {}),
      ...jsonPresetOptions(normalized as Record<string, unknown>),
    });
  }
  switch (normalized.type) {
    case "standard-webhooks":
      return standardWebhooks({ ...normalized, secrets });
    case "github":
      return githubSignature({ secrets });
    case "stripe":
      return stripeSignature({ ...normalized, secrets });
    case "hmac":
      return hmacHeader({ ...normalized, secrets });
    default:
      throw new TypeError(
        `unknown signature scheme ${JSON.stringify((normalized as { type: unknown }).type)}`,
      );
  }
}

/**
 * The options a config may give a preset, as JSON: each is read only when it has its type, and a
 * preset reads only its own (`trustedHost`, `readUrl`, `certsUrl`, `apiBaseUrl` and the like are
 * given to the schemes' functions in code).
 */
function jsonPresetOptions(config: Record<string, unknown>): Omit<PresetOptions, "secrets" | "verifyToken"> {
  const text = (field: string) => (typeof config[field] === "string" ? (config[field] as string) : undefined);
  const options: Omit<PresetOptions, "secrets" | "verifyToken"> = {};
  const notificationUrl = text("notificationUrl");
  if (notificationUrl !== undefined) options.notificationUrl = notificationUrl;
  const header = text("header");
  if ((config.type === "okta" || config.type === "token") && header !== undefined) options.header = header;
  const certificateUrl = text("certificateUrl");
  if (certificateUrl !== undefined) options.certificateUrl = certificateUrl;
  if (typeof config.confirmSubscriptions === "boolean")
    options.confirmSubscriptions = config.confirmSubscriptions;
  if (config.signatureVersion === "1" || config.signatureVersion === "2")
    options.signatureVersion = config.signatureVersion;
  if (config.environment === "production" || config.environment === "sandbox")
    options.environment = config.environment;
  const audience = text("audience");
  if (audience !== undefined) options.audience = audience;
  const serviceAccountEmail = text("serviceAccountEmail");
  if (serviceAccountEmail !== undefined) options.serviceAccountEmail = serviceAccountEmail;
  return options;
}

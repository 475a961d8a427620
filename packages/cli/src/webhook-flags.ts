/**
 * Flags `contract trigger` and `contract verify` share. The signature scheme a webhook command uses: `--signature`, else the contract's configuration,
 * else what the spec declares (x-fern-webhook-signature, x-speakeasy-webhooks), else Standard
 * Webhooks. `contract trigger` and `contract verify` sign and verify alike through it.
 */
import { type OpenApiDocument, signatureFromSpec } from "@contract/core";
import {
  PRESET_NAMES,
  resolveSignatureScheme,
  type SignatureConfig,
  signDelivery,
} from "@contract/runtime/webhooks";
import { CliExit, EXIT_USAGE } from "./exit-codes.js";

export const SIGNATURE_SCHEMES: readonly string[] = [
  "standard-webhooks",
  "github",
  "stripe",
  ...PRESET_NAMES,
];

export function signatureFor(
  flag: string | undefined,
  configured: unknown,
  document: OpenApiDocument,
): SignatureConfig {
  if (flag?.trimStart().startsWith("{")) return signatureObject(flag);
  const signature = (flag ??
    configured ??
    signatureFromSpec(document).config ??
    "standard-webhooks") as SignatureConfig;
  if (typeof signature === "string" && !SIGNATURE_SCHEMES.includes(signature)) {
    throw new CliExit(
      EXIT_USAGE,
      `error: unknown --signature ${JSON.stringify(signature)}; use one of ${SIGNATURE_SCHEMES.join(", ")}`,
    );
  }
  return signature;
}

/** `--secret`, else $CONTRACT_WEBHOOK_SECRET. */
export function secretFor(flag: string | undefined, what: string): string {
  const secret = flag ?? process.env.CONTRACT_WEBHOOK_SECRET;
  if (!secret)
    throw new CliExit(EXIT_USAGE, `error: missing --secret (or $CONTRACT_WEBHOOK_SECRET): ${what}`);
  return secret;
}

/** `-H "Name: value"` flags → lower-case header names. */
export function parseHeaders(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0)
      throw new CliExit(EXIT_USAGE, `error: --header ${JSON.stringify(line)}: expected "Name: value"`);
    out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

/**
 * `--signature '{"type": "hmac", "header": "X-Signature"}'`: a scheme with options, as the config
 * file writes it (the generic HMAC, Okta's header, Square's notification URL, AWS SNS's certificate
 * URL). Checked here for its type; the options by the scheme itself when it is built.
 */
function signatureObject(flag: string): SignatureConfig {
  let value: unknown;
  try {
    value = JSON.parse(flag);
  } catch {
    throw new CliExit(EXIT_USAGE, `error: --signature ${JSON.stringify(flag)} is not JSON`);
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || ![...SIGNATURE_SCHEMES, "hmac"].includes(type))
    throw new CliExit(
      EXIT_USAGE,
      `error: --signature needs "type": one of ${[...SIGNATURE_SCHEMES, "hmac"].join(", ")}`,
    );
  return value as SignatureConfig;
}

/**
 * Signs a probe delivery with the scheme, so that a secret or an option the scheme cannot sign with
 * (a public key, AWS SNS without its certificate URL) is a usage error said before anything is
 * sent, not an internal one thrown from inside the send.
 */
export async function assertCanSign(signature: SignatureConfig, secret: string): Promise<void> {
  try {
    const scheme = resolveSignatureScheme(signature, secret);
    await signDelivery(scheme, { body: "{}", id: "msg_probe", url: "https://receiver.example/webhooks" });
  } catch (error) {
    throw new CliExit(
      EXIT_USAGE,
      `error: cannot sign with this scheme and secret: ${(error as Error).message}`,
    );
  }
}

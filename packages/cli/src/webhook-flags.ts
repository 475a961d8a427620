/**
 * Flags `contract trigger` and `contract verify` share. The signature scheme a webhook command uses: `--signature`, else the contract's configuration,
 * else what the spec declares (x-fern-webhook-signature, x-speakeasy-webhooks), else Standard
 * Webhooks. `contract trigger` and `contract verify` sign and verify alike through it.
 */
import { type OpenApiDocument, signatureFromSpec } from "@contract/core";
import { PRESET_NAMES, type SignatureConfig } from "@contract/runtime/webhooks";
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

/**
 * Reports end up in CI logs: secret values a request carried (credentials, a webhook provider's
 * shared secret such as GitLab's token or Okta's authorization header) are hidden wherever they
 * appear in a finding's request, as sent or percent-encoded.
 */
import type { FindingRequest } from "./finding.js";

export const REDACTED = "<redacted>";

/** `text` with every secret value, as sent or percent-encoded, replaced by REDACTED. */
export function hideSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === "") continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** The request with `secrets` hidden in its URL, header values, body and curl line. */
export function hideRequestSecrets(request: FindingRequest, secrets: readonly string[]): FindingRequest {
  return {
    ...request,
    url: hideSecrets(request.url, secrets),
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, hideSecrets(value, secrets)]),
    ),
    ...(request.body === undefined ? {} : { body: hideSecrets(request.body, secrets) }),
    curl: hideSecrets(request.curl, secrets),
  };
}

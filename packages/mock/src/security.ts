/**
 * Whether a request carries a credential for one of the operation's security alternatives. Like
 * Prism, the mock checks presence and form only (a bearer token, a key in the right place), not value.
 */
import type { IRSecurityRequirement, IRSecurityScheme } from "@contract/core";

export interface CredentialSources {
  headers: Record<string, string | string[] | undefined>;
  query: [string, string][];
  cookies: Record<string, string>;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function present(scheme: IRSecurityScheme | undefined, request: CredentialSources): boolean {
  if (!scheme) return false;
  const authorization = first(request.headers.authorization)?.trim() ?? "";
  switch (scheme.type) {
    case "apiKey": {
      const name = scheme.paramName ?? "";
      if (scheme.in === "query") return request.query.some(([k]) => k === name);
      if (scheme.in === "cookie") return name in request.cookies;
      return first(request.headers[name.toLowerCase()]) !== undefined;
    }
    case "http": {
      const wanted = (scheme.scheme ?? "bearer").toLowerCase();
      return authorization.toLowerCase().startsWith(`${wanted} `);
    }
    case "oauth2":
    case "openIdConnect":
      return /^bearer\s+\S/i.test(authorization);
    case "mutualTLS":
      // Negotiated by TLS, below HTTP: a plain-HTTP mock cannot ask for it.
      return true;
  }
}

/** `undefined` when allowed; otherwise the `WWW-Authenticate` challenge to answer 401 with. */
export function missingCredentials(
  requirements: readonly IRSecurityRequirement[],
  schemes: ReadonlyMap<string, IRSecurityScheme>,
  request: CredentialSources,
): string | undefined {
  if (requirements.length === 0) return undefined;
  for (const alternative of requirements) {
    const names = Object.keys(alternative);
    if (names.every((name) => present(schemes.get(name), request))) return undefined;
  }
  const challenges = new Set<string>();
  for (const alternative of requirements) {
    for (const name of Object.keys(alternative)) {
      const scheme = schemes.get(name);
      if (scheme?.type === "http") challenges.add(capitalize(scheme.scheme ?? "bearer"));
      else if (scheme?.type === "oauth2" || scheme?.type === "openIdConnect") challenges.add("Bearer");
      else if (scheme?.type === "apiKey") challenges.add(`ApiKey name="${scheme.paramName ?? ""}"`);
    }
  }
  return [...challenges].join(", ") || "Bearer";
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

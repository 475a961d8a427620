/**
 * Credentials applied per operation from its security requirements. The first alternative whose
 * schemes all have a credential wins; an empty alternative (`{}`) makes authentication optional.
 */
import type { SecuritySchemeSpec } from "./spec.js";

export interface CredentialContext {
  operationId: string;
  scheme: string;
  /** Scopes the operation asks for under this scheme (OAuth2/OpenID Connect). */
  scopes?: readonly string[];
}

export interface BasicCredentials {
  username: string;
  password: string;
}

/** A credential is a value, or a function returning one (possibly async), e.g. to refresh a token. */
export type Credential<T> = T | ((context: CredentialContext) => T | undefined | Promise<T | undefined>);

export type AuthValues = Record<string, Credential<unknown> | undefined>;

export interface AuthTarget {
  headers: Record<string, string>;
  query: string[];
  cookies: string[];
}

/** Picks the alternative to use: the first one fully configured; none when only `{}` or nothing fits. */
export function chooseAlternative(
  alternatives: string[][],
  auth: AuthValues | undefined,
): string[] | undefined {
  if (!auth) return undefined;
  for (const alternative of alternatives) {
    if (alternative.length > 0 && alternative.every((name) => auth[name] !== undefined)) return alternative;
  }
  return undefined;
}

export async function applyAuth(
  target: AuthTarget,
  alternative: string[],
  auth: AuthValues,
  schemes: Record<string, SecuritySchemeSpec>,
  operationId: string,
): Promise<void> {
  for (const name of alternative) {
    const scheme = schemes[name];
    const raw = auth[name];
    if (!scheme || raw === undefined) continue;
    const value = typeof raw === "function" ? await raw({ operationId, scheme: name }) : raw;
    if (value === undefined || value === null) continue;
    applyScheme(target, scheme, value);
  }
}

/** Puts one resolved credential where its scheme says (also used by `contract verify`). */
export function applyScheme(target: AuthTarget, scheme: SecuritySchemeSpec, value: unknown): void {
  if (scheme.type === "apiKey") {
    const key = scheme.name ?? "";
    const text = String(value);
    if (scheme.in === "query") target.query.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
    else if (scheme.in === "cookie") target.cookies.push(`${key}=${encodeURIComponent(text)}`);
    else target.headers[key.toLowerCase()] = text;
    return;
  }
  if (scheme.type === "http" && scheme.scheme === "basic") {
    const { username, password } = value as BasicCredentials;
    target.headers.authorization = `Basic ${base64(`${username}:${password}`)}`;
    return;
  }
  if (scheme.type === "http" && scheme.scheme && scheme.scheme !== "bearer") {
    // Other HTTP schemes (digest, hoba, vendor ones): the credential is the text after the scheme name.
    target.headers.authorization = `${capitalize(scheme.scheme)} ${String(value)}`;
    return;
  }
  if (scheme.type === "mutualTLS") return; // Configured on the transport, not in the request.
  // http bearer, oauth2 and openIdConnect all send a bearer token.
  target.headers.authorization = `Bearer ${String(value)}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** UTF-8 safe base64 with only web APIs (btoa alone rejects non-Latin-1 text). */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

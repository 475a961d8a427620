/**
 * Credentials by security scheme name, placed in each request where the operation's security
 * requirements say (an apiKey in its header, query parameter or cookie; bearer and other HTTP
 * schemes in `Authorization`), with the client runtime's own `applyScheme`, so verify sends them
 * exactly as generated clients do.
 */
import { getAtPointer, type IRHttpOperation, type IRSecurityScheme } from "@contract/core";
import {
  type AuthTarget,
  applyScheme,
  chooseAlternative,
  type SecuritySchemeSpec,
} from "@contract/runtime/client";

export interface OperationCredentials {
  /** Adds the credentials of the chosen alternative to a request being built. */
  apply(target: AuthTarget): void;
  /** The operation can be called without credentials (`{}` among its requirements). */
  optional: boolean;
  /** Where the requirement is written: the operation's `security`, else the document's. */
  specPointer: string;
}

/**
 * The credentials for `op`: the first alternative of its requirements whose schemes all have a
 * credential. Undefined when none has (then nothing is added and nothing is left out).
 */
export function credentialsFor(
  op: IRHttpOperation,
  schemes: readonly IRSecurityScheme[],
  credentials: Readonly<Record<string, string>>,
  document: unknown,
): OperationCredentials | undefined {
  const alternative = chooseAlternative(
    op.security.map((requirement) => Object.keys(requirement)),
    credentials,
  );
  if (alternative === undefined) return undefined;
  const byName = new Map(schemes.map((s) => [s.name, s]));
  const ownPointer = `${op.pointer}/security`;
  return {
    apply(target) {
      for (const name of alternative) {
        const scheme = byName.get(name);
        const value = credentials[name];
        if (scheme !== undefined && value !== undefined)
          applyScheme(target, runtimeScheme(scheme), credential(scheme, value));
      }
    },
    optional: op.security.some((requirement) => Object.keys(requirement).length === 0),
    specPointer: getAtPointer(document, ownPointer) === undefined ? "/security" : ownPointer,
  };
}

/**
 * Every form in which the credentials travel, to hide in reports: each value as given, and what
 * an HTTP scheme writes after its name in `Authorization` (basic's base64 of `user:password` is
 * not the text given, yet it is the credential all the same).
 */
export function credentialForms(
  schemes: readonly IRSecurityScheme[],
  credentials: Readonly<Record<string, string>>,
): string[] {
  const forms = new Set(Object.values(credentials).filter((value) => value.length > 0));
  for (const scheme of schemes) {
    const value = credentials[scheme.name];
    if (value === undefined || value.length === 0) continue;
    const written: AuthTarget = { headers: {}, query: [], cookies: [] };
    applyScheme(written, runtimeScheme(scheme), credential(scheme, value));
    const parameter = written.headers.authorization?.replace(/^\S+\s+/, "");
    if (parameter) forms.add(parameter);
  }
  return [...forms];
}

function runtimeScheme(scheme: IRSecurityScheme): SecuritySchemeSpec {
  const spec: SecuritySchemeSpec = { type: scheme.type };
  if (scheme.scheme !== undefined) spec.scheme = scheme.scheme;
  if (scheme.in !== undefined) spec.in = scheme.in;
  if (scheme.paramName !== undefined) spec.name = scheme.paramName;
  return spec;
}

/** A credential that cannot be sent as given (the message names the scheme, never the value). */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialError";
  }
}

/**
 * What a credential is, from the text given. A value may come with its HTTP scheme name in front,
 * as written in `Authorization` (`Bearer xyz`, `Basic <base64>`, copied from a curl line or a CI
 * secret): the name is dropped, in any case, so it is not written twice. This cannot misread a
 * credential: a bearer token (RFC 6750 b64token) and base64 hold no whitespace. Basic credentials
 * otherwise come as `user:password` text (as on a command line); the rest is sent as given.
 */
function credential(scheme: IRSecurityScheme, value: string): unknown {
  const written = authorizationScheme(scheme);
  const parts = /^(\S+)\s+(\S.*)$/s.exec(value.trim());
  const named = written !== undefined && parts?.[1]?.toLowerCase() === written ? parts[2] : undefined;
  const text = named ?? value;
  if (scheme.type !== "http" || scheme.scheme !== "basic") return text;
  if (named !== undefined) return basicFromBase64(scheme.name, named);
  const at = text.indexOf(":");
  return at === -1
    ? { username: text, password: "" }
    : { username: text.slice(0, at), password: text.slice(at + 1) };
}

/** The scheme name, lower case, that `Authorization` starts with for `scheme` (as the client runtime writes it); none for apiKey. */
function authorizationScheme(scheme: IRSecurityScheme): string | undefined {
  if (scheme.type === "apiKey" || scheme.type === "mutualTLS") return undefined;
  if (scheme.type === "http" && scheme.scheme && scheme.scheme !== "bearer")
    return scheme.scheme.toLowerCase();
  return "bearer";
}

/** `Basic <base64>`'s credential: the base64 must be of `user:password` (RFC 7617), in UTF-8. */
function basicFromBase64(name: string, encoded: string): { username: string; password: string } {
  const refuse = () =>
    new CredentialError(
      `${name}: a value given as "Basic …" must be followed by the base64 of user:password (or give user:password alone)`,
    );
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw refuse();
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(encoded, "base64"));
  } catch {
    throw refuse();
  }
  const at = decoded.indexOf(":");
  if (at === -1) throw refuse();
  return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
}

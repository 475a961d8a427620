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

/** Basic credentials come as `user:password` text (as on a command line); the rest is sent as given. */
function credential(scheme: IRSecurityScheme, value: string): unknown {
  if (scheme.type !== "http" || scheme.scheme !== "basic") return value;
  const at = value.indexOf(":");
  return at === -1
    ? { username: value, password: "" }
    : { username: value.slice(0, at), password: value.slice(at + 1) };
}

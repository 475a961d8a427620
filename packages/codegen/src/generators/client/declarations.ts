/** Type declarations of `client.ts` that come from the document's top level: auth and server variables. */
import type { IRSecurityScheme, IRServer } from "@contract/core";
import { jsdoc } from "./comments.js";
import { literal, propertyKey } from "./spec-literal.js";

function credentialType(scheme: IRSecurityScheme): string {
  if (scheme.type === "http" && scheme.scheme === "basic") return "Credential<BasicCredentials>";
  return "Credential<string>";
}

function schemeSummary(scheme: IRSecurityScheme): string {
  switch (scheme.type) {
    case "apiKey":
      return `API key sent in the ${scheme.in ?? "header"} \`${scheme.paramName ?? ""}\`.`;
    case "http":
      return scheme.scheme === "basic"
        ? "HTTP basic: `{ username, password }`."
        : `HTTP ${scheme.scheme ?? "bearer"} credential.`;
    case "oauth2":
    case "openIdConnect":
      return `${scheme.type === "oauth2" ? "OAuth 2" : "OpenID Connect"} access token, sent as a bearer token.`;
    default:
      return "Mutual TLS: configure it on the fetch implementation; nothing is sent in the request.";
  }
}

export function authOptionsDeclaration(schemes: IRSecurityScheme[]): string {
  const members = schemes
    .map((s) => `${jsdoc([schemeSummary(s)], "  ")}  ${propertyKey(s.name)}?: ${credentialType(s)};`)
    .join("\n");
  return `/** Credentials by security scheme; each a value or a (possibly async) function returning one. */\nexport interface AuthOptions {\n${members}${members ? "\n" : ""}}\n`;
}

export function serverVariablesDeclaration(server: IRServer | undefined): string {
  const entries = Object.entries(server?.variables ?? {});
  const members = entries
    .map(([name, v]) => {
      const type = v.enum && v.enum.length > 0 ? v.enum.map((e) => JSON.stringify(e)).join(" | ") : "string";
      return `${jsdoc([v.description, `Default: ${JSON.stringify(v.default)}`], "  ")}  ${propertyKey(name)}: ${type};`;
    })
    .join("\n");
  const about = server
    ? `Variables of the default server \`${server.url}\`.`
    : "The document declares no server.";
  return `${jsdoc([about])}export interface ServerVariables {\n${members}${members ? "\n" : ""}}\n`;
}

export function serversLiteral(servers: IRServer[]): string {
  return literal(
    servers.slice(0, 1).map((s) => ({
      url: s.url,
      ...(Object.keys(s.variables).length > 0
        ? { variables: Object.fromEntries(Object.entries(s.variables).map(([k, v]) => [k, v.default])) }
        : {}),
    })),
  );
}

export function schemesLiteral(schemes: IRSecurityScheme[]): string {
  return literal(
    Object.fromEntries(
      schemes.map((s) => [
        s.name,
        {
          type: s.type,
          ...(s.scheme ? { scheme: s.scheme } : {}),
          ...(s.in ? { in: s.in } : {}),
          ...(s.paramName ? { name: s.paramName } : {}),
        },
      ]),
    ),
  );
}

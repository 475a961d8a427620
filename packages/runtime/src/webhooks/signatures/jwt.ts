/**
 * The compact JWS of the schemes that sign with a JWT (Plaid's `Plaid-Verification`, Google's
 * OIDC token on Pub/Sub pushes): its parts decoded, never trusted before the signature verifies.
 */
import { fromBase64, fromUtf8, toBase64, utf8 } from "../bytes.js";
import { fail, type HeaderReader, jsonObjectOfText, type VerifyResult } from "./types.js";

export interface Jwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The signing input, `header.payload`. */
  signed: Uint8Array;
  signature: Uint8Array;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The parts of a compact JWS with JSON header and claims; undefined for anything else. */
export function parseJwt(token: string): Jwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return undefined;
  const [headerText, claimsText, signatureText] = parts as [string, string, string];
  const header = jsonPart(headerText);
  const claims = jsonPart(claimsText);
  const signature = fromBase64(signatureText);
  if (!header || !claims || !signature) return undefined;
  return { header, claims, signed: utf8(`${headerText}.${claimsText}`), signature };
}

function jsonPart(text: string): Record<string, unknown> | undefined {
  const bytes = text === "" ? undefined : fromBase64(text);
  return bytes ? jsonObjectOfText(fromUtf8(bytes)) : undefined;
}

export const base64url = (bytes: Uint8Array): string =>
  toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The signing input of a token with this header and these claims. */
export const signingInput = (header: object, claims: object): string =>
  `${base64url(utf8(JSON.stringify(header)))}.${base64url(utf8(JSON.stringify(claims)))}`;

/**
 * The JWT of `Authorization: Bearer <token>` (Google's Pub/Sub pushes, Vonage), or the failure to
 * report when the header is absent or holds none.
 */
export function bearerJwt(headers: HeaderReader): Jwt | VerifyResult {
  const authorization = headers("authorization")?.trim();
  if (authorization === undefined) return fail("missing-signature", "expected Authorization: Bearer <token>");
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  return (
    (token === undefined ? undefined : parseJwt(token)) ??
    fail("malformed-signature", "Authorization holds no Bearer JWT")
  );
}

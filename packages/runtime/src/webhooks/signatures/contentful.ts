/**
 * Contentful's request verification (webhooks, app actions and functions): `x-contentful-signature`
 * is the hex HMAC-SHA256, with the signing secret, of the canonical request:
 *
 *     METHOD \n path \n header:value;header:value… \n body
 *
 * over the headers `x-contentful-signed-headers` names (itself and `x-contentful-timestamp`, in
 * milliseconds, always among them), sorted by name, lower-case names and trimmed values. The path
 * is written as Contentful's toolkit writes it: the query escaped as a whole, then the URL encoded
 * (`/hooks?a=1` becomes `/hooks?a%253D1`), which both sides do alike. Everything here follows
 * `@contentful/node-apps-toolkit`'s `signRequest` and `verifyRequest`, which the tests check
 * against; the window is the receiver's tolerance (the toolkit's default is 30 s).
 */
import { fromHex, fromUtf8, timingSafeEqual, toHex, utf8 } from "../bytes.js";
import { hmac } from "../hmac.js";
import {
  bodyText,
  fail,
  type SignatureScheme,
  secretList,
  timestampProblem,
  type VerifyResult,
} from "./types.js";

const SIGNATURE = "x-contentful-signature";
const SIGNED_HEADERS = "x-contentful-signed-headers";
const TIMESTAMP = "x-contentful-timestamp";
/** Timestamps before 2020 are refused, as the toolkit refuses them. */
const OLDEST_MS = 1_577_836_800_000;

export interface ContentfulOptions {
  /** Request verification signing secrets (64 characters): every one verifies, the first signs. */
  secrets: string | readonly string[];
}

/** The path as the toolkit signs it: the query escaped as one component, then the whole URI-encoded. */
export function contentfulPath(pathAndQuery: string): string {
  const [pathname, search] = pathAndQuery.split("?");
  return encodeURI(search ? `${pathname}?${encodeURIComponent(search)}` : (pathname ?? ""));
}

/** The canonical request, from the signed headers' values (lower-case names, trimmed values). */
function canonicalRequest(
  method: string,
  path: string,
  headers: Map<string, string>,
  timestamp: number,
  body: string,
) {
  const signed = [...new Set([...headers.keys(), SIGNED_HEADERS, TIMESTAMP])].sort();
  const values = new Map(headers);
  values.set(TIMESTAMP, String(timestamp));
  values.set(SIGNED_HEADERS, signed.join(","));
  const lines = signed.map((name) => `${name}:${values.get(name)}`).join(";");
  return { text: [method, contentfulPath(path), lines, body].join("\n"), signedHeaders: signed.join(",") };
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return undefined;
  }
}

export function contentfulSignature(options: ContentfulOptions): SignatureScheme {
  const keys = secretList(options.secrets, "contentful").map(utf8);

  return {
    name: "contentful",
    async verify(input): Promise<VerifyResult> {
      const sent = input.headers(SIGNATURE);
      if (sent === undefined) return fail("missing-signature", "expected header x-contentful-signature");
      const signature = /^[0-9a-f]{64}$/i.test(sent.trim()) ? fromHex(sent.trim()) : undefined;
      if (!signature) return fail("malformed-signature", "x-contentful-signature is not 64 hex digits");
      const names = (input.headers(SIGNED_HEADERS) ?? "").split(",");
      if (names.length < 2)
        return fail("malformed-signature", "x-contentful-signed-headers names no headers");
      const timestamp = Number.parseInt(input.headers(TIMESTAMP) ?? "", 10);
      if (!(timestamp > OLDEST_MS))
        return fail("malformed-signature", "x-contentful-timestamp is not Unix milliseconds");
      const path = pathOf(input.url);
      if (path === undefined)
        return fail("malformed-signature", "the request URL is needed (pass publicUrl behind a proxy)");
      // The headers it names that the request has: names are matched as the toolkit matches them
      // (lower-case, trimmed), values trimmed.
      const headers = new Map<string, string>();
      for (const name of names) {
        if (name !== name.toLowerCase().trim()) continue;
        const value = input.headers(name);
        if (value !== undefined) headers.set(name, value.trim());
      }
      const { text } = canonicalRequest(
        (input.method ?? "POST").toUpperCase(),
        path,
        headers,
        timestamp,
        fromUtf8(input.body),
      );
      // Every key is tried (no early exit), so timing does not tell which matched.
      let matched = false;
      for (const key of keys)
        matched = timingSafeEqual(await hmac("SHA-256", key, [utf8(text)]), signature) || matched;
      if (!matched) return fail("bad-signature", "x-contentful-signature does not match the request");
      return (
        timestampProblem(Math.floor(timestamp / 1000), input) ?? {
          ok: true,
          timestamp: Math.floor(timestamp / 1000),
        }
      );
    },
    async sign(input) {
      const timestamp = (input.timestamp ?? Date.now() / 1000) * 1000;
      const ms = Math.floor(timestamp);
      const body = bodyText(input.body);
      const { text, signedHeaders } = canonicalRequest("POST", pathOf(input.url) ?? "/", new Map(), ms, body);
      return {
        [SIGNATURE]: toHex(await hmac("SHA-256", keys[0]!, [utf8(text)])),
        [SIGNED_HEADERS]: signedHeaders,
        [TIMESTAMP]: String(ms),
      };
    },
  };
}

/**
 * Certificates fetched from the URL a delivery names (AWS SNS's `SigningCertURL`, PayPal's
 * `PAYPAL-CERT-URL`): trusted for where they are, an HTTPS URL on the provider's own hosts,
 * which is checked before anything is fetched. Each is fetched once and its key kept (a bounded
 * number); a fetch that fails throws, so the delivery gets a 5xx and the provider retries it, and
 * is not kept.
 */
import { certificateSpki, pemBlock } from "./x509.js";

/** Reads a URL: the default is `fetch` with a 10 s timeout and no redirects. */
export type UrlReader = (url: string) => Promise<{ status: number; text(): Promise<string> }>;

export const defaultReadUrl: UrlReader = (url) =>
  fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "error" });

export const rsa = (hash: string) => ({ name: "RSASSA-PKCS1-v1_5", hash });

const MAX_CERTIFICATES = 64;
const MAX_CERTIFICATE_BYTES = 65_536;

export interface CertificateStoreOptions {
  /** The scheme, for messages. */
  name: string;
  /** Hosts the provider serves certificates (and, for SNS, subscription URLs) from. */
  trustedHost: RegExp;
  readUrl: UrlReader;
}

export function certificateStore({ name, trustedHost, readUrl }: CertificateStoreOptions) {
  const keys = new Map<string, Promise<CryptoKey>>();

  /** `text` as a URL when it is HTTPS on a trusted host, without credentials (and a `.pem`, with `pem`). */
  function trustedUrl(text: string, { pem = false }: { pem?: boolean } = {}): URL | undefined {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (url.protocol !== "https:" || url.username || url.password) return undefined;
    if (!trustedHost.test(url.host) && !trustedHost.test(url.hostname)) return undefined;
    return !pem || url.pathname.endsWith(".pem") ? url : undefined;
  }

  /** The RSA key (PKCS#1 v1.5 with `hash`) of the certificate at `url`, fetched once. */
  function publicKey(url: string, hash: string): Promise<CryptoKey> {
    const id = `${hash} ${url}`;
    let key = keys.get(id);
    if (key === undefined) {
      key = load(url, hash);
      key.catch(() => keys.delete(id));
      if (keys.size >= MAX_CERTIFICATES) keys.delete(keys.keys().next().value!);
      keys.set(id, key);
    }
    return key;
  }

  async function load(url: string, hash: string): Promise<CryptoKey> {
    const response = await readUrl(url);
    if (response.status !== 200)
      throw new Error(`${name}: the signing certificate ${url} answered ${response.status}`);
    const text = await response.text();
    const der = text.length <= MAX_CERTIFICATE_BYTES ? pemBlock(text, "CERTIFICATE") : undefined;
    const spki = der && certificateSpki(der);
    if (!spki) throw new Error(`${name}: ${url} holds no X.509 certificate in PEM`);
    return crypto.subtle.importKey("spki", spki as Uint8Array<ArrayBuffer>, rsa(hash), false, ["verify"]);
  }

  return { trustedUrl, publicKey };
}

/** An RSA private key for signing (senders): PKCS#8 PEM only, as Web Crypto imports it. */
export function rsaPrivateKey(name: string, pem: string | undefined, hash: string): Promise<CryptoKey> {
  if (pem === undefined) throw new TypeError(`${name}: signing needs a private key (PKCS#8 PEM) in secrets`);
  const der = pemBlock(pem, "PRIVATE KEY");
  if (!der)
    throw new TypeError(
      `${name}: the private key must be PKCS#8 PEM (-----BEGIN PRIVATE KEY-----; convert with \`openssl pkcs8 -topk8 -nocrypt\`)`,
    );
  return crypto.subtle.importKey("pkcs8", der as Uint8Array<ArrayBuffer>, rsa(hash), false, ["sign"]);
}

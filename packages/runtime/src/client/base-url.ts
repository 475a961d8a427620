/**
 * The base URL a client sends to, kept on the client object under a symbol: a webhook link that
 * follows a URL from a payload checks it against this before calling (see webhooks/links.ts).
 * Not enumerable, so it shows up nowhere a user lists the client's methods.
 */
export const CLIENT_BASE_URL: unique symbol = Symbol.for("contract.client.baseUrl");

export function setClientBaseUrl(client: object, baseUrl: string): void {
  Object.defineProperty(client, CLIENT_BASE_URL, { value: baseUrl, enumerable: false });
}

/** The base URL of a client made by `createClientCore`, or undefined for anything else. */
export function clientBaseUrl(client: unknown): string | undefined {
  if (client === null || typeof client !== "object") return undefined;
  const value = (client as Record<symbol, unknown>)[CLIENT_BASE_URL];
  return typeof value === "string" ? value : undefined;
}

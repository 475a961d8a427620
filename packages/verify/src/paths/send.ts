/**
 * Sends one request, only ever to the base URL's origin: redirects are never followed (a 3xx is
 * checked like any other answer), and a URL outside the base is refused before anything is sent.
 */
import type { PlannedRequest } from "./request.js";

export interface Exchange {
  status: number;
  headers: Headers;
  /** The body as text. */
  text: string;
}

export class OutsideBaseUrlError extends Error {}

export function isInsideBase(baseUrl: string, url: string): boolean {
  const base = new URL(baseUrl);
  const target = new URL(url);
  const prefix = base.pathname.replace(/\/+$/, "");
  return (
    target.origin === base.origin &&
    (target.pathname === prefix || target.pathname.startsWith(`${prefix}/`) || prefix === "")
  );
}

export async function send(baseUrl: string, request: PlannedRequest, timeoutMs: number): Promise<Exchange> {
  if (!isInsideBase(baseUrl, request.url))
    throw new OutsideBaseUrlError(`refused to call ${request.url}: outside ${baseUrl}`);
  const init: RequestInit = {
    method: request.method,
    headers: request.headers,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  };
  if (request.body !== undefined) init.body = request.body;
  if (request.form !== undefined) {
    const form = new FormData();
    for (const [name, value] of request.form) form.append(name, value);
    init.body = form;
  }
  const response = await fetch(request.url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

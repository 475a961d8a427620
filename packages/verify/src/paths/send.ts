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

/** The provider answered with more than the run reads; the answer is not checked. */
export class ResponseTooLargeError extends Error {}

export function isInsideBase(baseUrl: string, url: string): boolean {
  const base = new URL(baseUrl);
  const target = new URL(url);
  const prefix = base.pathname.replace(/\/+$/, "");
  return (
    target.origin === base.origin &&
    (target.pathname === prefix || target.pathname.startsWith(`${prefix}/`) || prefix === "")
  );
}

export async function send(
  baseUrl: string,
  request: PlannedRequest,
  timeoutMs: number,
  maxResponseBytes: number,
): Promise<Exchange> {
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
  const text = await readCapped(response, maxResponseBytes);
  return { status: response.status, headers: response.headers, text };
}

/** Reads the body as text, giving up past `max` bytes so one endless answer cannot exhaust memory. */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) {
      await response.body.cancel().catch(() => {});
      throw new ResponseTooLargeError(`the answer is larger than ${max} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Web `Request → Response` adapter: Hono (`c.req.raw`), Next.js route handlers, Bun.serve,
 * Deno.serve, Cloudflare Workers.
 */
import type { ReceiverResponse } from "./errors.js";
import type { WebhookReceiver } from "./receiver.js";

/** The body did not arrive within the receiver's `bodyTimeoutMs`. */
export class BodyTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the body did not arrive within ${timeoutMs} ms`);
    this.name = "BodyTimeoutError";
  }
}

/**
 * Reads a stream into one buffer, giving up as soon as it exceeds `limit` bytes (`undefined`);
 * rejects with `BodyTimeoutError` (the stream cancelled) when it has not ended within `timeoutMs`.
 */
export async function readLimited(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
  timeoutMs?: number,
): Promise<Uint8Array | undefined> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new BodyTimeoutError(timeoutMs)), timeoutMs);
        });
  deadline?.catch(() => {});
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await (deadline ? Promise.race([reader.read(), deadline]) : reader.read());
    } catch (error) {
      clearTimeout(timer);
      await reader.cancel().catch(() => {});
      throw error;
    }
    const { done, value } = next;
    if (done) break;
    total += value.length;
    if (total > limit) {
      clearTimeout(timer);
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  clearTimeout(timer);
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** True when a declared Content-Length already exceeds the limit (answer 413 before reading). */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > limit;
}

export const toWebResponse = (response: ReceiverResponse): Response =>
  new Response(response.body, { status: response.status, headers: response.headers });

/** Handles a Web `Request` and answers a `Response`. */
export async function handleWebRequest(receiver: WebhookReceiver, request: Request): Promise<Response> {
  if (declaredTooLarge(request.headers.get("content-length"), receiver.maxBodyBytes)) {
    return toWebResponse(receiver.tooLarge());
  }
  let body: Uint8Array | undefined;
  try {
    body = await readLimited(request.body, receiver.maxBodyBytes, receiver.bodyTimeoutMs);
  } catch (error) {
    if (error instanceof BodyTimeoutError) return toWebResponse(receiver.bodyTimedOut());
    throw error;
  }
  if (body === undefined) return toWebResponse(receiver.tooLarge());
  const url = new URL(request.url);
  const headers = request.headers;
  return toWebResponse(
    await receiver.handle({
      method: request.method,
      path: url.pathname,
      url: request.url,
      headers: (name) => headers.get(name) ?? undefined,
      body,
    }),
  );
}

/** `(request) => Promise<Response>`, the shape of Next.js route handlers, Bun/Deno `fetch` and Workers. */
export function toFetchHandler(receiver: WebhookReceiver): (request: Request) => Promise<Response> {
  return (request) => handleWebRequest(receiver, request);
}

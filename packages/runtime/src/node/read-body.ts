/** Raw-body reading for Node request streams, bounded by the receiver's `maxBodyBytes` and `bodyTimeoutMs`. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { ReceiverResponse } from "../webhooks/errors.js";
import type { HeaderReader } from "../webhooks/signatures/types.js";
import { BodyTimeoutError, declaredTooLarge } from "../webhooks/web.js";

export { BodyTimeoutError };

/**
 * After a refused oversized body, the rest is read and discarded up to this many bytes (or
 * `DRAIN_MS`), so that the client, still writing, can read the 413 instead of a connection reset;
 * past either bound the connection is destroyed.
 */
export const DRAIN_BYTES = 64 * 1024 * 1024;
export const DRAIN_MS = 10_000;

/** Reads and discards the rest of a request within the drain bounds, then lets the connection go. */
export function drainNodeRequest(request: IncomingMessage, maxBytes = DRAIN_BYTES, maxMs = DRAIN_MS): void {
  if (request.readableEnded) return;
  let drained = 0;
  const stop = () => {
    clearTimeout(timer);
    request.off("data", onData);
    request.off("end", done);
    request.off("error", done);
  };
  const done = () => stop();
  const giveUp = () => {
    stop();
    request.socket?.destroy();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxBytes) giveUp();
  };
  const timer = setTimeout(giveUp, maxMs);
  timer.unref?.();
  request.on("data", onData);
  request.on("end", done);
  request.on("error", done);
  request.resume();
}

export interface ReadNodeBodyOptions {
  /** Time for the whole body; past it the promise rejects with `BodyTimeoutError`. */
  timeoutMs?: number;
}

/**
 * Resolves with the body, or `undefined` as soon as it exceeds `limit` (the rest is drained within
 * bounds); rejects with `BodyTimeoutError` when it does not arrive within `timeoutMs`.
 */
export function readNodeBody(
  request: IncomingMessage,
  limit: number,
  options: ReadNodeBodyOptions = {},
): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) =>
    readNodeBodyThen(request, limit, options.timeoutMs, resolve, reject),
  );
}

/**
 * `readNodeBody` with callbacks: the node:http adapter answers in the turn the body ends, with no
 * promise per request. `onBody` gets the body, or `undefined` when it exceeds `limit`; `onError`
 * a stream error or a `BodyTimeoutError`. Exactly one of them is called, once.
 */
export function readNodeBodyThen(
  request: IncomingMessage,
  limit: number,
  timeoutMs: number | undefined,
  onBody: (body: Uint8Array | undefined) => void,
  onError: (error: Error) => void,
): void {
  if (declaredTooLarge(request.headers["content-length"], limit)) {
    drainNodeRequest(request);
    onBody(undefined);
    return;
  }
  // Nothing left to read (no body was sent, or a framework already drained an empty one).
  if (request.readableEnded) {
    onBody(new Uint8Array(0));
    return;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const onData = (chunk: Buffer) => {
    total += chunk.length;
    if (total > limit) {
      cleanup();
      drainNodeRequest(request);
      onBody(undefined);
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    cleanup();
    onBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
  };
  const onStreamError = (error: Error) => {
    cleanup();
    onError(error);
  };
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          cleanup();
          onError(new BodyTimeoutError(timeoutMs));
        }, timeoutMs);
  const cleanup = () => {
    if (timer !== undefined) clearTimeout(timer);
    request.off("data", onData);
    request.off("end", onEnd);
    request.off("error", onStreamError);
  };
  request.on("data", onData);
  request.on("end", onEnd);
  request.on("error", onStreamError);
}

export function nodeHeaderReader(headers: IncomingHttpHeaders): HeaderReader {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
}

export const pathOf = (url: string | undefined): string => {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  return q < 0 ? raw : raw.slice(0, q);
};

// Most answers are the receiver's shared constants (`delivered`, `duplicate`...): their header sets,
// content length included, are built once per answer object instead of once per delivery.
const preparedHeaders = new WeakMap<ReceiverResponse, Readonly<Record<string, string | number>>>();

function headersOf(answer: ReceiverResponse): Readonly<Record<string, string | number>> {
  let headers = preparedHeaders.get(answer);
  if (headers === undefined) {
    headers = { ...answer.headers, "content-length": Buffer.byteLength(answer.body) };
    preparedHeaders.set(answer, headers);
  }
  return headers;
}

export function sendNodeResponse(response: ServerResponse, answer: ReceiverResponse, close = false): void {
  // After a refused oversized body the connection is closed rather than draining what is left of it.
  const headers = close ? { ...headersOf(answer), connection: "close" } : headersOf(answer);
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

/**
 * The request URL as the server saw it: `http`/`https` from the socket, the `Host` header, the path
 * and query. `X-Forwarded-*` headers are not read (anyone can send them): behind a proxy, set the
 * receiver's `publicUrl`.
 */
export function nodeRequestUrl(request: IncomingMessage, rawUrl: string | undefined = request.url): string {
  const encrypted = (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const host = request.headers.host ?? "localhost";
  return `${encrypted ? "https" : "http"}://${host}${rawUrl ?? "/"}`;
}

/** Raw-body reading for Node request streams, bounded by the receiver's `maxBodyBytes` and `bodyTimeoutMs`. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { ReceiverResponse } from "../webhooks/errors.js";
import type { HeaderReader } from "../webhooks/signatures/types.js";
import { BodyTimeoutError, declaredTooLarge } from "../webhooks/web.js";
import { Deadline, expireAfter } from "./body-deadlines.js";

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
  new NodeBodyRead(request, limit, timeoutMs, onBody, onError);
}

/**
 * One body being read. On the common path (the whole body arrives in time) its listeners stay on
 * the ended request instead of being taken off one by one: `settled` makes them inert, and the error
 * listener left on keeps a late stream error from being thrown as unhandled.
 */
class NodeBodyRead extends Deadline {
  #chunks: Buffer[] = [];
  #total = 0;
  #settled = false;

  constructor(
    private readonly request: IncomingMessage,
    private readonly limit: number,
    private readonly timeoutMs: number | undefined,
    private readonly onBody: (body: Uint8Array | undefined) => void,
    private readonly onError: (error: Error) => void,
  ) {
    super();
    request.on("data", this.#onData);
    request.on("end", this.#onEnd);
    request.on("error", this.#onStreamError);
    if (timeoutMs !== undefined) expireAfter(timeoutMs, this);
  }

  #onData = (chunk: Buffer): void => {
    if (this.#settled) return;
    this.#total += chunk.length;
    if (this.#total > this.limit) {
      this.#stop();
      drainNodeRequest(this.request);
      this.onBody(undefined);
      return;
    }
    this.#chunks.push(chunk);
  };

  #onEnd = (): void => {
    if (this.#settled) return;
    this.#settled = true;
    this.finishDeadline();
    const chunks = this.#chunks;
    this.onBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#total));
  };

  #onStreamError = (error: Error): void => {
    if (this.#settled) return;
    this.#stop();
    this.onError(error);
  };

  expire(): void {
    if (this.#settled) return;
    this.#stop();
    this.onError(new BodyTimeoutError(this.timeoutMs!));
  }

  /** Off the request altogether: what is left of the body is drained or dropped by the caller. */
  #stop(): void {
    this.#settled = true;
    this.finishDeadline();
    this.request.off("data", this.#onData);
    this.request.off("end", this.#onEnd);
    this.request.off("error", this.#onStreamError);
  }
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

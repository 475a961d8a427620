/** Raw-body reading for Node request streams, bounded by the receiver's `maxBodyBytes`. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { ReceiverResponse } from "../webhooks/errors.js";
import type { HeaderReader } from "../webhooks/signatures/types.js";
import { declaredTooLarge } from "../webhooks/web.js";

/** Resolves with the body, or `undefined` as soon as it exceeds `limit` (the rest is discarded). */
export function readNodeBody(request: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  if (declaredTooLarge(request.headers["content-length"], limit)) {
    request.resume();
    return Promise.resolve(undefined);
  }
  // Nothing left to read (no body was sent, or a framework already drained an empty one).
  if (request.readableEnded) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
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

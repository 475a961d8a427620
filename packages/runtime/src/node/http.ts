/** node:http adapter: `http.createServer(toNodeListener(receiver))` or as Connect-style middleware. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { WebhookReceiver } from "../webhooks/receiver.js";
import { useNodeCrypto } from "./crypto.js";
import {
  BodyTimeoutError,
  nodeHeaderReader,
  nodeRequestUrl,
  pathOf,
  readNodeBody,
  sendNodeResponse,
} from "./read-body.js";

export interface NodeAdapterOptions {
  /**
   * Only requests whose path equals this (or starts with it followed by `/`, for path routing) are
   * handled; others go to `next` (middleware) or get 404 (plain listener). Default: every request.
   */
  path?: string;
}

export type NodeMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

export function matchesPath(path: string, mount: string | undefined): boolean {
  if (mount === undefined) return true;
  const base = mount.endsWith("/") && mount.length > 1 ? mount.slice(0, -1) : mount;
  return path === base || path.startsWith(`${base}/`);
}

/** Reads, handles and answers one request whose body stream is still unread. */
export async function handleNodeRequest(
  receiver: WebhookReceiver,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawUrl: string | undefined = request.url,
) {
  let body: Uint8Array | undefined;
  try {
    body = await readNodeBody(request, receiver.maxBodyBytes, { timeoutMs: receiver.bodyTimeoutMs });
  } catch (error) {
    if (!(error instanceof BodyTimeoutError)) throw error;
    // The rest may never come: answer, then let the connection go.
    sendNodeResponse(response, receiver.bodyTimedOut(), true);
    response.once("finish", () => request.socket?.destroySoon?.());
    return;
  }
  if (body === undefined) {
    sendNodeResponse(response, receiver.tooLarge(), true);
    return;
  }
  const answer = await receiver.handle({
    method: request.method ?? "POST",
    path,
    url: nodeRequestUrl(request, rawUrl),
    headers: nodeHeaderReader(request.headers),
    body,
  });
  sendNodeResponse(response, answer);
}

export function toNodeMiddleware(
  receiver: WebhookReceiver,
  options: NodeAdapterOptions = {},
): NodeMiddleware {
  useNodeCrypto();
  return (request, response, next) => {
    const path = pathOf(request.url);
    if (!matchesPath(path, options.path)) {
      if (next) next();
      else
        sendNodeResponse(response, {
          status: 404,
          headers: { "content-type": "text/plain" },
          body: "Not Found",
        });
      return;
    }
    handleNodeRequest(receiver, request, response, path).catch(() => {
      // Only a broken request stream (client gone mid-body) gets here: the receiver never throws.
      if (!response.headersSent) {
        sendNodeResponse(
          response,
          { status: 400, headers: { "content-type": "text/plain" }, body: "Bad Request" },
          true,
        );
      }
    });
  };
}

/** A `(req, res)` listener for `http.createServer`. */
export const toNodeListener = (receiver: WebhookReceiver, options: NodeAdapterOptions = {}) => {
  const middleware = toNodeMiddleware(receiver, options);
  return (request: IncomingMessage, response: ServerResponse) => middleware(request, response);
};

/** node:http adapter: `http.createServer(toNodeListener(receiver))` or as Connect-style middleware. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReceiverResponse } from "../webhooks/errors.js";
import { receiverPipeline, type WebhookReceiver } from "../webhooks/receiver.js";
import type { IncomingDelivery } from "../webhooks/receiver-types.js";
import { useNodeCrypto } from "./crypto.js";
import {
  BodyTimeoutError,
  nodeHeaderReader,
  nodeRequestUrl,
  pathOf,
  readNodeBodyThen,
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
export function handleNodeRequest(
  receiver: WebhookReceiver,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawUrl: string | undefined = request.url,
): Promise<void> {
  return new Promise((resolve, reject) =>
    serveNodeRequest(receiver, immediateHandle(receiver), request, response, path, rawUrl, resolve, reject),
  );
}

const nothing = () => {};

type Handle = (delivery: IncomingDelivery) => ReceiverResponse | Promise<ReceiverResponse>;

/** The receiver's promise-free `handle` when it has one (made by `createReceiver`), else its `handle`. */
function immediateHandle(receiver: WebhookReceiver): Handle {
  return receiverPipeline(receiver)?.handle ?? ((delivery) => receiver.handle(delivery));
}

/**
 * `handleNodeRequest` with callbacks: `done` once the answer is written, `failed` when the request
 * stream broke (the receiver itself never throws; without `failed` that is answered 400). A delivery
 * whose handling needs no promise is answered in the turn its body ended.
 */
function serveNodeRequest(
  receiver: WebhookReceiver,
  handle: Handle,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawUrl: string | undefined,
  done: () => void = nothing,
  failed: (error: unknown) => void = () => answerBrokenRequest(response),
): void {
  const answer = (answered: ReceiverResponse) => {
    try {
      sendNodeResponse(response, answered);
    } catch (error) {
      failed(error);
      return;
    }
    done();
  };
  const onBody = (body: Uint8Array | undefined) => {
    if (body === undefined) {
      sendNodeResponse(response, receiver.tooLarge(), true);
      done();
      return;
    }
    let handling: ReceiverResponse | Promise<ReceiverResponse>;
    try {
      handling = handle({
        method: request.method ?? "POST",
        path,
        url: nodeRequestUrl(request, rawUrl),
        headers: nodeHeaderReader(request.headers),
        body,
      });
    } catch (error) {
      failed(error);
      return;
    }
    if (typeof (handling as Partial<PromiseLike<ReceiverResponse>>).then === "function")
      (handling as PromiseLike<ReceiverResponse>).then(answer, failed);
    else answer(handling as ReceiverResponse);
  };
  const onError = (error: Error) => {
    if (!(error instanceof BodyTimeoutError)) {
      failed(error);
      return;
    }
    // The rest may never come: answer, then let the connection go.
    sendNodeResponse(response, receiver.bodyTimedOut(), true);
    response.once("finish", () => request.socket?.destroySoon?.());
    done();
  };
  readNodeBodyThen(request, receiver.maxBodyBytes, receiver.bodyTimeoutMs, onBody, onError);
}

export function toNodeMiddleware(
  receiver: WebhookReceiver,
  options: NodeAdapterOptions = {},
): NodeMiddleware {
  useNodeCrypto();
  const handle = immediateHandle(receiver);
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
    serveNodeRequest(receiver, handle, request, response, path, request.url);
  };
}

/** Only a broken request stream (client gone mid-body) gets here: the receiver never throws. */
function answerBrokenRequest(response: ServerResponse): void {
  if (!response.headersSent) {
    sendNodeResponse(
      response,
      { status: 400, headers: { "content-type": "text/plain" }, body: "Bad Request" },
      true,
    );
  }
}

/** A `(req, res)` listener for `http.createServer`. */
export const toNodeListener = (receiver: WebhookReceiver, options: NodeAdapterOptions = {}) => {
  const middleware = toNodeMiddleware(receiver, options);
  return (request: IncomingMessage, response: ServerResponse) => middleware(request, response);
};

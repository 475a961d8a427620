/**
 * Express adapter. Signatures are computed on the exact bytes received, so the receiver needs the
 * raw body whatever body parsers the app installed:
 * - mounted before any body parser (or where none applies): it reads the stream itself;
 * - behind `express.raw()`: it uses the Buffer in `req.body`;
 * - behind `express.json({ verify: captureRawBody })` (or anything setting `req.rawBody`): it uses that.
 * A body already parsed without its bytes kept cannot be verified (re-serializing changes bytes):
 * that is answered 500 and reported to `onError` with the fix, rather than guessed at.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { WebhookReceiverError } from "../webhooks/errors.js";
import type { WebhookReceiver } from "../webhooks/receiver.js";
import { useNodeCrypto } from "./crypto.js";
import { handleNodeRequest } from "./http.js";
import { nodeHeaderReader, nodeRequestUrl, pathOf, sendNodeResponse } from "./read-body.js";

/** The parts of Express's request the adapter uses (no dependency on Express's types). */
interface ExpressLikeRequest extends IncomingMessage {
  originalUrl?: string;
  body?: unknown;
  rawBody?: unknown;
  _body?: boolean;
}

export type ExpressMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/** Pass as `verify` to `express.json()`/`express.text()`/`express.urlencoded()` to keep the raw bytes. */
export function captureRawBody(request: IncomingMessage, _response: ServerResponse, buffer: Buffer): void {
  (request as ExpressLikeRequest).rawBody = buffer;
}

function bufferedBody(request: ExpressLikeRequest): Uint8Array | undefined {
  if (request.rawBody instanceof Uint8Array) return request.rawBody;
  if (request.body instanceof Uint8Array) return request.body;
  return undefined;
}

/** `app.post("/webhooks", toExpressMiddleware(receiver))` or `app.use("/webhooks", …)`. */
export function toExpressMiddleware(receiver: WebhookReceiver): ExpressMiddleware {
  useNodeCrypto();
  return (incoming, response, next) => {
    const request = incoming as ExpressLikeRequest;
    const path = pathOf(request.originalUrl ?? request.url);
    const buffered = bufferedBody(request);
    const consumed = request._body === true || request.readableEnded;
    const run = async () => {
      if (buffered !== undefined) {
        if (buffered.length > receiver.maxBodyBytes) return sendNodeResponse(response, receiver.tooLarge());
        const answer = await receiver.handle({
          method: request.method ?? "POST",
          path,
          url: nodeRequestUrl(request, request.originalUrl ?? request.url),
          headers: nodeHeaderReader(request.headers),
          body: buffered,
        });
        return sendNodeResponse(response, answer);
      }
      if (consumed && Number(request.headers["content-length"] ?? 1) !== 0) {
        const error = new WebhookReceiverError(
          "internal_error",
          "a body parser consumed the webhook body before the receiver and kept no raw bytes: mount the receiver " +
            "before express.json(), or use express.json({ verify: captureRawBody })",
        );
        return sendNodeResponse(response, receiver.reject(error));
      }
      return handleNodeRequest(receiver, request, response, path, request.originalUrl ?? request.url);
    };
    run().catch(next);
  };
}

/**
 * Fastify adapter, as an encapsulated plugin: inside it, every content type is handed over as the
 * raw stream (so signatures see the exact bytes and the receiver enforces its own size limit); the
 * rest of the app keeps its JSON parsing.
 *
 *   app.register(fastifyWebhooks(receiver), { prefix: "/webhooks" })
 */
import type { IncomingMessage } from "node:http";
import type { WebhookReceiver } from "../webhooks/receiver.js";
import { useNodeCrypto } from "./crypto.js";
import { BodyTimeoutError, nodeHeaderReader, nodeRequestUrl, pathOf, readNodeBody } from "./read-body.js";

/** The parts of Fastify's API the plugin uses (no dependency on Fastify's types). */
interface FastifyLikeReply {
  code(status: number): FastifyLikeReply;
  headers(values: Record<string, string>): FastifyLikeReply;
  send(payload: string): FastifyLikeReply;
}
interface FastifyLikeRequest {
  raw: IncomingMessage;
  body?: unknown;
  url: string;
  method: string;
}
interface FastifyLikeInstance {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    type: string,
    parser: (
      request: unknown,
      payload: IncomingMessage,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): void;
  route(options: {
    method: string[];
    url: string;
    handler: (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown>;
  }): unknown;
}

export interface FastifyWebhooksOptions {
  /** Route inside the plugin's prefix. Default `/`. For path routing use e.g. `/*`. */
  url?: string;
  /** Default `POST` (and `GET` when the signature scheme answers GET handshakes: Meta, Dropbox). */
  methods?: string[];
}

export type FastifyPlugin = (instance: FastifyLikeInstance, _options: unknown) => Promise<void>;

export function fastifyWebhooks(
  receiver: WebhookReceiver,
  options: FastifyWebhooksOptions = {},
): FastifyPlugin {
  useNodeCrypto();
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    // The body stays a stream; the handler reads it within the receiver's limit.
    instance.addContentTypeParser("*", (_request, payload, done) => done(null, payload));
    instance.route({
      // GET too when the scheme answers GET handshakes (Meta, Dropbox).
      method: options.methods ?? (receiver.answersGetHandshakes ? ["GET", "POST"] : ["POST"]),
      url: options.url ?? "/",
      handler: async (request, reply) => {
        // The parser above made the body the (possibly hook-transformed) request stream.
        const stream = isStream(request.body) ? request.body : request.raw;
        let body: Uint8Array | undefined;
        try {
          body = await readNodeBody(stream, receiver.maxBodyBytes, { timeoutMs: receiver.bodyTimeoutMs });
        } catch (error) {
          if (!(error instanceof BodyTimeoutError)) throw error;
          const timedOut = receiver.bodyTimedOut();
          return reply.code(timedOut.status).headers(timedOut.headers).send(timedOut.body);
        }
        const answer =
          body === undefined
            ? receiver.tooLarge()
            : await receiver.handle({
                method: request.method,
                path: pathOf(request.url),
                url: nodeRequestUrl(request.raw, request.url),
                headers: nodeHeaderReader(request.raw.headers),
                body,
              });
        return reply.code(answer.status).headers(answer.headers).send(answer.body);
      },
    });
  };
}

const isStream = (value: unknown): value is IncomingMessage =>
  value !== null && typeof value === "object" && typeof (value as { on?: unknown }).on === "function";

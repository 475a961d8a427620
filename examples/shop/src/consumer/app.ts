/**
 * The consumer: the generated webhook receiver (handlers in ./handlers, which the
 * consumer owns) served on node:http, and the generated client its handlers' `event.links` call.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeListener } from "@contract/runtime/node";
import { createClient } from "../../generated/consumer/client.js";
import { createWebhookReceiver } from "../../generated/consumer/webhooks.js";
import { handlers } from "./handlers/index.js";
import { type ConsumerServices, provideServices } from "./services.js";

export interface ConsumerOptions {
  host?: string;
  port?: number;
  /** Base URL of the provider's API, e.g. http://127.0.0.1:4010/v1. */
  apiUrl: string;
  apiToken: string;
  webhookSecret: string;
  log?: (line: string) => void;
}

export interface Consumer {
  /** Where the provider delivers webhooks. */
  webhookUrl: string;
  services: ConsumerServices;
  close(): Promise<void>;
}

export async function startConsumer(options: ConsumerOptions): Promise<Consumer> {
  const api = createClient({
    baseUrl: options.apiUrl,
    throwOnError: true,
    auth: { bearerAuth: options.apiToken },
  });
  const services: ConsumerServices = { api, paid: [], cancelled: [], log: options.log ?? (() => {}) };
  provideServices(services);
  const receiver = createWebhookReceiver({
    secret: options.webhookSecret,
    handlers,
    // What `event.links` call: the follow-ups the contract declares on each webhook.
    client: api,
    onError: (error) => services.log(`webhook turned away: ${error.status} ${error.message}`),
  });
  const server = createServer(toNodeListener(receiver, { path: "/webhooks" }));
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://${options.host ?? "127.0.0.1"}:${port}/webhooks`,
    services,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

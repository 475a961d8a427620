/**
 * The provider: the shop's API server plus the generated webhook sender. Paying an order captures
 * a payment and pushes `order.paid`; the event carries ids only, consumers call the API for details.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createWebhookSender,
  type WebhookSender,
  type WebhookSenderOptions,
} from "../../generated/provider/sender.js";
import { createApiHandler } from "./api.js";
import { newId, type Order, type Payment, ShopStore } from "./store.js";

export interface ProviderOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Bearer token consumers must send to the API. */
  apiToken: string;
  /** The consumer's webhook endpoint; a function when it is known only later. */
  webhookUrl: string | (() => string);
  webhookSecret: string;
  /** Sender settings (retries, fetch…) for tests and tuning. */
  sender?: Partial<WebhookSenderOptions>;
}

export interface Provider {
  url: string;
  store: ShopStore;
  sender: WebhookSender;
  /** Captures the payment of a pending order and announces it with `order.paid`. */
  payOrder(
    orderId: string,
  ): Promise<{ order: Order; payment: Payment; delivery: Awaited<ReturnType<WebhookSender["send"]>> }>;
  close(): Promise<void>;
}

export async function startProvider(options: ProviderOptions): Promise<Provider> {
  const store = new ShopStore();
  const webhookUrl = options.webhookUrl;
  const sender = createWebhookSender({
    secret: options.webhookSecret,
    resolveEndpoint: () => (typeof webhookUrl === "function" ? webhookUrl() : webhookUrl),
    // The example's consumer listens on 127.0.0.1; a real provider keeps private targets refused.
    allowPrivateTargets: true,
    ...options.sender,
  });
  const event = () => ({ id: newId("evt"), created_at: new Date().toISOString() });
  const server = createServer(
    createApiHandler(store, options.apiToken, {
      onCancelled: async (order, reason) => {
        await sender.sendOrderCancelled({
          type: "order.cancelled",
          ...event(),
          data: { order_id: order.id, reason },
        });
      },
    }),
  );
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/v1`,
    store,
    sender,
    async payOrder(orderId) {
      const { order, payment } = store.pay(orderId);
      const delivery = await sender.sendOrderPaid({
        type: "order.paid",
        ...event(),
        data: {
          order_id: order.id,
          payment_id: payment.id,
          amount: payment.amount.amount,
          currency: payment.amount.currency,
        },
      });
      return { order, payment, delivery };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Created by contract 0.1.0 (webhooks generator).
 * This file is yours to edit: `contract gen` never overwrites it.
 */

import type { WebhookEvent } from "../../../generated/consumer/webhooks.js";
import { services } from "../services.js";

/**
 * Webhook "order.paid".
 * An order was paid
 *
 * Runs once per authentic delivery (duplicates are dropped). Throwing makes the receiver answer 500,
 * so the sender retries. Unless the drift policy is `reject`, check `event.validation` before
 * trusting `event.payload` beyond what you use.
 */
export async function handleOrderPaid(event: WebhookEvent<"order.paid">): Promise<void> {
  // The event carries ids only: the API has the details, and is the source of truth.
  const { api, paid, log } = services();
  const { order_id, payment_id } = event.payload.data;
  const [order, payment] = await Promise.all([
    api.getOrder({ path: { orderId: order_id } }),
    api.getPayment({ path: { paymentId: payment_id } }),
  ]);
  if (payment.data.status !== "captured") throw new Error(`payment ${payment_id} is ${payment.data.status}`);
  paid.push({ deliveryId: event.deliveryId, order: order.data, payment: payment.data });
  const total = `${(order.data.total.amount / 100).toFixed(2)} ${order.data.total.currency}`;
  log(
    `order ${order.data.id} paid: ${total} in ${order.data.items.length} item(s), payment ${payment.data.id} ${payment.data.status}`,
  );
}

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
export async function handleOrderPaid(event: WebhookEvent<"order.paid", true>): Promise<void> {
  // The event carries ids only: the API has the details, and is the source of truth. The contract
  // says which calls follow (links on the webhook's response), so no parameters are built here.
  const { paid, log } = services();
  const [order, payment] = await Promise.all([event.links.order(), event.links.payment()]);
  if (payment.data.status !== "captured")
    throw new Error(`payment ${payment.data.id} is ${payment.data.status}`);
  paid.push({ deliveryId: event.deliveryId, order: order.data, payment: payment.data });
  const total = `${(order.data.total.amount / 100).toFixed(2)} ${order.data.total.currency}`;
  log(
    `order ${order.data.id} paid: ${total} in ${order.data.items.length} item(s), payment ${payment.data.id} ${payment.data.status}`,
  );
}

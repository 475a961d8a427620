/**
 * Created by contract 0.1.0 (webhooks generator).
 * This file is yours to edit: `contract gen` never overwrites it.
 */

import type { WebhookEvent } from "../../../generated/consumer/webhooks.js";
import { services } from "../services.js";

/**
 * Webhook "order.shipped".
 * An order was shipped
 *
 * Runs once per authentic delivery (duplicates are dropped). Throwing makes the receiver answer 500,
 * so the sender retries. Unless the drift policy is `reject`, check `event.validation` before
 * trusting `event.payload` beyond what you use.
 */
export async function handleOrderShipped(event: WebhookEvent<"order.shipped", true>): Promise<void> {
  const { log } = services();
  // The link the contract declares (by operationRef): GET /orders/{orderId} with the payload's order_id.
  const order = await event.links.order();
  const { carrier, tracking_number } = event.payload.data;
  log(
    `order ${order.data.id} shipped by ${carrier} (${tracking_number}): ${order.data.items.length} item(s)`,
  );
}

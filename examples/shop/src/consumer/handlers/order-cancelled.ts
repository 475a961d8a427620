/**
 * Created by contract 0.1.0 (webhooks generator).
 * This file is yours to edit: `contract gen` never overwrites it.
 */

import type { WebhookEvent } from "../../../generated/consumer/webhooks.js";
import { services } from "../services.js";

/**
 * Webhook "order.cancelled".
 * An order was cancelled
 *
 * Runs once per authentic delivery (duplicates are dropped). Throwing makes the receiver answer 500,
 * so the sender retries. Unless the drift policy is `reject`, check `event.validation` before
 * trusting `event.payload` beyond what you use.
 */
export async function handleOrderCancelled(event: WebhookEvent<"order.cancelled">): Promise<void> {
  const { cancelled, log } = services();
  cancelled.push(event.payload.data.order_id);
  log(
    `order ${event.payload.data.order_id} cancelled${event.payload.data.reason ? `: ${event.payload.data.reason}` : ""}`,
  );
}

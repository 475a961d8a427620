/**
 * Created by contract 0.1.0 (webhooks generator).
 * This file is yours to edit: `contract gen` never overwrites it.
 */

import type { WebhookHandlers } from "../../../generated/consumer/webhooks.js";
import { handleOrderCancelled } from "./order-cancelled.js";
import { handleOrderPaid } from "./order-paid.js";
import { handleOrderShipped } from "./order-shipped.js";

/**
 * Every handler, by webhook name. `contract gen` adds the handlers of new webhooks here. Typed for
 * the throwing client the consumer passes to the receiver: `event.links` resolve to success results.
 */
export const handlers: WebhookHandlers<true> = {
  "order.paid": handleOrderPaid,
  "order.cancelled": handleOrderCancelled,
  "order.shipped": handleOrderShipped,
};

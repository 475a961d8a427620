/**
 * The typed webhook sender's runtime (for API providers): validates, signs with the same scheme
 * code the receiver verifies with, and delivers with bounded retries. Web platform APIs only.
 */
export { createWebhookSender, defaultMessageId, type WebhookSender } from "./create.js";
export { type DeliveryPlan, deliver } from "./deliver.js";
export type * from "./types.js";

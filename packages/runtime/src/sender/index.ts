/**
 * The typed webhook sender's runtime (for API providers): validates, signs with the same scheme
 * code the receiver verifies with, and delivers with bounded retries. Web platform APIs only.
 */
export { createWebhookSender, defaultMessageId, SCHEDULES, type WebhookSender } from "./create.js";
export { type DeliveryPlan, deliver, MAX_RESPONSE_BYTES } from "./deliver.js";
export { addressProblem, defaultLookup, type HostLookup, targetProblem } from "./targets.js";
export type * from "./types.js";

/**
 * The typed webhook sender's runtime (for API providers): validates, signs with the same scheme
 * code the receiver verifies with, and delivers with bounded retries. Web platform APIs, and on Node
 * node:http (imported on first use) so that the address each connection goes to is checked.
 */
export { createWebhookSender, defaultMessageId, SCHEDULES, type WebhookSender } from "./create.js";
export { type DeliveryPlan, deliver } from "./deliver.js";
export { addressProblem, defaultLookup, type HostLookup, targetProblem } from "./targets.js";
export {
  type Answer,
  MAX_RESPONSE_BYTES,
  type OutgoingPost,
  RefusedTargetError,
  type Transport,
} from "./transport.js";
export type * from "./types.js";

export * from "./dead-letters.js";
export * from "./dedupe.js";
export * from "./delivery-worker.js";
export * from "./inspect.js";
export * from "./outbox.js";
export {
  BATCH_JOB_NAME,
  bodyOf,
  DEFAULT_QUEUE_NAME,
  DELIVERY_JOB_NAME,
  deliveryKeyOf,
  deliveryOf,
  jobIdOf,
  type QueueConnection,
  type QueuedDelivery,
  type QueuedJobData,
} from "./queued-delivery.js";
export * from "./queued-receiver.js";
export { type BodiesClient, type BodyReference, type InlineBody, loadBodies } from "./raw-bodies.js";
export {
  type BodiesSweepOptions,
  type BodiesSweepResult,
  MIN_SWEEP_WINDOW_MS,
  sweepOrphanedBodies,
} from "./sweep-bodies.js";
export * from "./token-store.js";

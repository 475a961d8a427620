export * from "./dedupe.js";
export * from "./inspect.js";
export * from "./outbox.js";
export * from "./queue.js";
export { type BodiesClient, type BodyReference, type InlineBody, loadBodies } from "./raw-bodies.js";
export {
  type BodiesSweepOptions,
  type BodiesSweepResult,
  MIN_SWEEP_WINDOW_MS,
  sweepOrphanedBodies,
} from "./sweep-bodies.js";

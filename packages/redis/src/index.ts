export * from "./dedupe.js";
export * from "./inspect.js";
export * from "./outbox.js";
export * from "./queue.js";
export { type BodiesClient, type BodyReference, type InlineBody, loadBodies } from "./raw-bodies.js";
export { type BodiesSweepOptions, type BodiesSweepResult, sweepOrphanedBodies } from "./sweep-bodies.js";

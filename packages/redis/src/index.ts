export * from "./dedupe.js";
export * from "./outbox.js";
export * from "./queue.js";

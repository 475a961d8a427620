export * from "./dedupe.js";
export * from "./inspect.js";
export * from "./outbox.js";
export * from "./queue.js";

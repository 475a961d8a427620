export * from "./dedupe.js";
export * from "./queue.js";

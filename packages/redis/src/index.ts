export * from "./dedupe.js";

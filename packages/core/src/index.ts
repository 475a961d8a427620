export * from "./diagnostics.js";
export * from "./ir.js";
export * from "./load/index.js";
export * from "./normalize/index.js";
export * from "./openapi.js";
export * from "./pointer.js";
export * from "./validate/index.js";

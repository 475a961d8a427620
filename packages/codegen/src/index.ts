export * from "./generator.js";

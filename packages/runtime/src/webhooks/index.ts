/**
 * Webhook receiver core (transport-agnostic, Web platform APIs only) and the Web `Request →
 * Response` adapter. Node adapters live in `@contract/runtime/node`.
 */
export * from "./bytes.js";
export * from "./dedupe.js";
export * from "./drift.js";
export * from "./errors.js";
export * from "./hmac.js";
export * from "./json.js";
export * from "./links.js";
export * from "./media-type.js";
export * from "./receiver.js";
export * from "./router.js";
export * from "./signatures/index.js";
export * from "./unwrap.js";
export * from "./web.js";

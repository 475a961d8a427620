/** Node-only webhook adapters: node:http, Express, Fastify (and `node:crypto` for HMAC). */
export * from "./crypto.js";
export * from "./express.js";
export * from "./fastify.js";
export * from "./http.js";
export { DRAIN_BYTES, DRAIN_MS, drainNodeRequest, nodeHeaderReader, readNodeBody } from "./read-body.js";

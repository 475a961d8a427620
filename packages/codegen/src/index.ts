export * from "./generator.js";
export * from "./generators/index.js";
export { type WebhookModel, webhookModels } from "./generators/webhooks/model.js";
// How a generated receiver tells webhooks apart when the config does not say: `contract verify
// --listen` identifies deliveries the same way.
export { detectRoute, type RouteDetection } from "./generators/webhooks/route-detect.js";
export { generatedHeader, type HeaderInfo, scaffoldHeader } from "./header.js";
export {
  type GenerateContractOptions,
  generateContract,
  type LoadedDocument,
  plannedGenerators,
  type StageTiming,
} from "./pipeline.js";
export { CODEGEN_VERSION } from "./version.js";
export { MANIFEST_FILE, type WriteOptions, type WriteReport, writeFiles } from "./writer/index.js";

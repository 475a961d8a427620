export * from "./generator.js";
export * from "./generators/index.js";
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

export type {
  Finding,
  FindingRequest,
  FindingSubject,
  VerifyReport,
} from "./findings/finding.js";
export * from "./webhooks/index.js";

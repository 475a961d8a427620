export type {
  Finding,
  FindingRequest,
  FindingSubject,
  VerifyReport,
} from "./findings/finding.js";

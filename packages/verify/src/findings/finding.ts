/**
 * A finding is one way a running system broke its contract. Every check of this package reports
 * through this one shape, so the formatters (human, json, github, junit) serve all of them.
 */
import type { SourceLocation } from "@contract/core";

/** Which side of the contract was checked. */
export type FindingSubject = "paths" | "webhook-receiver" | "webhook-sender";

export interface FindingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as sent (text), when there was one. */
  body?: string;
  /** A shell command that sends the same request again. */
  curl: string;
}

export interface Finding {
  subject: FindingSubject;
  /** Stable rule code, e.g. `undeclared-status`, `response-schema`, `accepted-invalid-request`. */
  rule: string;
  severity: "error" | "warning";
  /** operationId, or `METHOD /path` when the operation has none; the webhook name for webhooks. */
  operation: string;
  message: string;
  /** The request that showed it (for paths and receiver checks). */
  request?: FindingRequest;
  /** The status the system answered, when it answered. */
  status?: number;
  /** JSON pointer into the response body (paths) or the delivery payload (webhooks). */
  instancePointer?: string;
  /** JSON pointer into the spec: the schema or response object that was broken. */
  specPointer?: string;
  /** Where `specPointer` is in the spec's files, when the loader knows. */
  specLocation?: SourceLocation;
}

/** What one verify run did, for the summary line and the machine formats. */
export interface VerifyReport {
  findings: Finding[];
  /** Requests (or deliveries) sent or received. */
  exchanges: number;
  /** Operations or webhooks covered. */
  checked: string[];
  /** Operations or webhooks skipped, with why (filtered out, no way to build a request, …). */
  skipped: { operation: string; reason: string }[];
}

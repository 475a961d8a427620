/**
 * The vocabulary of `diff`: a change between two versions of a contract, judged from the point of
 * view of the contract's consumer (the API client for `paths`, the receiver for `webhooks`).
 */
import type { SourceLocation } from "../diagnostics.js";
import type { HttpMethod } from "../ir.js";
import type { OpenApiDocument } from "../openapi.js";

/** `breaking`: existing consumers fail; `warning`: they may fail; `info`: they keep working. */
export type ChangeSeverity = "breaking" | "warning" | "info";
export const CHANGE_SEVERITIES: readonly ChangeSeverity[] = ["breaking", "warning", "info"];

/** One side of a change: where it sits in that version's bundled document. */
export interface ChangeSide {
  /** JSON pointer into the bundled document. For something removed, the head side points at its former parent. */
  pointer: string;
  location?: SourceLocation;
}

/** An operation or webhook a change affects. */
export interface ChangeTarget {
  kind: "operation" | "webhook";
  /** `GET /pets/{id}` or `webhook pet.created`. */
  label: string;
  method: HttpMethod;
  /** Path template (operations) or webhook name (webhooks). */
  path?: string;
  name?: string;
  operationId?: string;
}

export interface Change {
  /** Stable rule code (see RULES); never renamed once released. */
  code: string;
  severity: ChangeSeverity;
  /** One line, plain text. */
  message: string;
  base?: ChangeSide;
  head?: ChangeSide;
  /**
   * Every operation and webhook that reaches the change. A change inside a shared component is
   * reported once, with all the operations that use it, rather than once per operation.
   */
  affects: ChangeTarget[];
}

/** What diff needs from a loaded spec: `LoadedSpec` fits, so does a bare document. */
export interface DiffInput {
  document: OpenApiDocument;
  locate?: (pointer: string) => SourceLocation | undefined;
}

export interface DiffResult {
  changes: Change[];
  counts: Record<ChangeSeverity, number>;
}

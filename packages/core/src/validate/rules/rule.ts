import type { Severity } from "../../diagnostics.js";
import type { ContractIR } from "../../ir.js";
import type { OpenApiDocument } from "../../openapi.js";
import type { DescriptionIndex } from "../description-index.js";
import type { OperationSite, PathItemSite } from "../walk.js";

/** What a rule reports; severity, code and source location are filled in by the runner. */
export interface RuleFinding {
  pointer: string;
  message: string;
}

export interface RuleContext {
  /** The bundled, 3.1-shaped document. */
  readonly document: OpenApiDocument;
  /** `openapi` as the author wrote it, before any upgrade (e.g. `3.0.3`). */
  readonly sourceVersion: string;
  /** The normalized IR, built on first use. */
  readonly ir: ContractIR;
  /** Every path item under `paths` and `webhooks`, `$ref`s followed (computed once). */
  readonly pathItems: readonly PathItemSite[];
  /** Every operation under `paths` and `webhooks`, `$ref`s followed (computed once). */
  readonly operations: readonly OperationSite[];
  /** `$ref`s, discriminators and servers of the whole description (one shared walk, on first use). */
  readonly index: DescriptionIndex;
}

export interface Rule {
  /** Stable identifier, printed with every finding; never renamed once released. */
  code: string;
  severity: Severity;
  /** One line for the docs: what the rule checks and why it matters. */
  description: string;
  check(context: RuleContext): Iterable<RuleFinding>;
}

/** "GET /pets/{id}" or "webhook `pet.created` (POST)": how findings name an operation. */
export function describeOperation(site: OperationSite): string {
  const method = site.method.toUpperCase();
  return site.kind === "operation" ? `${method} ${site.key}` : `webhook "${site.key}" (${method})`;
}

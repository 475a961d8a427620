/**
 * The checks on webhook links (Link Objects on a webhook's 2xx responses), one rule per finding
 * code so each can be listed, skipped and documented on its own. They share one pass over the
 * links (`webhookLinks`, cached per IR).
 */
import { type LinkFindingCode, webhookLinks } from "../../links/index.js";
import { resolveObject } from "../../normalize/refs.js";
import type { OpenApiDocument } from "../../openapi.js";
import { joinPointer } from "../../pointer.js";
import { asObject, type OperationSite } from "../walk.js";
import type { Rule } from "./rule.js";

/** Whether any webhook declares a link: spares large specs without links the IR these rules need. */
function anyWebhookLink(document: OpenApiDocument, operations: readonly OperationSite[]): boolean {
  return operations.some((site) => {
    if (site.kind !== "webhook") return false;
    const responses = asObject(site.operation.responses) ?? {};
    return Object.entries(responses).some(([status, value]) => {
      const response = resolveObject(
        document,
        value,
        joinPointer(site.operationPointer, "responses", status),
      );
      return asObject(response?.value.links) !== undefined;
    });
  });
}

function linkRule(code: LinkFindingCode, description: string): Rule {
  return {
    code,
    severity: "error",
    description,
    // `context.ir` is a getter that builds the IR: read it only when there are links to check.
    *check(context) {
      if (!anyWebhookLink(context.document, context.operations)) return;
      for (const finding of webhookLinks(context.ir).findings)
        if (finding.code === code) yield { pointer: finding.pointer, message: finding.message };
    },
  };
}

export const WEBHOOK_LINK_RULES: readonly Rule[] = [
  linkRule(
    "link-target-unknown",
    "A webhook link's operationId or operationRef must name an operation under `paths` of this document.",
  ),
  linkRule(
    "link-parameter-missing",
    "A webhook link must supply every required parameter (and a required request body) of its target.",
  ),
  linkRule("link-parameter-unknown", "A webhook link may only set parameters its target declares."),
  linkRule(
    "link-pointer-unknown",
    "Each `$request.body#/pointer` of a webhook link must exist in the webhook's payload schema (every alternative).",
  ),
  linkRule(
    "link-type-mismatch",
    "The value a webhook link passes must have a type the target's parameter (or body) schema accepts.",
  ),
  linkRule(
    "link-expression-invalid",
    "A webhook link reads the delivery: `$request.body#/pointer`, `$request.header.name`, constants, or `{$…}` in strings.",
  ),
];

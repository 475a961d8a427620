/**
 * The checks on webhook links (Link Objects on a webhook's 2xx responses), one rule per finding
 * code so each can be listed, skipped and documented on its own. They share one pass over the
 * links (`webhookLinks`, cached per IR).
 */
import { type LinkFindingCode, webhookLinks } from "../../links/index.js";
import type { Rule } from "./rule.js";

function linkRule(code: LinkFindingCode, description: string): Rule {
  return {
    code,
    severity: "error",
    description,
    *check({ ir }) {
      if (ir.webhooks.length === 0) return;
      for (const finding of webhookLinks(ir).findings)
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

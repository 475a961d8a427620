/**
 * A receiver definition for GitHub's webhooks spec as a user would write it (GitHub's signature,
 * routing by `X-GitHub-Event` + `action`), with ajv-compiled validators so that the tests do not
 * depend on codegen.
 */
import type { ContractIR } from "@contract/core";
import type { ReceiverDefinition } from "@contract/runtime/webhooks";
import { GITHUB_ROUTE } from "@contract/test-fixtures";
import { ajvWebhookLookup, webhookDescriptors } from "./ajv-lookup.js";

export function githubReceiverDefinition(ir: ContractIR): ReceiverDefinition {
  return {
    webhooks: webhookDescriptors(ir),
    validators: ajvWebhookLookup(ir),
    signature: "github",
    route: { ...GITHUB_ROUTE },
  };
}

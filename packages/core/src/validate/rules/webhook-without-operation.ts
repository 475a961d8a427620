import { HTTP_METHODS } from "../../ir.js";
import type { Rule } from "./rule.js";

export const webhookWithoutOperation: Rule = {
  code: "webhook-without-operation",
  severity: "warning",
  description:
    "A `webhooks` entry should describe at least one operation (usually `post`); otherwise nothing can be received for it.",
  *check({ pathItems }) {
    for (const site of pathItems) {
      if (site.kind !== "webhook") continue;
      if (HTTP_METHODS.some((m) => site.item[m] !== undefined)) continue;
      yield {
        pointer: site.entryPointer,
        message: `webhook "${site.key}" describes no operation (get, post, ...)`,
      };
    }
  },
};

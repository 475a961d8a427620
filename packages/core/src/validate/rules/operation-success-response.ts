import { joinPointer } from "../../pointer.js";
import { asObject } from "../walk.js";
import { describeOperation, type Rule } from "./rule.js";

const SUCCESS = /^2(?:\d\d|XX)$/i;
/** A download answered only by a redirect (`302` to a storage URL) succeeds for an HTTP client. */
const REDIRECT = /^3(?:\d\d|XX)$/i;

export const operationSuccessResponse: Rule = {
  code: "operation-success-response",
  severity: "warning",
  description:
    "An operation should declare a 2XX (or 3XX redirect, or `default`) response, or generated clients cannot type what success returns. Webhooks may omit responses (the receiver acknowledges with 2XX), but if they list some, one should be a 2XX.",
  *check({ operations }) {
    for (const site of operations) {
      const responses = asObject(site.operation.responses);
      const statuses = Object.keys(responses ?? {}).filter((s) => !s.startsWith("x-"));
      const succeeds = (s: string) =>
        s === "default" || SUCCESS.test(s) || (site.kind === "operation" && REDIRECT.test(s));
      if (statuses.some(succeeds)) continue;
      if (statuses.length === 0) {
        if (site.kind === "webhook") continue;
        yield { pointer: site.operationPointer, message: `${describeOperation(site)} declares no responses` };
        continue;
      }
      yield {
        pointer: joinPointer(site.operationPointer, "responses"),
        message:
          site.kind === "webhook"
            ? `${describeOperation(site)} lists no 2XX or default response, so receivers cannot tell how to acknowledge a delivery`
            : `${describeOperation(site)} declares no success (2XX), redirect (3XX) or default response`,
      };
    }
  },
};

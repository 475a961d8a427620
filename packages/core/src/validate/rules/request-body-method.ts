import { joinPointer } from "../../pointer.js";
import { describeOperation, type Rule } from "./rule.js";

const WITHOUT_BODY_SEMANTICS = new Set(["get", "head", "delete"]);

export const requestBodyMethod: Rule = {
  code: "request-body-method",
  severity: "warning",
  description:
    "GET, HEAD and DELETE requests have no defined body semantics (RFC 9110); many clients, proxies and servers drop the body.",
  *check({ operations }) {
    for (const site of operations) {
      if (!WITHOUT_BODY_SEMANTICS.has(site.method) || site.operation.requestBody === undefined) continue;
      yield {
        pointer: joinPointer(site.operationPointer, "requestBody"),
        message: `${describeOperation(site)} has a request body, which ${site.method.toUpperCase()} requests do not reliably carry`,
      };
    }
  },
};

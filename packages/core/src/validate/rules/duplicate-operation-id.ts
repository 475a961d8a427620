import { joinPointer } from "../../pointer.js";
import type { OperationSite } from "../walk.js";
import { describeOperation, type Rule, type RuleFinding } from "./rule.js";

export const duplicateOperationId: Rule = {
  code: "duplicate-operation-id",
  severity: "error",
  description:
    "operationIds must be unique across `paths` and `webhooks`: generated method and handler names come from them.",
  *check({ operations }) {
    const first = new Map<string, OperationSite>();
    const seen = new Set<string>();
    for (const site of operations) {
      const id = site.operation.operationId;
      if (typeof id !== "string") continue;
      // The same operation object reached twice (a path item `$ref`ed from two places) is not a duplicate.
      const key = `${id}\0${site.operationPointer}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, site);
        continue;
      }
      yield {
        pointer: joinPointer(site.operationPointer, "operationId"),
        message: `operationId "${id}" of ${describeOperation(site)} is already used by ${describeOperation(earlier)}`,
      } satisfies RuleFinding;
    }
  },
};

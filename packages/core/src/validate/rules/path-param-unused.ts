import { joinPointer } from "../../pointer.js";
import { parameterEntries, templateVariables } from "../parameters.js";
import { describeOperation, type Rule } from "./rule.js";

export const pathParamUnused: Rule = {
  code: "path-param-unused",
  severity: "error",
  description:
    "An `in: path` parameter must name a `{variable}` of its path template (webhooks have no path, so no path parameters).",
  *check({ document, pathItems, operations }) {
    for (const site of pathItems) {
      const variables = new Set(site.kind === "operation" ? templateVariables(site.key) : []);
      const where =
        site.kind === "operation"
          ? `the path template ${site.key}`
          : `webhook "${site.key}" (webhooks have no path)`;
      for (const p of parameterEntries(
        document,
        site.item.parameters,
        joinPointer(site.pointer, "parameters"),
      )) {
        if (p.in === "path" && !variables.has(p.name)) {
          yield { pointer: p.pointer, message: `path parameter "${p.name}" does not appear in ${where}` };
        }
      }
    }
    for (const site of operations) {
      const variables = new Set(site.kind === "operation" ? templateVariables(site.key) : []);
      const list = parameterEntries(
        document,
        site.operation.parameters,
        joinPointer(site.operationPointer, "parameters"),
      );
      for (const p of list) {
        if (p.in === "path" && !variables.has(p.name)) {
          yield {
            pointer: p.pointer,
            message: `path parameter "${p.name}" of ${describeOperation(site)} does not appear in its path template`,
          };
        }
      }
    }
  },
};

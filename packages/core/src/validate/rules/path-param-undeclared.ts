import { queryKeyVariables } from "../../path-key.js";
import { joinPointer } from "../../pointer.js";
import { parameterEntries, templateVariables } from "../parameters.js";
import { describeOperation, type Rule } from "./rule.js";

export const pathParamUndeclared: Rule = {
  code: "path-param-undeclared",
  severity: "error",
  description:
    "Every `{variable}` of a path template needs an `in: path` parameter, on the operation or its path item; otherwise no client can fill it in.",
  *check({ document, operations }) {
    for (const site of operations) {
      if (site.kind !== "operation") continue;
      const variables = templateVariables(site.key);
      if (variables.length === 0) continue;
      const parameters = [
        ...parameterEntries(document, site.item.parameters, joinPointer(site.pointer, "parameters")),
        ...parameterEntries(
          document,
          site.operation.parameters,
          joinPointer(site.operationPointer, "parameters"),
        ),
      ];
      const declared = new Set(parameters.filter((p) => p.in === "path").map((p) => p.name));
      // A variable of a query part written into the key (`/search?query={query}`) is path-key-query's
      // to report: it may be declared `in: query`, or nowhere, and is filled in either way.
      const inQueryPart = new Set(queryKeyVariables(site.key));
      for (const variable of new Set(variables)) {
        if (declared.has(variable) || inQueryPart.has(variable)) continue;
        yield {
          pointer: site.operationPointer,
          message: `${describeOperation(site)} has no \`in: path\` parameter named "${variable}" for the path template variable {${variable}}`,
        };
      }
    }
  },
};

import { joinPointer } from "../../pointer.js";
import { templateVariables } from "../parameters.js";
import type { Rule } from "./rule.js";

export const serverVariableUndeclared: Rule = {
  code: "server-variable-undeclared",
  severity: "error",
  description: "Every `{variable}` in a server URL must be declared under the server's `variables`.",
  *check({ index }) {
    for (const site of index.servers) {
      for (const name of new Set(templateVariables(site.url))) {
        if (Object.hasOwn(site.variables, name)) continue;
        yield {
          pointer: joinPointer(site.pointer, "url"),
          message: `server URL "${site.url}" uses {${name}}, which is not declared in its variables`,
        };
      }
    }
  },
};

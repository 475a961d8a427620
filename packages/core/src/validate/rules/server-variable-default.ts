import { joinPointer } from "../../pointer.js";
import type { Rule } from "./rule.js";

export const serverVariableDefault: Rule = {
  code: "server-variable-default",
  severity: "error",
  description:
    "A server variable's `default` must be one of its `enum` values (the specification requires it).",
  *check({ index }) {
    for (const site of index.servers) {
      for (const [name, variable] of Object.entries(site.variables)) {
        if (!Array.isArray(variable.enum) || variable.default === undefined) continue;
        if (variable.enum.includes(variable.default)) continue;
        yield {
          pointer: joinPointer(site.pointer, "variables", name, "default"),
          message: `default ${JSON.stringify(variable.default)} of server variable "${name}" is not one of its enum values`,
        };
      }
    }
  },
};

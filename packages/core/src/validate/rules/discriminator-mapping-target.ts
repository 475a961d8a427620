import { getAtPointer, joinPointer } from "../../pointer.js";
import { asObject } from "../walk.js";
import type { Rule, RuleFinding } from "./rule.js";

export const discriminatorMappingTarget: Rule = {
  code: "discriminator-mapping-target",
  severity: "error",
  description:
    "Each `discriminator.mapping` value must name a schema in `components.schemas` or be a `$ref` that resolves.",
  *check({ document, index }) {
    const schemas = asObject(document.components?.schemas) ?? {};
    const findings: RuleFinding[] = [];
    for (const site of index.discriminators) {
      for (const [value, target] of Object.entries(site.mapping)) {
        if (typeof target !== "string") continue;
        const pointer = joinPointer(site.pointer, "discriminator", "mapping", value);
        if (target.startsWith("#")) {
          let found: unknown;
          try {
            found = getAtPointer(document, target);
          } catch {
            found = undefined;
          }
          if (found === undefined)
            findings.push({
              pointer,
              message: `mapping "${value}" points to "${target}", which does not exist`,
            });
        } else if (!target.includes("/") && !target.includes(".") && !Object.hasOwn(schemas, target)) {
          // A bare name is a component name; anything with a path is an external reference (the loader's job).
          findings.push({
            pointer,
            message: `mapping "${value}" names schema "${target}", which is not in components.schemas`,
          });
        }
      }
    }
    yield* findings;
  },
};

import { joinPointer } from "../../pointer.js";
import { requiresProperty } from "./discriminator.js";
import type { Rule, RuleFinding } from "./rule.js";

export const discriminatorPropertyRequired: Rule = {
  code: "discriminator-property-required",
  severity: "warning",
  description:
    "A discriminator's property must be required in every `oneOf`/`anyOf` variant (or in the schema itself), or a payload without it cannot be told apart.",
  *check({ document, index }) {
    const findings: RuleFinding[] = [];
    for (const site of index.discriminators) {
      const name = site.propertyName;
      if (name === undefined) continue;
      const at = joinPointer(site.pointer, "discriminator", "propertyName");
      if (requiresProperty(document, site.schema, site.pointer, name)) continue;
      const variants = (["oneOf", "anyOf"] as const).flatMap((k) =>
        Array.isArray(site.schema[k])
          ? (site.schema[k] as unknown[]).map((v, i) => [v, joinPointer(site.pointer, k, i)] as const)
          : [],
      );
      if (variants.length === 0) {
        findings.push({
          pointer: at,
          message: `discriminator property "${name}" is not required by this schema`,
        });
        continue;
      }
      for (const [variant, pointer] of variants) {
        if (requiresProperty(document, variant, pointer, name)) continue;
        const label =
          typeof (variant as { $ref?: unknown }).$ref === "string"
            ? (variant as { $ref: string }).$ref
            : pointer;
        findings.push({
          pointer: at,
          message: `discriminator property "${name}" is not required by variant ${label}`,
        });
      }
    }
    yield* findings;
  },
};

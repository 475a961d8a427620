import { joinPointer } from "../../pointer.js";
import { asObject } from "../walk.js";
import type { Rule, RuleFinding } from "./rule.js";

export const securitySchemeUndefined: Rule = {
  code: "security-scheme-undefined",
  severity: "error",
  description: "Every name in a security requirement must be declared under `components.securitySchemes`.",
  *check({ document, operations }) {
    const declared = new Set(Object.keys(asObject(document.components?.securitySchemes) ?? {}));
    yield* undeclared(document.security, "/security", declared);
    const seen = new Set<string>();
    for (const site of operations) {
      if (seen.has(site.operationPointer)) continue;
      seen.add(site.operationPointer);
      yield* undeclared(site.operation.security, joinPointer(site.operationPointer, "security"), declared);
    }
  },
};

function* undeclared(list: unknown, pointer: string, declared: Set<string>): Generator<RuleFinding> {
  if (!Array.isArray(list)) return;
  for (const [index, requirement] of list.entries()) {
    for (const name of Object.keys(asObject(requirement) ?? {})) {
      if (declared.has(name)) continue;
      yield {
        pointer: joinPointer(pointer, index, name),
        message: `security scheme "${name}" is not declared in components.securitySchemes`,
      };
    }
  }
}

import { joinPointer, parsePointer } from "../../pointer.js";
import { asObject } from "../walk.js";
import type { Rule, RuleFinding } from "./rule.js";

/** Security schemes are used by name in requirements, not by `$ref`; they are not judged here. */
const REFERENCED_BY_REF = [
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "links",
  "callbacks",
  "pathItems",
];

export const componentUnused: Rule = {
  code: "component-unused",
  severity: "info",
  description:
    "A component nothing references is dead weight (or a sign that a `$ref` points to the wrong name).",
  *check({ document, index }) {
    const used = new Set<string>();
    const use = (ref: string) => {
      if (!ref.startsWith("#/components/")) return;
      try {
        const [, category, name] = parsePointer(ref);
        if (category !== undefined && name !== undefined) used.add(`${category}\0${name}`);
      } catch {
        // Malformed pointers are reported by ref-unresolved.
      }
    };
    for (const { ref } of index.refs) use(ref);
    for (const site of index.discriminators) {
      for (const target of Object.values(site.mapping)) {
        if (typeof target !== "string") continue;
        if (target.startsWith("#")) use(target);
        else used.add(`schemas\0${target}`);
      }
    }
    const findings: RuleFinding[] = [];
    for (const category of REFERENCED_BY_REF) {
      for (const name of Object.keys(asObject(document.components?.[category]) ?? {})) {
        if (name.startsWith("x-") || used.has(`${category}\0${name}`)) continue;
        findings.push({
          pointer: joinPointer("", "components", category, name),
          message: `components.${category}.${name} is never referenced`,
        });
      }
    }
    yield* findings;
  },
};

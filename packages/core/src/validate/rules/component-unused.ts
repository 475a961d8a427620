import { resolveObject } from "../../normalize/refs.js";
import type { OpenApiDocument } from "../../openapi.js";
import { joinPointer, parsePointer } from "../../pointer.js";
import { asObject } from "../walk.js";
import type { Rule, RuleFinding } from "./rule.js";

/** Component kinds used through `$ref` (security schemes are used by name, see below). */
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
    "A component nothing references is dead weight (or a sign that a `$ref` points to the wrong name). " +
    "Uses are `$ref`s anywhere in the description or its extensions (not in example data, not from the " +
    "component itself), discriminator mappings (explicit, and implicit through `allOf`), and security " +
    "requirements naming a security scheme.",
  *check({ document, index }) {
    const used = new Set<string>();
    const use = (ref: string, holder?: string) => {
      if (!ref.startsWith("#/components/")) return;
      try {
        const [, category, name] = parsePointer(ref);
        if (category === undefined || name === undefined) return;
        // A component referring to itself (a recursive schema) is not used by that.
        const home = joinPointer("", "components", category, name);
        if (holder !== undefined && (holder === home || holder.startsWith(`${home}/`))) return;
        used.add(`${category}\0${name}`);
      } catch {
        // Malformed pointers are reported by ref-unresolved.
      }
    };
    // $refs in extensions count: the document points at the component (e.g. `x-mapped-definition`).
    for (const { ref, holder } of index.refs) use(ref, holder);
    for (const { ref, holder } of index.extensionRefs) use(ref, holder);
    for (const site of index.discriminators) {
      for (const target of Object.values(site.mapping)) {
        if (typeof target !== "string") continue;
        if (target.startsWith("#")) use(target);
        else used.add(`schemas\0${target}`);
      }
    }
    for (const { names } of index.securityRequirements)
      for (const name of names) used.add(`securitySchemes\0${name}`);

    const schemas = asObject(document.components?.schemas) ?? {};
    const findings: RuleFinding[] = [];
    for (const category of [...REFERENCED_BY_REF, "securitySchemes"]) {
      for (const name of Object.keys(asObject(document.components?.[category]) ?? {})) {
        if (name.startsWith("x-") || used.has(`${category}\0${name}`)) continue;
        if (category === "schemas" && extendsDiscriminated(document, schemas[name], name)) continue;
        findings.push({
          pointer: joinPointer("", "components", category, name),
          message:
            category === "securitySchemes"
              ? `components.securitySchemes.${name} is named by no security requirement`
              : `components.${category}.${name} is never referenced`,
        });
      }
    }
    yield* findings;
  },
};

/**
 * A schema whose `allOf` includes a schema with a `discriminator` is one of its implicit mapping
 * targets (the discriminator value is the schema's name): a payload reaches it without any `$ref`.
 */
function extendsDiscriminated(document: OpenApiDocument, schema: unknown, name: string): boolean {
  const allOf = asObject(schema)?.allOf;
  if (!Array.isArray(allOf)) return false;
  return allOf.some((member, i) => {
    const resolved = resolveObject(
      document,
      member,
      joinPointer("", "components", "schemas", name, "allOf", i),
    );
    return resolved !== undefined && asObject(resolved.value.discriminator) !== undefined;
  });
}

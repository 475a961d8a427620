import { escapePointerSegment, getAtPointer, joinPointer, parsePointer } from "../../pointer.js";
import type { Rule, RuleFinding } from "./rule.js";

export const refUnresolved: Rule = {
  code: "unresolved-ref",
  severity: "error",
  description:
    'Every internal `$ref` (`#/...`) must point at something in the document, and not at the whole document (`#`, `""`).',
  *check({ document, index }) {
    const findings: RuleFinding[] = [];
    // Thousands of `$ref`s share a few hundred targets.
    const resolvable = new Map<string, boolean>();
    for (const { ref, holder } of index.refs) {
      // The whole document is an OpenAPI description, never the schema, response or parameter a
      // Reference Object stands for (generators fail on it).
      if (ref === "#" || ref === "") {
        findings.push({
          pointer: joinPointer(holder, "$ref"),
          message: `$ref ${JSON.stringify(ref)} points at the whole document, not at the object it should stand for`,
        });
        continue;
      }
      // Plain-name fragments (`#foo`) address `$anchor`s, external refs are the loader's business.
      if (!ref.startsWith("#/")) continue;
      if (resolvable.get(ref) === true) continue;
      const pointer = joinPointer(holder, "$ref");
      let segments: string[];
      try {
        segments = parsePointer(ref);
      } catch {
        findings.push({ pointer, message: `$ref "${ref}" is not a valid JSON pointer` });
        continue;
      }
      const found = getAtPointer(document, segments) !== undefined;
      resolvable.set(ref, found);
      if (found) continue;
      const existing = deepestExisting(document, segments);
      const parent =
        existing.length === 0 ? "the document" : `"#/${existing.map(escapePointerSegment).join("/")}"`;
      findings.push({
        pointer,
        message: `$ref "${ref}" cannot be resolved: ${parent} has no "${segments[existing.length]}"`,
      });
    }
    yield* findings;
  },
};

function deepestExisting(document: unknown, segments: string[]): string[] {
  let depth = 0;
  while (depth < segments.length && getAtPointer(document, segments.slice(0, depth + 1)) !== undefined)
    depth++;
  return segments.slice(0, depth);
}

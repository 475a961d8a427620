import { joinPointer } from "../../pointer.js";
import { type ParameterEntry, parameterEntries } from "../parameters.js";
import type { Rule, RuleFinding } from "./rule.js";

export const duplicateParameter: Rule = {
  code: "duplicate-parameter",
  severity: "error",
  description:
    "A `parameters` list must not declare the same name and location twice (the specification forbids it; which one wins is undefined).",
  *check({ document, pathItems, operations }) {
    const seenLists = new Set<string>();
    const lists = [
      ...pathItems.map((s) => [s.item.parameters, joinPointer(s.pointer, "parameters")] as const),
      ...operations.map(
        (s) => [s.operation.parameters, joinPointer(s.operationPointer, "parameters")] as const,
      ),
    ];
    for (const [list, pointer] of lists) {
      if (seenLists.has(pointer)) continue;
      seenLists.add(pointer);
      yield* duplicatesIn(parameterEntries(document, list, pointer));
    }
  },
};

function* duplicatesIn(entries: ParameterEntry[]): Generator<RuleFinding> {
  const first = new Map<string, ParameterEntry>();
  for (const p of entries) {
    // Header names are case-insensitive (RFC 9110); everything else is compared exactly.
    const key = `${p.in}\0${p.in === "header" ? p.name.toLowerCase() : p.name}`;
    const earlier = first.get(key);
    if (!earlier) first.set(key, p);
    else
      yield {
        pointer: p.pointer,
        message: `parameter "${p.name}" (in: ${p.in}) is already declared at ${earlier.pointer}`,
      };
  }
}

/**
 * openapi-typescript adds an `operations` member each time it meets an operation with an
 * operationId. A path item referenced from two places (`paths` and `webhooks`, both pointing at
 * `components/pathItems/X`) is met twice, and `operations` then declares the same name twice: a
 * "Duplicate identifier" error in types.ts. The duplicate-operation-id rule lets only that case
 * through (distinct operations sharing an id are refused), so the members are identical: keep one.
 */
import type { Node } from "typescript";
import { ts } from "./openapi-typescript.js";

export function dedupeOperations(nodes: readonly Node[]): Node[] {
  return nodes.map((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== "operations") return node;
    const seen = new Set<string>();
    const members = node.members.filter((member) => {
      const name = member.name;
      if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) return true;
      if (seen.has(name.text)) return false;
      seen.add(name.text);
      return true;
    });
    if (members.length === node.members.length) return node;
    return ts.factory.updateInterfaceDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      members,
    );
  });
}

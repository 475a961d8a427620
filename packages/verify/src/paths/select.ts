/** Which operations a run covers: the filters are ANDed between kinds and ORed within one kind. */
import type { IRHttpOperation } from "@contract/core";
import type { VerifyPathsOptions } from "./options.js";

export function operationName(op: IRHttpOperation): string {
  return op.operationId ?? `${op.method.toUpperCase()} ${op.path}`;
}

export function selectOperations(
  operations: readonly IRHttpOperation[],
  options: Pick<VerifyPathsOptions, "tags" | "operations" | "paths">,
): { selected: IRHttpOperation[]; filteredOut: IRHttpOperation[] } {
  const selected: IRHttpOperation[] = [];
  const filteredOut: IRHttpOperation[] = [];
  for (const op of operations) {
    const keep =
      (!options.tags?.length || op.tags.some((t) => options.tags?.includes(t))) &&
      (!options.operations?.length ||
        options.operations.includes(op.id) ||
        (op.operationId !== undefined && options.operations.includes(op.operationId))) &&
      (!options.paths?.length || options.paths.includes(op.path));
    (keep ? selected : filteredOut).push(op);
  }
  return { selected, filteredOut };
}

import { paginationOf } from "../../pagination/index.js";
import type { Rule } from "./rule.js";

export const paginationExtension: Rule = {
  code: "pagination-extension",
  severity: "warning",
  description:
    "An x-speakeasy-pagination or x-fern-pagination extension must be one the generated client can run (parameters the operation declares, JSONPaths without wildcards; otherwise `paginate` does not follow it), and its outputs must be in the success response's schema with a type it can read (the rule is then kept).",
  *check({ operations, ir }) {
    // `ir` is a getter that builds the IR: read it only when some operation has an extension.
    const described = operations.some(
      (site) =>
        site.kind === "operation" &&
        (Object.hasOwn(site.operation, "x-speakeasy-pagination") ||
          Object.hasOwn(site.operation, "x-fern-pagination")),
    );
    if (!described) return;
    yield* paginationOf(ir).problems;
  },
};

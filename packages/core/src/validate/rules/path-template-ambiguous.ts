import { joinPointer } from "../../pointer.js";
import type { Rule } from "./rule.js";

export const pathTemplateAmbiguous: Rule = {
  code: "path-template-ambiguous",
  severity: "error",
  description:
    "Two path templates that differ only in parameter names (`/a/{x}` and `/a/{y}`) match the same requests; the specification calls them identical and invalid.",
  *check({ document }) {
    const paths = document.paths && typeof document.paths === "object" ? Object.keys(document.paths) : [];
    const first = new Map<string, string>();
    for (const path of paths) {
      if (path.startsWith("x-")) continue;
      const shape = path.replace(/\{[^{}]*\}/g, "{}");
      const earlier = first.get(shape);
      if (earlier === undefined) first.set(shape, path);
      else {
        yield {
          pointer: joinPointer("", "paths", path),
          message: `path "${path}" is the same as "${earlier}" up to parameter names: both match the same requests`,
        };
      }
    }
  },
};

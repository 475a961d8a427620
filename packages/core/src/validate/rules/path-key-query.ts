import { QUERY_KEY_DEFAULT_SCHEMA, queryKeyVariables, splitPathKey } from "../../path-key.js";
import { joinPointer } from "../../pointer.js";
import { parameterEntries } from "../parameters.js";
import type { Rule } from "./rule.js";

export const pathKeyQuery: Rule = {
  code: "path-key-query",
  severity: "warning",
  description:
    "A path key holds a path only; a query string written into it (`/search?q={q}`) is sent as written, its `{variables}` filled like path parameters.",
  *check({ document, pathItems, operations }) {
    for (const site of pathItems) {
      if (site.kind !== "operation" || splitPathKey(site.key).query === undefined) continue;
      const variables = queryKeyVariables(site.key);
      const declared = new Map<string, Set<string>>(variables.map((v) => [v, new Set()]));
      for (const op of operations) {
        if (op.entryPointer !== site.entryPointer) continue;
        for (const p of [
          ...parameterEntries(document, op.item.parameters, joinPointer(op.pointer, "parameters")),
          ...parameterEntries(
            document,
            op.operation.parameters,
            joinPointer(op.operationPointer, "parameters"),
          ),
        ])
          declared.get(p.name)?.add(p.in);
      }
      const notes: string[] = [];
      for (const name of variables) {
        const locations = declared.get(name) as Set<string>;
        if (locations.has("path")) continue;
        notes.push(
          locations.has("query")
            ? `"${name}" is declared \`in: query\` and fills the key instead of being appended`
            : `"${name}" is declared nowhere and is taken as a required ${QUERY_KEY_DEFAULT_SCHEMA.type}`,
        );
      }
      yield {
        pointer: site.entryPointer,
        message:
          `path "${site.key}" holds a query string, which OpenAPI path keys do not: it is sent as written` +
          (variables.length > 0 ? ", each {variable} filled like a path parameter" : "") +
          notes.map((note) => `; ${note}`).join(""),
      };
    }
  },
};

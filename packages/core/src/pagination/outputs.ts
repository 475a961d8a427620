/**
 * Whether a pagination rule's outputs exist in what the operation answers: each path (the items,
 * the next cursor or URL, the page count, has-more) must be declared by one of its success JSON
 * response schemas, with a type the rule can read. A spec whose rule names `$.items` where the
 * schema says `data` is told so by `contract check`; the rule is kept (the schema may be the one
 * that is wrong), and `paginate` reads what the server sends.
 */

import type { IRHttpOperation } from "../ir.js";
import { type JsonType, walkSchemaPath } from "../links/schema-path.js";
import { isJsonMediaType } from "../media-type.js";
import type { OpenApiDocument } from "../openapi.js";
import { escapePointerSegment } from "../pointer.js";
import type { BodyPath, PaginationProblem, PaginationRule } from "./model.js";

type OutputName = "results" | "nextCursor" | "nextUrl" | "numPages" | "hasMore";

/** What each output must be, when the schema says (`undefined`: any type). */
const EXPECTED: Record<OutputName, { types?: JsonType[]; what?: string }> = {
  results: { types: ["array"], what: "a list" },
  nextCursor: {},
  nextUrl: { types: ["string"], what: "a string" },
  numPages: { types: ["integer", "number"], what: "a number" },
  hasMore: { types: ["boolean"], what: "a boolean" },
};

/** The outputs of `rule` that no success JSON schema of `op` declares as the rule reads them. */
export function outputProblems(
  document: OpenApiDocument,
  op: IRHttpOperation,
  rule: PaginationRule,
  pointers: ReadonlyMap<string, string>,
): PaginationProblem[] {
  const schemas = successSchemas(op);
  if (schemas.length === 0) return [];
  const problems: PaginationProblem[] = [];
  for (const name of Object.keys(EXPECTED) as OutputName[]) {
    const path = (rule as Partial<Record<OutputName, BodyPath>>)[name];
    const pointer = pointers.get(name);
    if (path === undefined || pointer === undefined) continue;
    const problem = checkPath(document, schemas, path, EXPECTED[name]);
    if (problem) problems.push({ pointer, message: `${name} ${describe(path)}: ${problem}` });
  }
  return problems;
}

function successSchemas(op: IRHttpOperation): Array<{ status: string; schema: unknown }> {
  const success = op.responses.filter((r) => r.status.startsWith("2"));
  const answers = success.length > 0 ? success : op.responses.filter((r) => r.status === "default");
  return answers.flatMap((r) =>
    r.content
      .filter((c) => c.schema !== undefined && isJsonMediaType(c.mediaType))
      .map((c) => ({ status: r.status, schema: c.schema })),
  );
}

function checkPath(
  document: OpenApiDocument,
  schemas: Array<{ status: string; schema: unknown }>,
  path: BodyPath,
  expected: { types?: JsonType[]; what?: string },
): string | undefined {
  // Any index of a list reads its items' schema.
  const pointer = path
    .map((step) => `/${typeof step === "number" ? "0" : escapePointerSegment(step)}`)
    .join("");
  const missing: string[] = [];
  for (const { status, schema } of schemas) {
    const found = walkSchemaPath(document, schema, pointer);
    if (!found.found) {
      missing.push(`the ${status} response's schema declares no ${found.missing}`);
      continue;
    }
    if (expected.types && found.types && !expected.types.some((t) => found.types?.has(t)))
      return `the ${status} response's schema makes it ${[...found.types].join(" or ")}, not ${expected.what}`;
    return undefined;
  }
  return missing.join("; ");
}

const describe = (path: BodyPath): string =>
  `$${path.map((step) => (typeof step === "number" ? `[${step}]` : `.${step}`)).join("")}`;

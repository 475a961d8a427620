/**
 * Paging through a list as the spec says (x-speakeasy-pagination, x-fern-pagination): from the
 * first page (the operation's request without its cursor, offset or page number), the next
 * requests are what the generated client's `paginate` would send, stepped by the runtime's own
 * rule. What a server can get wrong there and no single response shows:
 * - `pagination-loop`: a next cursor or URL already used (a client would read forever);
 * - `pagination-stuck`: a next page with the very items of the page before (the server ignores
 *   the cursor, offset or page number, and a client reads the first page forever);
 * - `pagination-unreadable`: a page whose items are not a list where the rule says they are.
 */
import type { PaginationRule } from "@contract/core";
import { nextPage, pageItems } from "@contract/runtime/client";
import type { PlannedRequest } from "./request.js";
import type { Problem } from "./responses.js";

/** Pages read after the first one: enough to see a loop or a stuck cursor, few requests. */
export const PAGES_FOLLOWED = 2;

type Params = PlannedRequest["params"];

/** The request value the rule moves from page to page (none for a next URL). */
const movedInput = (rule: PaginationRule) =>
  rule.type === "cursor" ? rule.cursor : rule.type === "offset" ? rule.offset : undefined;

/** The first page's parameters: the operation's, without the input the rule moves. */
export function firstPageParams(rule: PaginationRule, params: Params): Params {
  const input = movedInput(rule);
  if (input === undefined || input.in === "body") return params;
  const { [input.name]: _moved, ...rest } = params[input.in];
  return { ...params, [input.in]: rest };
}

/** The first page's body: the operation's, without the input the rule moves. */
export function firstPageBody(rule: PaginationRule, body: unknown): unknown {
  const input = movedInput(rule);
  if (input?.in !== "body") return body;
  return withoutPath(body, input.path);
}

function withoutPath(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined || value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else if (Object.hasOwn(copy, head)) copy[head] = withoutPath(copy[head], rest);
  return copy;
}

export type PageStep =
  | { kind: "end" }
  | { kind: "problem"; problem: Problem }
  | { kind: "args"; params: Params; body: unknown; cursor?: string }
  | { kind: "url"; url: string };

/** What follows the page `body` read with `request`, by the rule (`specPointer`: its extension). */
export function nextStep(
  rule: PaginationRule,
  operationId: string,
  request: PlannedRequest,
  body: unknown,
  specPointer: string,
): PageStep {
  const args = { ...request.params, body: request.bodyValue };
  let next: ReturnType<typeof nextPage>;
  try {
    next = nextPage(rule, body, args, operationId);
  } catch (error) {
    return {
      kind: "problem",
      problem: { rule: "pagination-unreadable", message: (error as Error).message, specPointer },
    };
  }
  if (next === undefined) return { kind: "end" };
  if ("url" in next) return { kind: "url", url: new URL(next.url, request.url).href };
  const moved = next.args as Partial<Params> & { body?: unknown };
  const params: Params = {
    path: moved.path ?? {},
    query: moved.query ?? {},
    header: moved.header ?? {},
    cookie: moved.cookie ?? {},
  };
  return {
    kind: "args",
    params,
    body: moved.body,
    ...(next.cursor !== undefined ? { cursor: JSON.stringify(next.cursor) } : {}),
  };
}

/** The page's items where the rule says, or a problem when they are not a list there. */
export function itemsOf(
  rule: PaginationRule,
  operationId: string,
  body: unknown,
  specPointer: string,
): { items: unknown[] | undefined } | { problem: Problem } {
  try {
    return { items: pageItems(rule, body, operationId) };
  } catch (error) {
    return { problem: { rule: "pagination-unreadable", message: (error as Error).message, specPointer } };
  }
}

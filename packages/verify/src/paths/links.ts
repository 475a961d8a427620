/**
 * OpenAPI `links`: how a response feeds the next operation (create → get → delete). A link names
 * its target by `operationId` (or an `operationRef` into this document) and maps runtime
 * expressions such as `$response.body#/id` or `$request.path.orderId` onto the target's parameters.
 */
import { getAtPointer, type IRHttpOperation, type IRResponse, parsePointer } from "@contract/core";
import type { PlannedRequest } from "./request.js";

type Location = "path" | "query" | "header" | "cookie";

export interface FollowedLink {
  name: string;
  target: IRHttpOperation;
  /** Parameter values by location and name, from the response and request. */
  params: Partial<Record<Location, Record<string, unknown>>>;
  /** Where the link is written. */
  pointer: string;
}

interface LinkObject {
  operationId?: string;
  operationRef?: string;
  parameters?: Record<string, unknown>;
}

export function linksOf(
  document: unknown,
  response: IRResponse,
  operations: readonly IRHttpOperation[],
  request: PlannedRequest,
  status: number,
  headers: Headers,
  body: unknown,
): FollowedLink[] {
  const links = getAtPointer(document, `${response.pointer}/links`);
  if (typeof links !== "object" || links === null) return [];
  const out: FollowedLink[] = [];
  for (const [name, raw] of Object.entries(links as Record<string, LinkObject>)) {
    const pointer = `${response.pointer}/links/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const link = (resolveRef(document, raw) ?? raw) as LinkObject;
    const target = operations.find(
      (op) =>
        (link.operationId !== undefined && op.operationId === link.operationId) ||
        (link.operationRef !== undefined && `#${op.pointer}` === decodeURIComponent(link.operationRef)),
    );
    if (!target) continue;
    const params: FollowedLink["params"] = {};
    for (const [key, expression] of Object.entries(link.parameters ?? {})) {
      const [where, paramName] = qualify(target, key);
      if (where === undefined) continue;
      const value = evaluate(expression, request, status, headers, body);
      if (value === undefined) continue;
      const bucket = params[where] ?? {};
      bucket[paramName] = value;
      params[where] = bucket;
    }
    out.push({ name, target, params, pointer });
  }
  return out;
}

function resolveRef(document: unknown, node: unknown): unknown {
  const ref = (node as { $ref?: unknown } | null)?.$ref;
  return typeof ref === "string" && ref.startsWith("#")
    ? getAtPointer(document, parsePointer(ref))
    : undefined;
}

/** `path.orderId` names the location; a bare name is looked up among the target's parameters. */
function qualify(target: IRHttpOperation, key: string): [Location | undefined, string] {
  const dot = key.indexOf(".");
  const prefix = dot === -1 ? "" : key.slice(0, dot);
  if (prefix === "path" || prefix === "query" || prefix === "header" || prefix === "cookie")
    return [prefix, key.slice(dot + 1)];
  for (const where of ["path", "query", "header", "cookie"] as const)
    if (target.parameters[where].some((p) => p.name === key)) return [where, key];
  return [undefined, key];
}

/** Evaluates a runtime expression (or returns a constant as is); undefined when it names nothing. */
export function evaluate(
  expression: unknown,
  request: PlannedRequest,
  status: number,
  headers: Headers,
  body: unknown,
): unknown {
  if (typeof expression !== "string" || !expression.startsWith("$")) return expression;
  if (expression === "$statusCode") return status;
  if (expression === "$url") return request.url;
  if (expression === "$method") return request.method;
  if (expression.startsWith("$response.body"))
    return fromBody(body, expression.slice("$response.body".length));
  if (expression.startsWith("$request.body"))
    return fromBody(request.bodyValue, expression.slice("$request.body".length));
  if (expression.startsWith("$response.header."))
    return headers.get(expression.slice("$response.header.".length)) ?? undefined;
  const match = /^\$request\.(path|query|header)\.(.+)$/.exec(expression);
  if (match?.[1] && match[2]) {
    const where = match[1] as "path" | "query" | "header";
    const name = match[2];
    if (where === "header") return request.headers[name.toLowerCase()];
    return request.params[where][name];
  }
  return undefined;
}

function fromBody(body: unknown, fragment: string): unknown {
  if (fragment === "") return body;
  if (!fragment.startsWith("#")) return undefined;
  return getAtPointer(body, parsePointer(fragment));
}

/**
 * What the mock answers for an operation: which declared response (lowest 2xx, or `Prefer: code`),
 * which media type (`Accept`), which body (the spec's example, a named one, or a seeded synthesized
 * value that passes the response schema) and which headers (the response's declared headers).
 */
import {
  getAtPointer,
  type IRHttpOperation,
  type IRMediaType,
  type IRParameter,
  type IRResponse,
  isJsonMediaType,
  mediaRangeCovers,
  type Payload,
  payloadFor,
  synthesize,
} from "@contract/core";
import { serializeParameter } from "@contract/runtime/client";
import { negotiate } from "./media.js";
import type { Preferences } from "./prefer.js";
import type { Problem } from "./problem.js";
import type { SchemaCheck } from "./validator.js";

export interface ResponseContext {
  document: unknown;
  check: (schemaPointer: string) => SchemaCheck;
  seed: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

const EMPTY = new Uint8Array(0);
/** Set when the body sent does not pass the response schema, with the first reason. */
export const PROBLEM_HEADER = "x-contract-mock-problem";
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/** The declared response to answer with and the status code to send. */
export function chooseResponse(
  op: IRHttpOperation,
  preferCode: string | undefined,
): { response: IRResponse; status: number } | Problem {
  const byKey = new Map(op.responses.map((r) => [r.status.toUpperCase(), r]));
  if (preferCode !== undefined) {
    const code = Number(preferCode);
    if (!/^[1-5]\d\d$/.test(preferCode))
      return {
        status: 400,
        code: "prefer-invalid",
        title: "Invalid Prefer header",
        detail: `code=${preferCode} is not an HTTP status`,
      };
    const response = byKey.get(preferCode) ?? byKey.get(`${preferCode[0]}XX`) ?? byKey.get("DEFAULT");
    if (!response)
      return {
        status: 400,
        code: "prefer-code-undeclared",
        title: "The preferred status is not declared",
        detail: `${op.method.toUpperCase()} ${op.path} declares ${op.responses.map((r) => r.status).join(", ")}, not ${preferCode}`,
      };
    return { response, status: code };
  }
  const exact = op.responses
    .filter((r) => /^\d{3}$/.test(r.status))
    .sort((a, b) => Number(a.status) - Number(b.status));
  const success = exact.find((r) => r.status.startsWith("2"));
  if (success) return { response: success, status: Number(success.status) };
  const range = byKey.get("2XX");
  if (range) return { response: range, status: 200 };
  const fallback = byKey.get("DEFAULT");
  if (fallback) return { response: fallback, status: 200 };
  const lowest = exact[0];
  if (lowest) return { response: lowest, status: Number(lowest.status) };
  const anyRange = op.responses.find((r) => /^[1-5]XX$/i.test(r.status));
  if (anyRange) return { response: anyRange, status: Number(anyRange.status[0]) * 100 };
  return {
    status: 500,
    code: "no-response",
    title: "No response declared",
    detail: `${op.method.toUpperCase()} ${op.path} declares no response`,
  };
}

export interface BodyRequest {
  op: IRHttpOperation;
  response: IRResponse;
  status: number;
  accept: string | undefined;
  prefer: Preferences;
  /** Identity of the request, mixed into the seed of `Prefer: dynamic=true` bodies. */
  requestKey: string;
}

/** Builds replies; bodies that do not depend on the request are built once and reused. */
export function createResponder(context: ResponseContext): (request: BodyRequest) => Reply | Problem {
  const cache = new Map<string, { body: Uint8Array; headers: Record<string, string> }>();
  return (request) => {
    const { op, response, status, prefer } = request;
    const noBody = NO_BODY_STATUSES.has(status);
    const mediaType = noBody
      ? undefined
      : negotiate(
          response.content.map((c) => c.mediaType),
          request.accept,
        );
    if (!noBody && response.content.length > 0 && mediaType === undefined) {
      return {
        status: 406,
        code: "not-acceptable",
        title: "Not Acceptable",
        detail: `Accept: ${request.accept}; ${op.method.toUpperCase()} ${op.path} answers ${status} with ${response.content.map((c) => c.mediaType).join(", ")}`,
      };
    }
    const media = response.content.find((c) => c.mediaType === mediaType);
    const contentType = mediaType === undefined ? undefined : concreteType(mediaType, request.accept);
    const dynamic = prefer.dynamic === true;
    const key = `${op.id}\u0000${status}\u0000${contentType ?? ""}\u0000${prefer.example ?? ""}`;
    let built = dynamic ? undefined : cache.get(key);
    if (!built) {
      const seed = dynamic ? `${context.seed}:${request.requestKey}` : `${context.seed}:${key}`;
      try {
        const json = contentType !== undefined && isJsonMediaType(contentType);
        const payload = media ? bodyValue(context, media, json, seed, prefer, dynamic) : undefined;
        const headers = responseHeaders(context, response.headers, seed);
        // A schema nothing satisfies (or a named example that breaks it): answer, but say so.
        const problem = payload?.problems[0];
        if (problem !== undefined)
          headers[PROBLEM_HEADER] = problem.replace(/[^\x20-\x7e\t]/g, "").slice(0, 200);
        built = { body: media && payload ? encodeBody(json, payload.value) : EMPTY, headers };
      } catch (error) {
        return {
          status: 404,
          code: "example-not-found",
          title: "No such example",
          detail: (error as Error).message,
        };
      }
      if (!dynamic) cache.set(key, built);
    }
    const headers: Record<string, string> = { ...built.headers };
    if (contentType !== undefined) headers["content-type"] = contentType;
    return { status, headers, body: built.body };
  };
}

function bodyValue(
  context: ResponseContext,
  media: IRMediaType,
  json: boolean,
  seed: string,
  prefer: Preferences,
  dynamic: boolean,
): Payload {
  const schemaCheck = media.schemaPointer ? context.check(media.schemaPointer) : undefined;
  // JSON bodies are checked as the client will read them: `Infinity` becomes `null` on the wire.
  const sent = (value: unknown) => (json && value !== undefined ? JSON.parse(JSON.stringify(value)) : value);
  const check = (value: unknown) =>
    schemaCheck ? schemaCheck(sent(value)).map((p) => `${p.pointer} ${p.message}`) : [];
  return payloadFor(context.document, media, {
    seed,
    check,
    ...(prefer.example !== undefined ? { exampleName: prefer.example } : {}),
    ...(dynamic ? { synthesizeOnly: true } : {}),
  });
}

function encodeBody(json: boolean, value: unknown): Uint8Array {
  if (json) return new TextEncoder().encode(value === undefined ? "" : JSON.stringify(value));
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value === undefined) return EMPTY;
  return new TextEncoder().encode(JSON.stringify(value));
}

/**
 * The `Content-Type` to send for a declared media type: itself, or for a wildcard (`*\/*`, `image/*`)
 * the most specific type the client accepts inside it, else something sendable (`application/json`
 * for `*\/*`, `<type>/octet-stream` otherwise).
 */
function concreteType(declared: string, accept: string | undefined): string {
  if (!declared.includes("*")) return declared;
  const wanted = (accept ?? "")
    .split(",")
    .map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "")
    .find((range) => range !== "" && !range.includes("*") && mediaRangeCovers(declared, range));
  if (wanted) return wanted;
  return declared === "*/*" ? "application/json" : `${declared.slice(0, declared.indexOf("/"))}/octet-stream`;
}

const TRANSPORT_HEADERS = new Set(["content-type", "content-length", "transfer-encoding", "connection"]);

function responseHeaders(
  context: ResponseContext,
  declared: readonly IRParameter[],
  seed: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of declared) {
    const name = header.name.toLowerCase();
    if (TRANSPORT_HEADERS.has(name)) continue;
    const value = headerValue(context, header, `${seed}:${name}`);
    if (value === undefined) continue;
    const text = serializeParameter("header", name, value, { style: "simple", explode: header.explode });
    // Only what an HTTP header can carry: a synthesized string may hold line breaks or non-ASCII text.
    if (text !== undefined) out[name] = text.replace(/[^\x20-\x7e\t]/g, "");
  }
  return out;
}

function headerValue(context: ResponseContext, header: IRParameter, seed: string): unknown {
  const declared = getAtPointer(context.document, header.pointer) as Record<string, unknown> | undefined;
  if (declared && "example" in declared) return declared.example;
  const schema = header.schema ?? header.content?.schema;
  if (schema === undefined) return undefined;
  const check = header.schemaPointer ? context.check(header.schemaPointer) : () => [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const value = synthesize(schema, context.document, { seed: attempt === 0 ? seed : `${seed}:${attempt}` });
    if (check(value).length === 0) return value;
  }
  return undefined;
}

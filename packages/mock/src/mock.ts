/**
 * The mock of one contract, independent of any HTTP server: `handle` takes a request and gives the
 * reply. Order of checks, as a real provider would apply them: route (404), method (405), control
 * endpoint, credentials (401), request (415, 400), `Prefer` and `Accept` (406), then the response.
 */
import {
  buildIR,
  type ContractIR,
  type IRHttpOperation,
  type IRSecurityScheme,
  isJsonMediaType,
  type LoadOptions,
  loadSpec,
  mediaTypeEssence,
  paginationOf,
  splitPathKey,
} from "@contract/core";
import type { DeliveryResult } from "@contract/runtime/sender";
import { createEmitter, EmitError, type EmitRequest, type EmitSettings } from "./emit.js";
import { isLaterPage, nextPageUrl, type PageRequest, pagedBody } from "./pagination.js";
import { parsePrefer } from "./prefer.js";
import { type Problem, problemBody } from "./problem.js";
import { parseQuery } from "./query.js";
import { matchQueryKeys, type QueryKeyMatcher, queryKeyMatcher } from "./query-keys.js";
import { validateRequest } from "./request.js";
import { chooseResponse, createResponder, type Reply } from "./response.js";
import { basePaths, PathRouter } from "./routes.js";
import { missingCredentials } from "./security.js";
import { createChecker } from "./validator.js";

export type { Reply } from "./response.js";

export interface MockRequest {
  method: string;
  /** Path and query, as on the request line. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

export interface MockOptions extends EmitSettings {
  /** Seed of synthesized bodies: same seed and request, same answer. Default 0. */
  seed?: string | number;
  /** Answer CORS preflights and add `Access-Control-Allow-Origin: *`. Default false. */
  cors?: boolean;
  /** Check requests against the contract (400/415/401). Default true. */
  validateRequests?: boolean;
}

export interface Mock {
  ir: ContractIR;
  handle(request: MockRequest): Reply | Promise<Reply>;
  /** Pushes one delivery of a webhook (what `POST /__contract/emit/<webhook>` does). */
  emit(webhook: string, request: EmitRequest): Promise<DeliveryResult>;
}

/** The prefix of the mock's own endpoints; no contract path is expected to start with it. */
export const CONTROL_PREFIX = "/__contract/";

type PathItem = Map<string, IRHttpOperation>;

export async function loadMock(
  spec: string,
  options: MockOptions & { load?: LoadOptions } = {},
): Promise<Mock> {
  const loaded = await loadSpec(spec, options.load ?? {});
  return createMock(buildIR(loaded.document), options);
}

export function createMock(ir: ContractIR, options: MockOptions = {}): Mock {
  const router = new PathRouter<PathItem>();
  const items = new Map<string, PathItem>();
  const queryKeys = new Map<PathItem, QueryKeyMatcher>();
  for (const op of ir.operations) {
    let item = items.get(op.path);
    if (!item) {
      item = new Map();
      items.set(op.path, item);
      const { path, query } = splitPathKey(op.path);
      router.add(path, item);
      if (query !== undefined) queryKeys.set(item, queryKeyMatcher(query));
    }
    item.set(op.method.toUpperCase(), op);
  }
  const bases = basePaths(ir.servers);
  const schemes = new Map<string, IRSecurityScheme>(ir.securitySchemes.map((s) => [s.name, s]));
  const check = createChecker(ir.document);
  const seed = String(options.seed ?? 0);
  const respond = createResponder({ document: ir.document, check, seed });
  const pagination = paginationOf(ir).rules;
  const emit = createEmitter(ir, check, options);
  const validate = options.validateRequests !== false;
  const cors = options.cors === true;

  const route = (path: string, queryText: string) => {
    const match = (at: string) => matchQueryKeys(router.match(at), (item) => queryKeys.get(item), queryText);
    for (const base of bases) {
      if (path === base || path.startsWith(`${base}/`)) {
        const found = match(path.slice(base.length) || "/");
        if (found.length > 0) return found;
      }
    }
    return match(path);
  };

  const finish = (reply: Reply): Reply => {
    reply.headers["content-length"] = String(reply.body.length);
    if (cors) reply.headers["access-control-allow-origin"] = "*";
    return reply;
  };
  const fail = (problem: Problem): Reply =>
    finish({
      status: problem.status,
      headers: { "content-type": "application/problem+json", ...problem.headers },
      body: new TextEncoder().encode(problemBody(problem)),
    });

  const handle = (request: MockRequest): Reply | Promise<Reply> => {
    const reply = answer(request);
    if (request.method.toUpperCase() !== "HEAD") return reply;
    return reply instanceof Promise ? reply.then(withoutBody) : withoutBody(reply);
  };

  const answer = (request: MockRequest): Reply | Promise<Reply> => {
    const method = request.method.toUpperCase();
    const q = request.url.indexOf("?");
    const rawPath = q === -1 ? request.url : request.url.slice(0, q);
    const queryText = q === -1 ? "" : request.url.slice(q + 1);
    if (rawPath.startsWith(CONTROL_PREFIX)) return control(method, rawPath, request);
    const candidates = route(rawPath, queryText);
    if (candidates.length === 0)
      return fail({
        status: 404,
        code: "not-found",
        title: "Not Found",
        detail: `no path of the contract matches ${rawPath}`,
      });
    // HEAD is answered by the path's GET where the spec declares no HEAD of its own (RFC 9110 §9.3.2).
    const asMethod = method === "HEAD" && !candidates.some((c) => c.value.has("HEAD")) ? "GET" : method;
    const found = candidates.find((c) => c.value.has(asMethod));
    const allow = allowedMethods(candidates.map((c) => c.value));
    if (cors && method === "OPTIONS" && !found) {
      return finish({
        status: 204,
        headers: {
          "access-control-allow-methods": allow,
          "access-control-allow-headers": header(request, "access-control-request-headers") ?? "*",
          "access-control-max-age": "600",
        },
        body: new Uint8Array(0),
      });
    }
    const op = found?.value.get(asMethod);
    if (!found || !op)
      return fail({
        status: 405,
        code: "method-not-allowed",
        title: "Method Not Allowed",
        detail: `${method} ${rawPath}: the contract declares ${allow}`,
        headers: { allow },
      });
    const query = parseQuery(queryText);
    const cookies = parseCookies(header(request, "cookie"));
    const pageOf = (): PageRequest => ({
      query,
      header: (name) => header(request, name),
      cookies: new Map(Object.entries(cookies)),
      path: found.params,
      body: request.body,
      // Served over plain HTTP: the origin clients reach the mock at, from its Host header.
      url: `http://${header(request, "host") ?? "localhost"}${request.url}`,
    });
    if (validate) {
      const challenge = missingCredentials(op.security, schemes, {
        headers: request.headers,
        query,
        cookies,
      });
      if (challenge !== undefined)
        return fail({
          status: 401,
          code: "unauthorized",
          title: "Unauthorized",
          detail: `${op.method.toUpperCase()} ${op.path} requires credentials (${op.security.map((a) => Object.keys(a).join(" + ")).join(" or ")})`,
          headers: { "www-authenticate": challenge },
        });
      const problem = validateRequest(
        op,
        { path: found.params, query, headers: request.headers, cookies },
        { contentType: header(request, "content-type"), bytes: request.body },
        { document: ir.document, check },
      );
      if (problem instanceof Promise)
        return problem.then((p) => (p ? fail(p) : respondTo(op, request, pageOf)));
      if (problem) return fail(problem);
    }
    return respondTo(op, request, pageOf);
  };

  /** The answer to a request that passed the checks. */
  /** `page` reads the request as a page of a list: called only for operations with a pagination rule. */
  const respondTo = (op: IRHttpOperation, request: MockRequest, page: () => PageRequest): Reply => {
    const prefer = parsePrefer(header(request, "prefer"));
    const chosen = chooseResponse(op, prefer.code);
    if ("code" in chosen) return fail(chosen);
    const reply = respond({
      op,
      response: chosen.response,
      status: chosen.status,
      accept: header(request, "accept"),
      prefer,
      // The operation's method, not the request's: a HEAD announces the very body its GET sends.
      requestKey: `${op.method.toUpperCase()} ${request.url} ${bodyKey(request.body)}`,
    });
    if ("code" in reply) return fail(reply);
    const rule = pagination.get(op.id);
    if (!rule) return finish(reply);
    const asPage = page();
    const later = isLaterPage(rule, asPage);
    return finish(paged(rule, chosen.response, reply, { later, nextUrl: nextPageUrl(asPage) }));
  };

  /** A JSON success answer of a paginated list as the first or the last page (./pagination.ts). */
  const paged = (
    rule: Parameters<typeof isLaterPage>[0],
    response: IRHttpOperation["responses"][number],
    reply: Reply,
    page: { later: boolean; nextUrl: string },
  ): Reply => {
    const contentType = mediaTypeEssence(reply.headers["content-type"]);
    if (reply.status < 200 || reply.status > 299 || !contentType || !isJsonMediaType(contentType))
      return reply;
    const media = response.content.find((c) => mediaTypeEssence(c.mediaType) === contentType);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(reply.body));
    } catch {
      return reply;
    }
    const schema = media?.schemaPointer;
    const passes = (value: unknown) => schema === undefined || check(schema)(value).length === 0;
    const changed = pagedBody(rule, body, page, passes);
    if (changed === undefined) return reply;
    return {
      ...reply,
      headers: { ...reply.headers },
      body: new TextEncoder().encode(JSON.stringify(changed)),
    };
  };

  const control = async (method: string, path: string, request: MockRequest): Promise<Reply> => {
    const json = (status: number, value: unknown): Reply =>
      finish({
        status,
        headers: { "content-type": "application/json" },
        body: new TextEncoder().encode(JSON.stringify(value)),
      });
    // HEAD as on contract paths: `handle` drops the body.
    if (path === `${CONTROL_PREFIX}webhooks` && (method === "GET" || method === "HEAD")) {
      return json(200, { webhooks: ir.webhooks.map((w) => w.name) });
    }
    const emitMatch = /^\/__contract\/emit\/([^/]+)$/.exec(path);
    if (!emitMatch)
      return fail({
        status: 404,
        code: "not-found",
        title: "Not Found",
        detail: `no control endpoint ${path}`,
      });
    if (method !== "POST")
      return fail({
        status: 405,
        code: "method-not-allowed",
        title: "Method Not Allowed",
        headers: { allow: "POST" },
      });
    let body: Partial<EmitRequest>;
    try {
      body = JSON.parse(new TextDecoder().decode(request.body) || "{}") as Partial<EmitRequest>;
    } catch (error) {
      return fail({
        status: 400,
        code: "emit-invalid",
        title: "The body is not JSON",
        detail: (error as Error).message,
      });
    }
    if (typeof body !== "object" || body === null || typeof body.to !== "string")
      return fail({
        status: 400,
        code: "emit-invalid",
        title: 'Missing "to"',
        detail: 'send { "to": "<receiver URL>", "example"?: "<name>", "seed"?: "<seed>" }',
      });
    try {
      const result = await emit(decodeURIComponent(emitMatch[1] as string), {
        to: body.to,
        ...(typeof body.example === "string" ? { example: body.example } : {}),
        ...(typeof body.seed === "string" ? { seed: body.seed } : {}),
        ...(body.synthesize === true ? { synthesize: true } : {}),
      });
      return json(result.ok ? 200 : 502, summarize(result));
    } catch (error) {
      if (error instanceof EmitError)
        return fail({ status: 400, code: "emit-invalid", title: "Cannot emit", detail: error.message });
      throw error;
    }
  };

  return { ir, handle, emit };
}

/** A HEAD answer: the headers of the GET, `Content-Length` included, without its body. */
function withoutBody(reply: Reply): Reply {
  return { ...reply, body: new Uint8Array(0) };
}

/** The methods the path's templates declare, with HEAD next to GET where GET answers it. */
function allowedMethods(items: readonly PathItem[]): string {
  const methods = [...new Set(items.flatMap((item) => [...item.keys()]))];
  const get = methods.indexOf("GET");
  if (get !== -1 && !methods.includes("HEAD")) methods.splice(get + 1, 0, "HEAD");
  return methods.join(", ");
}

/** What the control endpoint returns: the sender's result without the request bodies. */
export function summarize(result: DeliveryResult): Record<string, unknown> {
  return {
    ok: result.ok,
    webhook: result.webhook,
    messageId: result.messageId,
    url: result.url,
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    attempts: result.attempts.map((a) => ({
      attempt: a.attempt,
      durationMs: Math.round(a.durationMs),
      ...(a.status !== undefined ? { status: a.status } : {}),
      ...(a.responseBody !== undefined ? { responseBody: a.responseBody } : {}),
      ...(a.error !== undefined ? { error: a.error } : {}),
    })),
  };
}

function header(request: MockRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(";")) {
    const at = pair.indexOf("=");
    if (at === -1) continue;
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}

/** A short, stable fingerprint of a request body for dynamic seeds (FNV-1a). */
function bodyKey(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16);
}

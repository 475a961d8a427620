/**
 * The request pipeline behind every generated method: URL and headers from the spec's parameter
 * encodings, body per media type, auth, middleware, timeout, retries, parsing and validation.
 * `fetch` gets a URL and an init object (no `Request`) unless middleware needs one: building a
 * `Request` costs more than the rest of the pipeline.
 */
import { type AuthTarget, type AuthValues, applyAuth, chooseAlternative } from "./auth.js";
import { type SerializedBody, serializeBody } from "./body.js";
import { ApiError, TimeoutError } from "./errors.js";
import { type ParseAs, parseResponseBody } from "./parse.js";
import {
  backoffDelay,
  delayForResponse,
  type RetryOptions,
  type RetryPolicy,
  retryPolicy,
  sleep,
} from "./retry.js";
import { type ParameterLocation, serializeParameter } from "./serialize.js";
import type { ApiSpec, OperationSpec, ServerSpec } from "./spec.js";
import { declaredStatus, validateResponse } from "./validate.js";

export type FetchLike = (input: string | Request, init?: RequestInit) => Promise<Response>;

export interface MiddlewareContext {
  operationId: string;
  method: string;
  path: string;
  /** 0 for the first attempt, then 1, 2… on retries. */
  attempt: number;
  request: Request;
}

/**
 * What a hook returns: a replacement, or nothing. `void` rather than `undefined`: a hook that only
 * reads, or sets a header in place, has a body without `return`, which TypeScript infers as `void`.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: the return type of hooks written without `return`
type HookResult<T> = T | void | Promise<T | void>;

/** Hooks run around each attempt. Returning a value replaces the request/response; nothing keeps it. */
export interface Middleware {
  /** May return a new Request, or a Response to answer without calling fetch. */
  onRequest?(context: MiddlewareContext): HookResult<Request | Response>;
  onResponse?(context: MiddlewareContext & { response: Response }): HookResult<Response>;
  /** fetch failed: return a Response to recover, or an Error to throw instead. */
  onError?(context: MiddlewareContext & { error: unknown }): HookResult<Response | Error>;
}

export interface ClientOptions<Auth = AuthValues, ServerVariables = Record<string, string>> {
  /** Defaults to the spec's first server, its variables filled from `serverVariables` or their defaults. */
  baseUrl?: string;
  serverVariables?: Partial<ServerVariables>;
  fetch?: FetchLike;
  /** Headers sent with every call. */
  headers?: HeadersInit;
  /** Credentials by security scheme name. */
  auth?: Auth;
  middleware?: Middleware[];
  /** Retry policy, `false` to disable; see `RetryOptions` for the default. */
  retry?: RetryOptions | false;
  /** Per-attempt timeout in milliseconds (none by default). */
  timeoutMs?: number;
  /** Check every response against the spec with the generated validators (throws ResponseValidationError). */
  validateResponses?: boolean;
  /** Throw ApiError on error statuses instead of returning `{ ok: false, error }`. */
  throwOnError?: boolean;
}

interface RawArgs {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
  body?: unknown;
  contentType?: string;
  headers?: HeadersInit;
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: RetryOptions | false;
  parseAs?: ParseAs;
  [PAGE_URL]?: string;
}

/**
 * An absolute URL to send the call to instead of the one its path and query parameters make: the
 * next page a response links to (see paginate.ts). A symbol, so no generated argument can carry it.
 */
export const PAGE_URL: unique symbol = Symbol("contract.pageUrl");

export interface RawResult {
  ok: boolean;
  status: number;
  data?: unknown;
  error?: unknown;
  /** Set when the status is not declared by the operation's responses. */
  undeclared?: true;
  response: Response;
}

/** An operation that declares responses, none of which (exact, range, `default`) covers `status`. */
function isUndeclared(spec: OperationSpec, status: number): boolean {
  const responses = spec.responses;
  if (responses === undefined) return false;
  for (const _ in responses) return declaredStatus(responses, status) === undefined;
  return false; // nothing declared: nothing to judge by
}

type PathPart = string | { name: string };
const pathTemplates = new WeakMap<OperationSpec, PathPart[]>();

function pathParts(spec: OperationSpec): PathPart[] {
  let parts = pathTemplates.get(spec);
  if (!parts) {
    parts = spec.path
      .split(/(\{[^}]+\})/)
      .map((s) => (s.startsWith("{") && s.endsWith("}") ? { name: s.slice(1, -1) } : s));
    pathTemplates.set(spec, parts);
  }
  return parts;
}

export function resolveBaseUrl(
  servers: ServerSpec[] | undefined,
  baseUrl: string | undefined,
  variables?: object,
): string {
  if (baseUrl !== undefined) return baseUrl.replace(/\/+$/, "");
  const server = servers?.[0];
  if (!server) return "";
  const values: Record<string, unknown> = { ...server.variables, ...variables };
  return server.url
    .replace(/\{([^}]+)\}/g, (m, name: string) => String(values[name] ?? m))
    .replace(/\/+$/, "");
}

function headerRecord(
  init: HeadersInit | undefined,
  into: Record<string, string> = Object.create(null),
): Record<string, string> {
  if (init)
    new Headers(init).forEach((value, key) => {
      into[key] = value;
    });
  return into;
}

/** Builds the function that performs one call of `spec` with the client's options. */
export function createCaller(api: ApiSpec, options: ClientOptions<object, object>) {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const baseUrl = resolveBaseUrl(api.servers, options.baseUrl, options.serverVariables);
  const baseHeaders = headerRecord(options.headers);
  const clientPolicy = retryPolicy(options.retry);
  const middleware = options.middleware ?? [];
  const auth = options.auth as AuthValues | undefined;

  return async function call(spec: OperationSpec, args: RawArgs = {}): Promise<RawResult> {
    const target: AuthTarget = { headers: {}, query: [], cookies: [] };
    const pageUrl = args[PAGE_URL];
    let url = pageUrl ?? baseUrl + buildPath(spec, args.path);
    // Null prototype: header names come from the spec and the caller; none may touch a prototype.
    const headers: Record<string, string> = Object.assign(Object.create(null), baseHeaders);
    if (spec.accept && headers.accept === undefined) headers.accept = spec.accept;
    // A page's URL carries the query its server chose.
    const query = pageUrl === undefined ? collect(spec, "query", args.query) : [];
    for (const [name, value] of Object.entries(args.header ?? {})) {
      const text = serializeParameter("header", name, value, spec.params?.header?.[name]);
      if (text !== undefined) headers[name.toLowerCase()] = text;
    }
    const cookies = collect(spec, "cookie", args.cookie);
    const media = args.contentType ?? spec.body?.mediaTypes[0] ?? "application/json";
    const body: SerializedBody = serializeBody(media, args.body, spec.body?.encoding?.[media]);
    if (body.contentType) headers["content-type"] = body.contentType;
    const alternative = spec.security && chooseAlternative(spec.security, auth);
    if (alternative && auth) {
      await applyAuth(target, alternative, auth, api.schemes ?? {}, spec.id);
      Object.assign(headers, target.headers);
      // An API key in the query is sent once: a page's URL may carry it already.
      for (const item of target.query)
        if (pageUrl === undefined || !hasQueryItem(url, item)) query.push(item);
      cookies.push(...target.cookies);
    }
    if (cookies.length > 0)
      headers.cookie = headers.cookie ? `${headers.cookie}; ${cookies.join("; ")}` : cookies.join("; ");
    if (query.length > 0) url += (url.includes("?") ? "&" : "?") + query.join("&");
    if (args.headers) headerRecord(args.headers, headers);

    const policy = args.retry === undefined ? clientPolicy : retryPolicy(args.retry, clientPolicy);
    const canRetry = policy.limit > 0 && policy.methods.has(spec.method) && body.replayable;
    const timeoutMs = args.timeoutMs ?? options.timeoutMs;
    const parseAs = args.parseAs ?? "auto";
    const init: RequestInit & { duplex?: "half" } = {
      method: spec.method.toUpperCase(),
      headers,
      body: body.body,
    };
    if (!body.replayable) init.duplex = "half"; // Node's fetch requires it for stream bodies.

    for (let attempt = 0; ; attempt++) {
      const mayRetry = canRetry && attempt < policy.limit;
      const guard = timeoutMs ? new TimeoutGuard(timeoutMs, args.signal) : undefined;
      init.signal = guard ? guard.signal : args.signal;
      let response: Response;
      try {
        response =
          middleware.length > 0
            ? await sendThroughMiddleware(middleware, fetchImpl, url, init, spec, attempt)
            : await fetchImpl(url, init);
      } catch (error) {
        guard?.clear();
        if (guard?.timedOut) throw new TimeoutError(spec.id, timeoutMs as number);
        if (args.signal?.aborted || !mayRetry || !policy.networkErrors) throw error;
        await sleep(backoffDelay(policy, attempt), args.signal);
        continue;
      }
      if (mayRetry) {
        const delay = delayForResponse(policy, response, attempt);
        if (delay !== undefined) {
          guard?.clear();
          await response.body?.cancel();
          await sleep(delay, args.signal);
          continue;
        }
      }
      if (parseAs === "stream") guard?.clear();
      let parsed: unknown;
      try {
        parsed = await parseResponseBody(response, parseAs, spec.method);
      } catch (error) {
        if (guard?.timedOut) throw new TimeoutError(spec.id, timeoutMs as number);
        throw error;
      } finally {
        guard?.clear();
      }
      if (options.validateResponses) validateResponse(spec, response, parsed, api.validators);
      // A status the spec does not declare is never `ok`, 2xx included: its body has no known shape.
      if (isUndeclared(spec, response.status)) {
        if (options.throwOnError) throw new ApiError(spec.id, response, parsed, true);
        return {
          ok: false,
          status: response.status,
          data: undefined,
          error: parsed,
          undeclared: true,
          response,
        };
      }
      if (response.ok) return { ok: true, status: response.status, data: parsed, error: undefined, response };
      if (options.throwOnError) throw new ApiError(spec.id, response, parsed);
      return { ok: false, status: response.status, data: undefined, error: parsed, response };
    }
  };
}

/** Whether `url`'s query has the parameter of `item` (`name=value`, as serialized). */
function hasQueryItem(url: string, item: string): boolean {
  const equals = item.indexOf("=");
  const name = equals < 0 ? item : item.slice(0, equals);
  const at = url.indexOf("?");
  if (at < 0) return false;
  const search = url.slice(at + 1).split("#")[0] ?? "";
  return search.split("&").some((pair) => pair === name || pair.startsWith(`${name}=`));
}

function buildPath(spec: OperationSpec, values: Record<string, unknown> | undefined): string {
  let out = "";
  for (const part of pathParts(spec)) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const text = serializeParameter("path", part.name, values?.[part.name], spec.params?.path?.[part.name]);
    if (text === undefined) throw new TypeError(`${spec.id}: missing path parameter "${part.name}"`);
    out += text;
  }
  return out;
}

function collect(
  spec: OperationSpec,
  location: ParameterLocation,
  values: Record<string, unknown> | undefined,
): string[] {
  const out: string[] = [];
  if (!values) return out;
  const encodings = spec.params?.[location];
  for (const name in values) {
    const text = serializeParameter(location, name, values[name], encodings?.[name]);
    if (text) out.push(text);
  }
  return out;
}

async function sendThroughMiddleware(
  middleware: Middleware[],
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  spec: OperationSpec,
  attempt: number,
): Promise<Response> {
  const base = { operationId: spec.id, method: spec.method, path: spec.path, attempt };
  let request = new Request(url, init);
  let response: Response | undefined;
  for (const m of middleware) {
    const out = await m.onRequest?.({ ...base, request });
    if (out instanceof Response) {
      response = out;
      break;
    }
    if (out instanceof Request) request = out;
  }
  if (!response) {
    try {
      response = await fetchImpl(request);
    } catch (error) {
      let failure: unknown = error;
      for (const m of middleware) {
        const out = await m.onError?.({ ...base, request, error: failure });
        if (out instanceof Response) {
          response = out;
          break;
        }
        if (out instanceof Error) failure = out;
      }
      if (!response) throw failure;
    }
  }
  // Response hooks run innermost first, like nested handlers.
  for (let i = middleware.length - 1; i >= 0; i--) {
    const current: Response = response;
    const out = await middleware[i]?.onResponse?.({ ...base, request, response: current });
    if (out instanceof Response) response = out;
  }
  return response;
}

/** One attempt's timeout, chained to the caller's signal so that either one aborts the request. */
class TimeoutGuard {
  readonly signal: AbortSignal;
  timedOut = false;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onOuterAbort?: () => void;
  constructor(
    ms: number,
    private readonly outer?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
    }, ms);
    if (outer) {
      if (outer.aborted) this.controller.abort(outer.reason);
      else {
        this.onOuterAbort = () => this.controller.abort(outer.reason);
        outer.addEventListener("abort", this.onOuterAbort, { once: true });
      }
    }
  }
  clear(): void {
    clearTimeout(this.timer);
    if (this.onOuterAbort) this.outer?.removeEventListener("abort", this.onOuterAbort);
  }
}

export type { RetryPolicy };

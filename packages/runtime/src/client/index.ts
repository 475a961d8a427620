/**
 * The runtime behind generated clients. Web APIs only (fetch, AbortController, TextEncoder, FormData,
 * Blob): runs in Node 20+, browsers, Deno, Bun and Workers.
 */
export {
  type AuthTarget,
  applyScheme,
  type BasicCredentials,
  type Credential,
  type CredentialContext,
  chooseAlternative,
} from "./auth.js";
export { clientBaseUrl } from "./base-url.js";
export { type BodyEncoding, formUrlEncoded, serializeBody } from "./body.js";
export type { ClientOptions, FetchLike, Middleware, MiddlewareContext, RawResult } from "./core.js";
export { resolveBaseUrl } from "./core.js";
export { createClientCore } from "./create.js";
export { ApiError, ResponseValidationError, TimeoutError } from "./errors.js";
export { type PageOf, type PaginateOptions, paginate, paginateItems } from "./paginate.js";
// One step of a spec-described rule, for tools that page without a client (contract verify).
export { type NextPage, nextPage, pageItems, valueAt } from "./pagination-rule.js";
export type { ParseAs } from "./parse.js";
export { parseRetryAfter, type RetryOptions } from "./retry.js";
export {
  type ParameterEncoding,
  type ParameterLocation,
  type ParameterStyle,
  percentEncode,
  serializeParameter,
} from "./serialize.js";
export type {
  ApiSpec,
  BodyPath,
  HttpMethod,
  OperationSpec,
  PageInput,
  PaginationSpec,
  SecuritySchemeSpec,
  ServerSpec,
} from "./spec.js";
export type {
  Args,
  Call,
  CallOptions,
  ErrorBody,
  ErrorResult,
  ItemOf,
  ItemsAt,
  MethodsOf,
  Paged,
  ParsedBody,
  RequestBodyFor,
  RequestByPath,
  Result,
  StatusOf,
  SuccessResult,
  UndeclaredResult,
} from "./types.js";

/**
 * Type helpers the generated client builds on. They read openapi-typescript's operation objects
 * (`paths["/x"]["get"]`) directly and are only evaluated where a method is called, which keeps the
 * type-check cost of a large client close to that of its `types.ts` alone.
 */
import type { ParseAs } from "./parse.js";
import type { RetryOptions } from "./retry.js";
import type { HttpMethod } from "./spec.js";

/** Options every call accepts besides the operation's parameters and body. */
export interface CallOptions {
  /** Extra headers for this call; they override everything else. */
  headers?: HeadersInit;
  signal?: AbortSignal;
  /** Per-attempt timeout; overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  retry?: RetryOptions | false;
}

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;
/** `2XX` → 200 | 201 | … | 299. */
type StatusRange<H extends number> = ToNumber<`${H}${Digit}${Digit}`>;

/** The status (or statuses) a response key stands for. */
export type StatusOf<K> = K extends number
  ? K
  : K extends `${infer H extends 1 | 2 | 3 | 4 | 5}${"XX" | "xx"}`
    ? StatusRange<H>
    : K extends `${infer N extends number}`
      ? N
      : number;

/** Statuses a response map declares exactly; a range key stands for the rest of its range only. */
type ExactStatuses<R> = Extract<keyof R, number> | ToNumber<Extract<keyof R, string>>;
type StatusFor<K, R> = K extends number ? K : Exclude<StatusOf<K>, ExactStatuses<R>>;

type IsSuccessKey<K> = K extends number
  ? `${K}` extends `2${string}`
    ? true
    : false
  : K extends `2${string}`
    ? true
    : false;

type JsonMedia = "application/json" | `${string}+json` | `application/json;${string}` | "text/json";
type TextMedia =
  | `text/${string}`
  | "application/xml"
  | `${string}+xml`
  | "application/yaml"
  | `${string}+yaml`;
type WildcardMedia = `${string}*${string}`;
type BinaryBody = Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | string;

/** What a response of media type `M` with schema type `T` parses to. */
export type ParsedBody<M, T, P extends ParseAs> = P extends "stream"
  ? ReadableStream<Uint8Array> | null
  : P extends "blob"
    ? Blob
    : P extends "text"
      ? string
      : P extends "arrayBuffer"
        ? ArrayBuffer
        : P extends "json"
          ? T
          : M extends JsonMedia
            ? T
            : M extends TextMedia
              ? string
              : M extends WildcardMedia
                ? T | string | Blob
                : Blob;

type Content<R> = R extends { content: infer C } ? C : never;
type DataOf<R, P extends ParseAs> = [Content<R>] extends [never]
  ? undefined
  : { [M in keyof Content<R>]: ParsedBody<M, Content<R>[M], P> }[keyof Content<R>];

type Responses<Op> = Op extends { responses: infer R } ? R : Record<never, never>;
type SuccessKeys<R> = { [K in keyof R]-?: IsSuccessKey<K> extends true ? K : never }[keyof R];
/** With no 2xx response declared, `default` describes successes too (it always describes errors). */
type OkKeys<R> = [SuccessKeys<R>] extends [never] ? "default" & keyof R : SuccessKeys<R>;
type ErrorKeys<R> = Exclude<keyof R, SuccessKeys<R>>;

export type SuccessResult<Op, P extends ParseAs = "auto"> = {
  [K in OkKeys<Responses<Op>>]: {
    ok: true;
    status: StatusFor<K, Responses<Op>>;
    data: DataOf<Responses<Op>[K], P>;
    error?: undefined;
    undeclared?: undefined;
    response: Response;
  };
}[OkKeys<Responses<Op>>];

export type ErrorResult<Op> = {
  [K in ErrorKeys<Responses<Op>>]: {
    ok: false;
    status: StatusFor<K, Responses<Op>>;
    data?: undefined;
    error: DataOf<Responses<Op>[K], "auto">;
    undeclared?: undefined;
    response: Response;
  };
}[ErrorKeys<Responses<Op>>];

/** Every status an HTTP response can have (fetch gives 200-599; 1xx never reaches a caller). */
type AnyStatus = StatusRange<1 | 2 | 3 | 4 | 5>;
/** Statuses no response of the operation covers (none when it declares `default`). */
type UndeclaredStatus<R> = Exclude<AnyStatus, { [K in keyof R]-?: StatusOf<K> }[keyof R]>;

/**
 * An answer with a status the spec does not declare (a 500 where only 200 is declared, or even an
 * undeclared 2xx): never `ok`, its body is `unknown`. Its `status` excludes the declared ones, so
 * `r.status === 404` still narrows to the declared 404 result.
 */
export type UndeclaredResult<Op> = [UndeclaredStatus<Responses<Op>>] extends [never]
  ? never
  : {
      ok: false;
      status: UndeclaredStatus<Responses<Op>>;
      data?: undefined;
      error: unknown;
      undeclared: true;
      response: Response;
    };

type Untyped = { ok: boolean; status: number; data?: unknown; error?: unknown; response: Response };

/**
 * `{ ok, status, data, error, response }`, discriminated by `ok` and by `status`. `data` is only
 * reachable after narrowing (`if (r.ok)`, `r.status === 200`): an answer the spec does not
 * declare is an `UndeclaredResult` (`ok: false`, `undeclared: true`).
 */
export type Result<Op, P extends ParseAs = "auto"> = [keyof Responses<Op>] extends [never]
  ? Untyped
  : SuccessResult<Op, P> | ErrorResult<Op> | UndeclaredResult<Op>;

/** The parsed error body of an operation (what `ApiError.body` holds in `throwOnError` mode). */
export type ErrorBody<Op> = ErrorResult<Op>["error"];

type Params<Op> = Op extends { parameters: infer P } ? P : unknown;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/** The media type a caller may leave implicit: the only one, or `application/json` among several. */
type DefaultMedia<C> =
  true extends IsUnion<keyof C> ? ("application/json" extends keyof C ? "application/json" : never) : keyof C;

type WithBlob<V> = V extends string ? V | Blob : V extends readonly (infer I)[] ? (I | Blob)[] : V;
type MultipartBody<T> = T extends object ? { [K in keyof T]: WithBlob<T[K]> } : T;

export type RequestBodyFor<M, T> = M extends "multipart/form-data"
  ? MultipartBody<T> | FormData
  : M extends "application/x-www-form-urlencoded"
    ? T | URLSearchParams
    : M extends JsonMedia | WildcardMedia
      ? T
      : M extends TextMedia
        ? string
        : T | BinaryBody;

type BodyChoice<C> = {
  [M in keyof C]: (M extends DefaultMedia<C> ? { contentType?: M } : { contentType: M }) & {
    body: RequestBodyFor<M, C[M]>;
  };
}[keyof C];

type RequestBody<Op> = Op extends { requestBody?: infer B } ? NonNullable<B> : never;
type BodyArgs<Op> = [RequestBody<Op>] extends [never]
  ? { body?: never; contentType?: never }
  : RequestBody<Op> extends { content: infer C }
    ? Op extends { requestBody: unknown }
      ? BodyChoice<C>
      : BodyChoice<C> | { body?: undefined; contentType?: never }
    : { body?: unknown; contentType?: string };

/** Everything one call of operation `Op` takes: its parameters by location, its body, call options. */
export type Args<Op> = Params<Op> & BodyArgs<Op> & CallOptions;

type ArgList<A> = Record<never, never> extends A ? [args?: A] : [args: A];

type Outcome<Op, P extends ParseAs, Throw> = Promise<
  Throw extends true ? SuccessResult<Op, P> : Result<Op, P>
>;

/** One operation's method. Pass `parseAs` to read the body another way (e.g. as a stream). */
export interface Call<Op, Throw extends boolean = false> {
  <P extends Exclude<ParseAs, "auto">>(args: Args<Op> & { parseAs: P }): Outcome<Op, P, Throw>;
  (...args: ArgList<Args<Op> & { parseAs?: "auto" }>): Outcome<Op, "auto", Throw>;
}

/** Brands the methods `paginateItems` takes; never a value (a client method has no such property). */
export declare const pageItem: unique symbol;
/**
 * A method whose spec says where its pages' items are (x-speakeasy-pagination or
 * x-fern-pagination `results`): `paginateItems(method)` yields `Item`s.
 */
export interface Paged<Item> {
  readonly [pageItem]: Item;
}
/** What `paginateItems` yields for method `M`. */
export type ItemOf<M> = M extends Paged<infer Item> ? Item : never;

type StepInto<T, K> = T extends unknown
  ? K extends number
    ? T extends readonly (infer I)[]
      ? I
      : undefined
    : K extends keyof T
      ? T[K]
      : undefined
  : never;
type ValueAt<T, Path> = Path extends readonly [infer Head, ...infer Rest]
  ? ValueAt<StepInto<NonNullable<T>, Head>, Rest>
  : T;
/** The item type of operation `Op`'s success body at `Path` (a `results` path). */
export type ItemsAt<Op, Path> =
  NonNullable<ValueAt<SuccessResult<Op>["data"], Path>> extends readonly (infer I)[] ? I : unknown;

type Operation<Item, M> = M extends keyof Item ? NonNullable<Item[M]> : never;
/** Methods a path item really has (openapi-typescript marks the others `?: never`). */
export type MethodsOf<Item> = {
  [M in HttpMethod & keyof Item]-?: [NonNullable<Item[M]>] extends [never] ? never : M;
}[HttpMethod & keyof Item];

/** `client.request("get", "/pets/{petId}", { path: { petId: 1 } })`, typed from `paths`. */
export type RequestByPath<Paths, Throw extends boolean = false> = <
  Path extends keyof Paths,
  M extends MethodsOf<Paths[Path]>,
>(
  method: M,
  path: Path,
  ...args: ArgList<Args<Operation<Paths[Path], M>> & { parseAs?: ParseAs }>
) => Outcome<Operation<Paths[Path], M>, "auto", Throw>;

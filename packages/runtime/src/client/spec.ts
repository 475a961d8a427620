/**
 * Runtime description of an API that the generated `client.ts` passes to `createClientCore`: only
 * what serialization, auth, `Accept` and validation need, with location defaults left out.
 */
import type { ValidatorLookup } from "../validation/index.js";
import type { BodyEncoding } from "./body.js";
import type { ParameterEncoding, ParameterLocation } from "./serialize.js";

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

export interface OperationSpec {
  /** operationId, or the id derived from method and path: names the operation in errors and validator keys. */
  id: string;
  method: HttpMethod;
  /** Path template as in the spec, e.g. `/pets/{petId}`. */
  path: string;
  /** Parameters whose serialization differs from their location's default. */
  params?: Partial<Record<ParameterLocation, Record<string, ParameterEncoding>>>;
  /** Request body media types, the default first, with their encoding objects. */
  body?: { mediaTypes: string[]; encoding?: Record<string, BodyEncoding> };
  /** `Accept` header built from the response media types. */
  accept?: string;
  /** Declared responses: status as written (`200`, `2XX`, `default`) → media types. */
  responses?: Record<string, string[]>;
  /** Security alternatives, each a list of scheme names required together; `[]` = anonymous allowed. */
  security?: string[][];
  /** How `paginate` reaches the next page, as the spec describes it (x-speakeasy-pagination, x-fern-pagination). */
  pagination?: PaginationSpec;
}

/** Where the next call puts a value: one of the operation's parameters, or a path into its JSON body. */
export type PageInput =
  | { in: "query" | "header" | "path" | "cookie"; name: string }
  | { in: "body"; path: string[] };

/** A path into a response's JSON body: property names and array indexes (negative counts from the end). */
export type BodyPath = ReadonlyArray<string | number>;

/**
 * `cursor`: the next call sets `cursor` to the response's `nextCursor`. `offset`: the next call moves
 * `offset` on by one page, or by the items read (`unit: "item"`); `start` is what a call without
 * it stands for. `url`: the response gives the next page's URL. Each ends where the response says
 * there is nothing more (no cursor or URL, `hasMore` false, the last of `numPages`, an empty or
 * short `results`).
 */
export type PaginationSpec =
  | { type: "cursor"; cursor: PageInput; nextCursor: BodyPath; results?: BodyPath; hasMore?: BodyPath }
  | {
      type: "offset";
      offset: PageInput;
      unit: "page" | "item";
      start: number;
      limit?: PageInput;
      limitDefault?: number;
      results?: BodyPath;
      numPages?: BodyPath;
      hasMore?: BodyPath;
    }
  | { type: "url"; nextUrl: BodyPath; results?: BodyPath };

export interface SecuritySchemeSpec {
  type: "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** For `http`: `bearer`, `basic`... (lower case). */
  scheme?: string;
  in?: "query" | "header" | "cookie";
  /** For `apiKey`: the header, query or cookie name. */
  name?: string;
}

export interface ServerSpec {
  url: string;
  /** Variable name → default value. */
  variables?: Record<string, string>;
}

export interface ApiSpec {
  operations: Record<string, OperationSpec>;
  /** Group name → method names, when methods are grouped by tag. */
  groups?: Record<string, string[]>;
  schemes?: Record<string, SecuritySchemeSpec>;
  servers?: ServerSpec[];
  /** Generated validators, when the validators generator is enabled. */
  validators?: ValidatorLookup;
}

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
}

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

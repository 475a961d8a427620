/**
 * The normalized intermediate representation every generator walks.
 *
 * An HTTP operation (pull: the consumer sends it) and a webhook (push: the provider sends it) are
 * the same shape here, told apart by `kind`. Schemas are kept as JSON Schema 2020-12 exactly as in
 * the bundled document (`$ref`s intact) together with their JSON pointer, so the types generator
 * and the validators generator name the same thing the same way.
 */
import type { JsonSchema, OpenApiDocument } from "./openapi.js";

/** The HTTP methods an OpenAPI path item can hold, in the order the specification lists them. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type ParameterLocation = "path" | "query" | "header" | "cookie";
export const PARAMETER_LOCATIONS: readonly ParameterLocation[] = ["path", "query", "header", "cookie"];

export type ParameterStyle =
  | "matrix"
  | "label"
  | "simple"
  | "form"
  | "spaceDelimited"
  | "pipeDelimited"
  | "deepObject"
  | "cookie";

export interface IRMediaType {
  /** e.g. `application/json`, `multipart/form-data`, `application/vnd.x+json`. */
  mediaType: string;
  schema?: JsonSchema;
  /** Pointer to `schema` in the bundled document (absent when there is no schema). */
  schemaPointer?: string;
  /** Encoding object of form/multipart bodies, by property name. */
  encoding?: Record<string, IREncoding>;
  pointer: string;
}

export interface IREncoding {
  contentType?: string;
  style?: ParameterStyle;
  explode?: boolean;
  allowReserved?: boolean;
  headers?: IRParameter[];
}

export interface IRParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  deprecated: boolean;
  description?: string;
  /** Effective style and explode, with the specification's defaults applied. */
  style: ParameterStyle;
  explode: boolean;
  allowReserved: boolean;
  schema?: JsonSchema;
  schemaPointer?: string;
  /** Parameters described with `content` instead of `schema` (serialized as one media type). */
  content?: IRMediaType;
  /** Pointer to the parameter object after `$ref` resolution. */
  pointer: string;
}

export interface IRRequestBody {
  required: boolean;
  description?: string;
  content: IRMediaType[];
  pointer: string;
}

export interface IRResponse {
  /** `200`, `2XX` or `default`, as written in the spec. */
  status: string;
  description?: string;
  headers: IRParameter[];
  content: IRMediaType[];
  pointer: string;
}

/** One alternative of a security requirement list: scheme name → scopes, all of them required together. */
export type IRSecurityRequirement = Record<string, string[]>;

export interface IROperationBase {
  /** Stable, unique identifier: the operationId when present, otherwise derived from method and path/name. */
  id: string;
  operationId?: string;
  method: HttpMethod;
  summary?: string;
  description?: string;
  deprecated: boolean;
  tags: string[];
  parameters: Record<ParameterLocation, IRParameter[]>;
  requestBody?: IRRequestBody;
  responses: IRResponse[];
  /** Effective security: the operation's own list, or the document's; `[]` means none; `{}` inside means optional. */
  security: IRSecurityRequirement[];
  /** Pointer to the operation object. */
  pointer: string;
}

export interface IRHttpOperation extends IROperationBase {
  kind: "operation";
  path: string;
}

export interface IRWebhook extends IROperationBase {
  kind: "webhook";
  /** The key under `webhooks`. */
  name: string;
}

export type IROperation = IRHttpOperation | IRWebhook;

export interface IRServer {
  url: string;
  description?: string;
  variables: Record<string, { default: string; enum?: string[]; description?: string }>;
}

export interface IRSecurityScheme {
  name: string;
  type: "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS";
  /** For `http`: the scheme, lower-cased (`bearer`, `basic`, ...). */
  scheme?: string;
  /** For `apiKey`: where and under which name. */
  in?: "query" | "header" | "cookie";
  paramName?: string;
  pointer: string;
}

export interface IRSchema {
  name: string;
  schema: JsonSchema;
  pointer: string;
}

export interface ContractIR {
  title: string;
  version: string;
  servers: IRServer[];
  securitySchemes: IRSecurityScheme[];
  operations: IRHttpOperation[];
  webhooks: IRWebhook[];
  /** `components.schemas`, in document order. */
  schemas: IRSchema[];
  /** The bundled, 3.1-shaped document the IR was built from. */
  document: OpenApiDocument;
}

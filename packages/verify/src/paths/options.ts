/** What a paths verification run may do: which operations, how many requests, how fast. */
export interface VerifyPathsOptions {
  /** Only this origin and path prefix is ever called. */
  baseUrl: string;
  /** Sent with every request (auth goes here, e.g. `Authorization: Bearer …`). */
  headers?: Record<string, string>;
  /**
   * Credentials by security scheme name (`components.securitySchemes`), sent where each operation's
   * security requirements say: an apiKey in its header, query parameter or cookie, bearer tokens in
   * `Authorization`, basic as `user:password`. An operation that requires them is also called
   * without them, and must refuse (4xx).
   */
  credentials?: Record<string, string>;
  tags?: string[];
  operations?: string[];
  paths?: string[];
  /** Seed of the synthesized requests. */
  seed?: string | number;
  /** Valid requests per operation: the first uses the spec's examples, the others are synthesized. */
  samples?: number;
  /** Stop sending after this many requests in all (the report says what was skipped). */
  maxRequests?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Answers larger than this are not read (finding `response-too-large`). Default 16 MiB. */
  maxResponseBytes?: number;
  /** At most this many requests per second. */
  rate?: number;
  /** Send requests that break the schema and expect a 4xx. Default true. */
  negative?: boolean;
  /** Follow OpenAPI `links` from successful responses. Default true. */
  links?: boolean;
  /**
   * Page through lists whose spec describes their pagination (x-speakeasy-pagination,
   * x-fern-pagination) as the generated client does, up to two pages past the first. Default true.
   */
  pagination?: boolean;
}

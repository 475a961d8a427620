/**
 * How an operation's pages follow one another, as the spec describes it in the vendor extensions
 * SDK generators read (`x-speakeasy-pagination`, `x-fern-pagination`). The generated client
 * carries it as is (a JSON literal in its operations table) and `paginate` runs it.
 */

/** Where the next call puts a value: one of the operation's parameters, or a path into its JSON body. */
export type PageInput =
  | { in: "query" | "header" | "path" | "cookie"; name: string }
  | { in: "body"; path: string[] };

/** A path into a response's JSON body: property names and array indexes (negative counts from the end). */
export type BodyPath = Array<string | number>;

/** The next call sets `cursor` to the value the response has at `nextCursor`. */
export interface CursorPagination {
  type: "cursor";
  cursor: PageInput;
  nextCursor: BodyPath;
  results?: BodyPath;
  hasMore?: BodyPath;
}

/**
 * The next call moves `offset` on: by one when it counts pages, by the number of items read when
 * it counts items. `start` is the value a first call without one stands for.
 */
export interface OffsetPagination {
  type: "offset";
  offset: PageInput;
  unit: "page" | "item";
  start: number;
  /** The page size the call asks for: a page shorter than it is the last. */
  limit?: PageInput;
  /** The page size when the call sets none (the parameter's `default`). */
  limitDefault?: number;
  results?: BodyPath;
  /** How many pages there are (pages counted from `start`). */
  numPages?: BodyPath;
  hasMore?: BodyPath;
}

/** The response gives the next page's URL. */
export interface UrlPagination {
  type: "url";
  nextUrl: BodyPath;
  results?: BodyPath;
}

export type PaginationRule = CursorPagination | OffsetPagination | UrlPagination;

/** An extension that cannot be read; the operation then has no rule (`contract check` reports it). */
export interface PaginationProblem {
  pointer: string;
  message: string;
}

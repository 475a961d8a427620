/** Errors the client throws or returns; each keeps what a caller needs to act on it. */
import { ValidationError, type ValidationIssue } from "../validation/index.js";

/** An HTTP response whose status the operation treats as an error (thrown in `throwOnError` mode). */
export class ApiError<E = unknown> extends Error {
  /** The parsed error body (JSON, text or Blob, as its media type says), typed from the spec. */
  readonly body: E;
  readonly status: number;
  readonly headers: Headers;
  readonly response: Response;
  readonly operationId: string;
  /** The status is one the spec does not declare for this operation (no exact, range or `default` response). */
  readonly undeclared: boolean;
  constructor(operationId: string, response: Response, body: E, undeclared = false) {
    super(
      `${operationId} failed with HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}` +
        (undeclared ? " (a status the spec does not declare)" : ""),
    );
    this.name = "ApiError";
    this.undeclared = undeclared;
    this.body = body;
    this.status = response.status;
    this.headers = response.headers;
    this.response = response;
    this.operationId = operationId;
  }
}

/** The per-attempt timeout (`timeoutMs`) elapsed before the response arrived. */
export class TimeoutError extends Error {
  readonly operationId: string;
  readonly timeoutMs: number;
  constructor(operationId: string, timeoutMs: number) {
    super(`${operationId} timed out after ${timeoutMs} ms`);
    this.name = "TimeoutError";
    this.operationId = operationId;
    this.timeoutMs = timeoutMs;
  }
}

/** A response that breaks the contract: undeclared status or media type, or a body its schema rejects. */
export class ResponseValidationError extends ValidationError {
  readonly operationId: string;
  readonly status: number;
  /** The response's media type (without parameters), `""` when it sent none. */
  readonly mediaType: string;
  readonly response: Response;
  /** The parsed body that failed. */
  readonly body: unknown;
  constructor(
    operationId: string,
    response: Response,
    mediaType: string,
    errors: ValidationIssue[],
    body: unknown,
  ) {
    super(`response of ${operationId} (HTTP ${response.status}${mediaType ? ` ${mediaType}` : ""})`, errors);
    this.name = "ResponseValidationError";
    this.operationId = operationId;
    this.status = response.status;
    this.mediaType = mediaType;
    this.response = response;
    this.body = body;
  }
}

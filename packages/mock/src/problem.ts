/** `application/problem+json` answers (RFC 9457) for everything the mock refuses. */

export interface RequestIssue {
  /** Where in the request: `/path/id`, `/query/limit`, `/header/x-key`, `/cookie/session`, `/body/items/0`. */
  pointer: string;
  /** Where in the spec: the parameter, request body or schema the request broke. */
  specPointer: string;
  message: string;
  keyword?: string;
}

export interface Problem {
  status: number;
  /** A stable identifier, e.g. `request-invalid`, sent as `type` (`urn:contract:mock:<code>`). */
  code: string;
  title: string;
  detail?: string;
  errors?: RequestIssue[];
  /** Extra response headers (`Allow`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

export function problemBody(problem: Problem): string {
  return JSON.stringify({
    type: `urn:contract:mock:${problem.code}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail !== undefined ? { detail: problem.detail } : {}),
    ...(problem.errors !== undefined ? { errors: problem.errors } : {}),
  });
}

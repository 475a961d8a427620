/**
 * `validateResponses`: checks a response against the contract — declared status, declared media type,
 * and the body against the generated validator for that status and media type.
 */
import type { ValidationIssue, ValidatorLookup } from "../validation/index.js";
import { ResponseValidationError } from "./errors.js";
import { essence, isJsonMedia, mediaMatches } from "./media.js";
import type { OperationSpec } from "./spec.js";

/** The status key as the spec writes it that covers `status`: exact, then `4XX`-style range, then `default`. */
export function declaredStatus(responses: Record<string, string[]>, status: number): string | undefined {
  const exact = String(status);
  if (exact in responses) return exact;
  const range = `${exact[0]}XX`;
  if (range in responses) return range;
  const lower = `${exact[0]}xx`;
  if (lower in responses) return lower;
  return "default" in responses ? "default" : undefined;
}

export function validateResponse(
  spec: OperationSpec,
  response: Response,
  body: unknown,
  lookup: ValidatorLookup | undefined,
): undefined {
  const responses = spec.responses ?? {};
  const mediaType = essence(response.headers.get("content-type"));
  const fail = (message: string, keyword: string, errors?: ValidationIssue[]): never => {
    throw new ResponseValidationError(
      spec.id,
      response,
      mediaType,
      errors ?? [{ pointer: "", message, keyword }],
      body,
    );
  };
  const status = declaredStatus(responses, response.status);
  if (status === undefined) return fail(`status ${response.status} is not declared`, "status");
  const declared = responses[status] ?? [];
  if (declared.length === 0) {
    if (body !== undefined && body !== "") fail("a body was sent where none is declared", "content");
    return undefined;
  }
  if (body === undefined) return undefined; // Empty bodies (HEAD, 204 with content declared) carry nothing to check.
  const match =
    declared.find((d) => essence(d) === mediaType) ?? declared.find((d) => mediaMatches(d, mediaType));
  if (match === undefined)
    return fail(`media type "${mediaType}" is not declared (${declared.join(", ")})`, "content");
  if (!isJsonMedia(mediaType)) return undefined; // Only parsed JSON has a schema-shaped value to validate.
  const validator = lookup?.(`response:${spec.id}:${status}:${match}`);
  if (!validator) return undefined;
  const result = validator.validate(body);
  if (!result.ok) fail("", "", result.errors);
  return undefined;
}

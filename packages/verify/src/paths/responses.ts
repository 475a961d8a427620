/**
 * Checks one answer against the operation's responses: declared status, content type, headers
 * (present when required, values valid) and the body against its schema (response direction, formats on).
 */
import type { IRHttpOperation, IRResponse } from "@contract/core";
import { isJsonMediaType, mediaRangeCovers, mediaTypeEssence } from "@contract/core";
import { checkResponseHeaders } from "./response-headers.js";
import type { SchemaValidator } from "./schema-check.js";
import type { Exchange } from "./send.js";

/** A finding before the request, operation and location are attached. */
export interface Problem {
  rule: string;
  message: string;
  instancePointer?: string;
  specPointer: string;
}

/** The response object that covers `status`: exact code, then `4XX`-style range, then `default`. */
export function declaredResponse(op: IRHttpOperation, status: number): IRResponse | undefined {
  const code = String(status);
  return (
    op.responses.find((r) => r.status === code) ??
    op.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`) ??
    op.responses.find((r) => r.status === "default")
  );
}

export function checkResponse(
  op: IRHttpOperation,
  exchange: Exchange,
  validateResponse: SchemaValidator,
  method: string,
  document: unknown,
): Problem[] {
  const problems: Problem[] = [];
  if (exchange.status >= 500) {
    problems.push({
      rule: "server-error",
      message: `the server answered ${exchange.status}`,
      specPointer: `${op.pointer}/responses`,
    });
  }
  const response = declaredResponse(op, exchange.status);
  if (!response) {
    const declared = op.responses.map((r) => r.status).join(", ");
    problems.push({
      rule: "undeclared-status",
      message: `status ${exchange.status} is not declared (declared: ${declared || "none"})`,
      specPointer: `${op.pointer}/responses`,
    });
    return problems;
  }
  problems.push(...checkResponseHeaders(response.headers, exchange.headers, document, validateResponse));
  const hasBody = exchange.text.length > 0 && method !== "HEAD";
  if (response.content.length === 0 || !hasBody) {
    if (response.content.length > 0 && !hasBody && exchange.status !== 204 && method !== "HEAD") {
      problems.push({
        rule: "missing-body",
        message: `status ${exchange.status} declares a body (${response.content.map((c) => c.mediaType).join(", ")}) but none came`,
        specPointer: `${response.pointer}/content`,
      });
    }
    return problems;
  }
  const contentType = exchange.headers.get("content-type") ?? "";
  const media = response.content.find((c) => mediaRangeCovers(c.mediaType, contentType));
  if (!media) {
    problems.push({
      rule: "wrong-content-type",
      message: `content type ${JSON.stringify(mediaTypeEssence(contentType) || "(none)")} is not declared for status ${response.status} (declared: ${response.content.map((c) => c.mediaType).join(", ")})`,
      specPointer: `${response.pointer}/content`,
    });
    return problems;
  }
  if (!isJsonMediaType(media.mediaType) || media.schemaPointer === undefined) return problems;
  let body: unknown;
  try {
    body = JSON.parse(exchange.text);
  } catch {
    problems.push({
      rule: "invalid-json",
      message: `the body is not JSON although the content type is ${mediaTypeEssence(contentType)}`,
      specPointer: media.pointer,
    });
    return problems;
  }
  for (const issue of validateResponse(media.schemaPointer, body)) {
    problems.push({
      rule: "response-schema",
      message: issue.message,
      instancePointer: issue.instancePointer,
      specPointer: issue.specPointer,
    });
  }
  return problems;
}

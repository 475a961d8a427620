/**
 * The headers of one answer against its response object: every required header present, and every
 * declared header that came read by its `style`/`explode` and typed by its schema exactly as the
 * mock reads parameters (core's `readParameter`), then checked against that schema. A header
 * needs no schema to be required.
 */
import { type IRParameter, isIgnoredResponseHeader, readParameter } from "@contract/core";
import type { Problem } from "./responses.js";
import type { SchemaValidator } from "./schema-check.js";

export function checkResponseHeaders(
  declared: readonly IRParameter[],
  received: Headers,
  document: unknown,
  validateResponse: SchemaValidator,
): Problem[] {
  const problems: Problem[] = [];
  for (const header of declared) {
    if (isIgnoredResponseHeader(header.name)) continue;
    const text = received.get(header.name);
    if (text === null) {
      if (header.required)
        problems.push({
          rule: "missing-response-header",
          message: `required response header ${header.name} is missing`,
          specPointer: header.pointer,
        });
      continue;
    }
    const schemaPointer = header.schemaPointer ?? header.content?.schemaPointer;
    if (schemaPointer === undefined) continue;
    const parts = { path: {}, query: [], headers: { [header.name.toLowerCase()]: text }, cookies: {} };
    const value = readParameter(header, parts, document);
    // One finding per header: the first failing keyword says enough to find the rule.
    const issue = validateResponse(schemaPointer, value)[0];
    if (issue === undefined) continue;
    problems.push({
      rule: "invalid-response-header",
      message: `response header ${header.name}: ${JSON.stringify(text)} ${issue.message}`,
      specPointer: issue.specPointer,
    });
  }
  return problems;
}

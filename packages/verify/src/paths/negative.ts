/**
 * Requests the spec makes invalid, built by mutating a valid one: a required query/header/cookie
 * parameter left out, a number/integer/boolean parameter sent as other text, a required body property
 * left out, a body property of the wrong JSON type.
 * A body mutation is kept only when the request validator confirms the spec rejects it.
 */
import {
  coerce,
  getAtPointer,
  type IRHttpOperation,
  type IRParameter,
  isJsonMediaType,
} from "@contract/core";
import type { PlannedRequest } from "./request.js";
import type { SchemaValidator } from "./schema-check.js";

export interface InvalidRequest {
  /** What was broken, for the finding's message. */
  description: string;
  params: PlannedRequest["params"];
  bodyValue: unknown;
  /** Where the rule that makes it invalid is written. */
  specPointer: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export function invalidRequests(
  op: IRHttpOperation,
  valid: PlannedRequest,
  document: unknown,
  validateRequest: SchemaValidator,
  /** Lower-cased names of headers the user sends with every request: leaving those out is impossible. */
  fixedHeaders: ReadonlySet<string> = new Set(),
): InvalidRequest[] {
  const out: InvalidRequest[] = [];
  for (const where of ["query", "header", "cookie"] as const) {
    for (const p of op.parameters[where]) {
      if (!p.required || valid.params[where][p.name] === undefined) continue;
      if (where === "header" && fixedHeaders.has(p.name.toLowerCase())) continue;
      const params = structuredClone(valid.params);
      delete params[where][p.name];
      out.push({
        description: `required ${where} parameter ${p.name} left out`,
        params,
        bodyValue: valid.bodyValue,
        specPointer: `${p.pointer}/required`,
      });
    }
  }
  for (const where of ["path", "query", "header", "cookie"] as const) {
    for (const p of op.parameters[where]) {
      if (where === "header" && fixedHeaders.has(p.name.toLowerCase())) continue;
      const rejected = wrongTypeParameter(p, valid.params[where][p.name], document, validateRequest);
      if (!rejected) continue;
      const params = structuredClone(valid.params);
      params[where][p.name] = WRONG_TYPE_TEXT;
      out.push({
        description: `${where} parameter ${p.name} sent as ${JSON.stringify(WRONG_TYPE_TEXT)} (wrong type)`,
        params,
        bodyValue: valid.bodyValue,
        specPointer: rejected,
      });
    }
  }
  const schemaPointer = valid.media?.schemaPointer;
  if (schemaPointer === undefined || !isObject(valid.bodyValue)) return out;
  // Form and multipart fields are text on the wire: a "wrong type" there is often just another valid text.
  const typed = isJsonMediaType(valid.media?.mediaType ?? "");
  const body = valid.bodyValue;
  const invalid = (value: unknown) => validateRequest(schemaPointer, value).length > 0;
  for (const name of Object.keys(body)) {
    const without = { ...body };
    delete without[name];
    if (invalid(without)) {
      out.push({
        description: `required body property ${JSON.stringify(name)} left out`,
        params: valid.params,
        bodyValue: without,
        specPointer: validateRequest(schemaPointer, without)[0]?.specPointer ?? schemaPointer,
      });
      break;
    }
  }
  for (const [name, value] of typed ? Object.entries(body) : []) {
    const wrong = wrongType(value);
    const mutated = { ...body, [name]: wrong };
    if (invalid(mutated)) {
      out.push({
        description: `body property ${JSON.stringify(name)} sent as ${JSON.stringify(wrong)} (wrong type)`,
        params: valid.params,
        bodyValue: mutated,
        specPointer: validateRequest(schemaPointer, mutated)[0]?.specPointer ?? schemaPointer,
      });
      break;
    }
  }
  // The whole body replaced by a value of another JSON type (an array for an object).
  if (typed && invalid([]) && getAtPointer(document, schemaPointer) !== undefined) {
    out.push({
      description: "body sent as [] instead of an object",
      params: valid.params,
      bodyValue: [],
      specPointer: schemaPointer,
    });
  }
  return out;
}

/** Text no number, integer or boolean reads as. */
const WRONG_TYPE_TEXT = "not-a-number";

/**
 * For a number, integer or boolean parameter: the pointer to the rule that rejects it when sent as
 * text of another type, read back as a server reads it (core's `coerce`). Undefined when the
 * parameter is text anyway (any text may be valid there) or the spec would accept the text.
 */
function wrongTypeParameter(
  p: IRParameter,
  value: unknown,
  document: unknown,
  validateRequest: SchemaValidator,
): string | undefined {
  if (typeof value !== "number" && typeof value !== "boolean") return undefined;
  if (p.schemaPointer === undefined) return undefined;
  const received = coerce(WRONG_TYPE_TEXT, p.schema, document);
  return validateRequest(p.schemaPointer, received)[0]?.specPointer;
}

/** A value of another JSON type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number" || typeof value === "boolean") return "not-a-number";
  if (Array.isArray(value)) return "not-an-array";
  if (isObject(value)) return "not-an-object";
  return { unexpected: true };
}
